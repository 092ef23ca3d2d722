"""Articles and announcements for tests, made through the services as staff would."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from django.core.files.base import ContentFile
from PIL import Image

from parvis.news.models import Announcement, Article
from parvis.news.services import (
    announcement_publish,
    announcement_save,
    article_publish,
    article_save,
    article_submit,
)


def png_bytes(
    size: tuple[int, int] = (120, 50), colour: tuple[int, int, int] = (30, 120, 200)
) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def make_article(
    slug: str = "new-library",
    *,
    actor: Any = None,
    publish: bool = True,
    tags: list | None = None,
    image: bytes | None = None,
    now: datetime | None = None,
    **fields: Any,
) -> Article:
    fields.setdefault("title", slug.replace("-", " ").capitalize())
    fields.setdefault("lead", f"The lead of {slug}.")
    fields.setdefault("body", f"The **text** of {slug}.")
    article = Article(slug=slug, **fields)
    if image is not None:
        article.image.save(f"{slug}.png", ContentFile(image), save=False)
        article.image_alt = article.image_alt or f"Picture of {slug}"
    article = article_save(article=article, actor=actor, tags=tags)
    if publish:
        article_submit(article=article, actor=actor)
        article_publish(article=article, actor=actor, now=now)
    return article


def make_announcement(
    text: str = "A new holiday cottage opened by the river.",
    *,
    actor: Any = None,
    publish: bool = True,
    tags: list | None = None,
    image: bytes | None = None,
    now: datetime | None = None,
    **fields: Any,
) -> Announcement:
    announcement = Announcement(text=text, **fields)
    if image is not None:
        announcement.image.save("announcement.png", ContentFile(image), save=False)
        announcement.image_alt = announcement.image_alt or "A picture"
    announcement = announcement_save(announcement=announcement, actor=actor, tags=tags)
    if publish:
        announcement_publish(announcement=announcement, actor=actor, now=now)
    return announcement
