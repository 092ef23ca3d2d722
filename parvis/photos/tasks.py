"""The worker's part: making a photo's served files."""

from __future__ import annotations

from django_tasks import task

from parvis.photos.services import photo_process


@task()
def process_photo(photo_id: int) -> str:
    """Make the renditions and the clean original of photo `photo_id`; its status after."""
    return photo_process(photo_id=photo_id)
