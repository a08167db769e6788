from celery import shared_task

from users import services


@shared_task
def expire_invite_slips() -> int:
    return services.invite_slips_expire()
