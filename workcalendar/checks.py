from django.core.checks import Tags, Warning, register
from django.utils import timezone


@register(Tags.database)
def holiday_schedule_entered(app_configs=None, databases=None, **kwargs):
    """Runs with `manage.py check --database default` and before every migrate."""
    if not databases:
        return []
    from workcalendar.schedule import missing_years

    return [
        Warning(
            f"No holiday schedule for {year}: working-day deadlines in {year} are counted Monday to "
            "Friday and miss the Spring Festival and other holidays.",
            hint="Enter the State Council's schedule in the staff admin (节假日安排), or run "
            "`manage.py load_holidays` after upgrading chinesecalendar.",
            id="workcalendar.W001",
        )
        for year in missing_years(timezone.localdate())
    ]
