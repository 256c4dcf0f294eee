from django_tasks import task

from outbox import services


@task()
def deliver_mail(mail_id: int) -> str:
    return services.deliver(mail_id)


@task()
def deliver_due_mail() -> int:
    return services.deliver_due()
