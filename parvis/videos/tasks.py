"""The worker's part of the video library (`services.video_process`): never in a request."""

from __future__ import annotations

from django_tasks import task

from parvis.videos.services import video_process


@task()
def process_video(video_id: int) -> str:
    """Read an uploaded video's duration, or resolve a referenced one; the status after."""
    return video_process(video_id=video_id)
