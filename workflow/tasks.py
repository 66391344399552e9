from celery import shared_task

from workflow.services import revisions_publish_scheduled


@shared_task
def publish_scheduled_revisions() -> int:
    return revisions_publish_scheduled()
