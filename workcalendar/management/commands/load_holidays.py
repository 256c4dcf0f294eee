from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from workcalendar import loading
from workcalendar.models import HolidayDay, HolidayYear


class Command(BaseCommand):
    help = "Add the holiday schedules chinesecalendar knows and the table does not have yet."

    def add_arguments(self, parser):
        parser.add_argument("years", nargs="*", type=int, help="only these years")
        parser.add_argument(
            "--replace", action="store_true", help="overwrite years already entered (the office's edits too)"
        )

    def handle(self, *args, years, replace, **options):
        unknown = sorted(set(years) - set(loading.known_years()))
        if unknown:
            raise CommandError(
                f"chinesecalendar has no schedule for {', '.join(map(str, unknown))}; enter it in the admin."
            )
        with transaction.atomic():
            written = loading.load(HolidayYear, HolidayDay, years=years or None, replace=replace)
        self.stdout.write(f"holiday schedules written: {', '.join(map(str, written)) or 'none'}")
