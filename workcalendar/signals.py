from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from workcalendar.models import HolidayDay, HolidayYear
from workcalendar.schedule import clear_cache


@receiver([post_save, post_delete], sender=HolidayYear)
@receiver([post_save, post_delete], sender=HolidayDay)
def schedule_changed(**kwargs):
    clear_cache()
