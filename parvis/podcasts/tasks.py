"""The worker's jobs: reading an uploaded episode's audio, announcing scheduled episodes."""

from __future__ import annotations

from django_tasks import task

from parvis.podcasts import services


@task()
def process_episode(episode_id: int) -> str:
    """Read episode `episode_id`'s audio (format, duration); its processing status after."""
    return services.episode_process(episode_id=episode_id)


@task()
def announce_due_episodes() -> int:
    """Tell followers about the episodes whose scheduled time has come; how many."""
    return services.episodes_announce_due()
