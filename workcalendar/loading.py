"""Filling the schedule from the chinesecalendar package: the data migration seeds every year it
knows, and `manage.py load_holidays` adds the years a newer release brings. A year already in the
table is left as the credit office entered it unless asked to replace it."""

import chinese_calendar
from chinese_calendar import constants

NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def known_years() -> list[int]:
    return sorted({day.year for day in constants.holidays} | {day.year for day in constants.workdays})


def load(HolidayYear, HolidayDay, *, years=None, replace=False) -> list[int]:
    """Returns the years written. Model classes are passed in so a data migration can use its
    historical models."""
    version = getattr(chinese_calendar, "__version__", "")
    source = f"chinesecalendar {version}".strip()
    written = []
    for year in years or known_years():
        exists = HolidayYear.objects.filter(year=year).exists()
        if exists and not replace:
            continue
        HolidayDay.objects.filter(year_id=year).delete()
        HolidayYear.objects.update_or_create(year=year, defaults={"source": source})
        days = [
            HolidayDay(year_id=year, date=day, kind="off", name=NAMES.get(str(name), str(name)))
            for day, name in constants.holidays.items()
            if day.year == year
        ] + [
            HolidayDay(year_id=year, date=day, kind="work", name=NAMES.get(str(name), str(name)))
            for day, name in constants.workdays.items()
            if day.year == year
        ]
        HolidayDay.objects.bulk_create(days)
        written.append(year)
    return written
