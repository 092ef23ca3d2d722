from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from tests.sampleapp.models import Notice


@task(queue_name="maintenance")
def forget_old_notices() -> int:
    """Notices are pinned for a year."""
    deleted, _ = Notice.objects.filter(created_at__lt=timezone.now() - timedelta(days=365)).delete()
    return deleted
