"""The demo town's news, announcements, comments and word list, written through the services.

Called by `services.demo_town_build` inside its transaction. Everything is looked up by its
natural key (a tag's or article's slug, an announcement's text, a comment's target, author,
text and parent) and written through the owning app's services only when it is missing or
different, so a second run writes no row, no file and no audit entry.

Once created, an item's workflow is the town's: the demo never moves a status or a date
back (a scheduled article that the periodic job has published stays published; a comment
a moderator approved stays approved). Dates are relative to the moment an item is created.

Notifications: publishing through the services records one `Notification` per item, but
enqueues its fan-out only when someone follows what it is filed under. The build publishes
before it makes the demo residents follow their spaces, so a first build on an empty
database enqueues nothing, and a second run publishes nothing.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import models

from parvis.accounts.models import User
from parvis.comments.models import Comment
from parvis.comments.pages import comments_changed
from parvis.comments.services import comment_create, comment_flag
from parvis.demo import bulletins, conversations, stories
from parvis.demo.covers import NEWS_DRAWING_VERSION, news_image, news_image_alt
from parvis.demo.timeline import Moment, moment_date
from parvis.moderation.models import FlagReason, WordListEntry
from parvis.moderation.services import word_list_entry_save
from parvis.news.models import Announcement, Article, IllustratedMixin
from parvis.news.services import (
    announcement_publish,
    announcement_save,
    article_publish,
    article_save,
    article_schedule,
    article_submit,
)
from parvis.search.indexing import index_objects
from parvis.search.registry import searchable_type_for
from parvis.spaces.models import Space, SpacePage
from parvis.tags.models import Tag
from parvis.tags.services import tag_save

IMAGE_DIRECTORY = "news/images"


@dataclass
class Newsroom:
    """What the build knows while it writes: the accounts and spaces, by natural key."""

    accounts: dict[str, User]  # by e-mail local part
    spaces: dict[str, Space]  # by slug
    author: User  # the communication officer, who writes the news
    now: datetime
    created: Counter[str]
    updated: Counter[str]


# --- tags and word list ----------------------------------------------------------------------


def tags_ensure(*, room: Newsroom) -> dict[str, Tag]:
    existing = {tag.slug: tag for tag in Tag.objects.filter(slug__in=[s for s, _ in stories.TAGS])}
    for slug, name in stories.TAGS:
        tag = existing.get(slug)
        if tag is None:
            existing[slug] = tag_save(tag=Tag(slug=slug, name=name), actor=None)
            room.created["tag"] += 1
        elif tag.name != name:
            tag.name = name
            tag_save(tag=tag, actor=None)
            room.updated["tag"] += 1
    return existing


def word_list_ensure(*, room: Newsroom) -> None:
    """Add the demo's expressions to the word list (it never removes the town's own)."""
    existing = set(WordListEntry.objects.values_list("expression", flat=True))
    for expression, note in conversations.WORD_LIST:
        if expression not in existing:
            word_list_entry_save(entry=WordListEntry(expression=expression, note=note), actor=None)
            room.created["word list entry"] += 1


# --- pictures -------------------------------------------------------------------------------------


def _text_key(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _picture_ensure(
    obj: IllustratedMixin, *, seed: str, subject: str | None, storage: Storage
) -> bool:
    """Give `obj` its generated picture (or none); True when `obj` changed.

    The file name carries the drawing's version: a picture is drawn only when its file is
    missing, never to compare bytes (hundreds of them would make every run slow).
    """
    if subject is None:
        changed = bool(obj.image.name) or bool(obj.image_alt)
        obj.image.name, obj.image_alt = "", ""
        return changed
    # Named after a digest of the seed: an image name holds at most 100 characters.
    name = f"{IMAGE_DIRECTORY}/demo-{_text_key(seed)}-v{NEWS_DRAWING_VERSION}.jpg"
    alt = news_image_alt(seed=seed, subject=subject)
    changed = False
    if obj.image.name != name or not storage.exists(name):
        data, alt = news_image(seed=seed, subject=subject)
        if storage.exists(name):
            storage.delete(name)
        obj.image.name = storage.save(name, ContentFile(data))
        changed = True
    if obj.image_alt != alt:
        obj.image_alt = alt
        changed = True
    return changed


# --- articles -------------------------------------------------------------------------------------


def articles_ensure(*, room: Newsroom, tags: dict[str, Tag]) -> dict[str, Article]:
    texts = stories.articles()
    existing = {
        article.slug: article
        for article in Article.objects.filter(slug__in=[t.slug for t in texts]).prefetch_related(
            "tags"
        )
    }
    storage = Article._meta.get_field("image").storage
    for text in texts:
        article = existing.get(text.slug)
        created = article is None
        if article is None:
            article = Article(slug=text.slug, author=room.author)
            # Written the day before it went out; drafts and reviews are being written now.
            goes_out = _goes_out(text.moment, status=text.status, room=room)
            article.created_at = min(goes_out, room.now) - timedelta(days=1)
        values = {
            "title": text.title,
            "lead": text.lead,
            "body": text.body,
            "space": room.spaces[text.space] if text.space else None,
        }
        changed = [key for key, value in values.items() if getattr(article, key) != value]
        for key in changed:
            setattr(article, key, values[key])
        pictured = _picture_ensure(
            article, seed=f"article-{text.slug}", subject=text.subject, storage=storage
        )
        wanted_tags = [tags[slug] for slug in text.tags]
        tags_differ = created or {t.pk for t in article.tags.all()} != {t.pk for t in wanted_tags}
        if created or changed or pictured or tags_differ:
            article_save(article=article, actor=room.author, tags=wanted_tags)
            (room.created if created else room.updated)["article"] += 1
        if created:
            _article_workflow(article, text=text, room=room)
        existing[text.slug] = article
    return existing


def _article_workflow(article: Article, *, text: stories.ArticleText, room: Newsroom) -> None:
    """Move a new article to its status, through the workflow the officers use."""
    if text.status == "draft":
        return
    article_submit(article=article, actor=room.author)
    goes_out = _goes_out(text.moment, status=text.status, room=room)
    if text.status == "published":
        article_publish(article=article, actor=room.author, now=goes_out)
    elif text.status == "scheduled":
        article_schedule(article=article, actor=room.author, publish_at=goes_out, now=room.now)


def _goes_out(moment: Moment, *, status: str, room: Newsroom) -> datetime:
    """When an item is (or will be) published; `room.now` for one not yet on its way."""
    if status in ("published", "scheduled"):
        return moment_date(moment, now=room.now)
    return room.now


# --- announcements -------------------------------------------------------------------------------


def announcements_ensure(*, room: Newsroom, tags: dict[str, Tag]) -> dict[str, Announcement]:
    texts = bulletins.announcements()
    existing = {
        announcement.text: announcement
        for announcement in Announcement.objects.filter(
            text__in=[t.text for t in texts]
        ).prefetch_related("tags")
    }
    storage = Announcement._meta.get_field("image").storage
    for text in texts:
        announcement = existing.get(text.text)
        created = announcement is None
        if announcement is None:
            announcement = Announcement(text=text.text, author=room.author)
            status = "published" if text.published else "draft"
            goes_out = _goes_out(text.moment, status=status, room=room)
            announcement.created_at = goes_out - timedelta(hours=2)
        values = {
            "space": room.spaces[text.space] if text.space else None,
            "service": text.service,
        }
        changed = [key for key, value in values.items() if getattr(announcement, key) != value]
        for key in changed:
            setattr(announcement, key, values[key])
        pictured = _picture_ensure(
            announcement,
            seed=f"announcement-{_text_key(text.text)}",
            subject=text.subject,
            storage=storage,
        )
        wanted_tags = [tags[slug] for slug in text.tags]
        tags_differ = created or {t.pk for t in announcement.tags.all()} != {
            t.pk for t in wanted_tags
        }
        if created or changed or pictured or tags_differ:
            announcement_save(announcement=announcement, actor=room.author, tags=wanted_tags)
            (room.created if created else room.updated)["announcement"] += 1
        if created and text.published:
            announcement_publish(
                announcement=announcement,
                actor=room.author,
                now=goes_out,
            )
        existing[text.text] = announcement
    return existing


# --- comments -----------------------------------------------------------------------------------


def comments_ensure(
    *, room: Newsroom, articles: dict[str, Article], announcements: dict[str, Announcement]
) -> None:
    """Write the residents' comments that are missing, with their dates, flags and replies.

    Each goes through `comment_create`, so moderation decides: a comment in a space moderated
    before publication, or with a word of the word list, waits for a moderator.
    """
    pages = {
        f"{page.space.slug}/{page.slug}": page
        for page in SpacePage.objects.select_related("space").filter(
            space__slug__in=room.spaces.keys()
        )
    }

    def target_of(ref: tuple[str, str]) -> models.Model:
        kind, key = ref
        if kind == "article":
            return articles[key]
        if kind == "announcement":
            return announcements[key]
        return pages[key]

    texts = conversations.comments()
    authors = [room.accounts[text.author] for text in texts]
    known: dict[tuple[int, int, int | None, str, int | None], Comment] = {
        (c.target_type_id, c.target_id, c.author_id, c.body, c.parent_id): c
        for c in Comment.objects.filter(author__in={a.pk for a in authors})
    }
    written: dict[int, Comment] = {}  # by index in `texts`
    backdated: list[Comment] = []
    for index, (text, author) in enumerate(zip(texts, authors, strict=True)):
        target = target_of(text.target)
        parent = written.get(text.reply_to) if text.reply_to is not None else None
        if text.reply_to is not None and parent is None:
            continue  # its parent could not be written
        target_type = ContentType.objects.get_for_model(type(target))
        key = (target_type.pk, target.pk, author.pk, text.body, parent.pk if parent else None)
        comment = known.get(key)
        if comment is None:
            if parent is not None and not parent.is_visible:
                continue  # replies go to published comments only
            comment = comment_create(target=target, author=author, body=text.body, parent=parent)
            comment.created_at = _comment_date(text, target=target, parent=parent, now=room.now)
            backdated.append(comment)
            room.created["comment"] += 1
            if text.flagged_by and comment.is_visible:
                comment_flag(
                    comment=comment,
                    user=room.accounts[text.flagged_by],
                    reason=FlagReason(text.flag_reason),
                )
                room.created["flag"] += 1
        written[index] = comment
    if backdated:
        # `comment_create` dates a comment "now"; the demo's conversations happened when
        # the news came out. The comment's edit window closes with its backdated date.
        Comment.objects.bulk_update(backdated, ["created_at"])
        # `bulk_update` sends no model signal: the pages showing them are told here.
        comments_changed([comment.pk for comment in backdated])
        if searchable_type_for(backdated[0]) is not None:
            index_objects(backdated)  # their search documents carry the date


def _comment_date(
    text: conversations.CommentText, *, target: Any, parent: Comment | None, now: datetime
) -> datetime:
    # Written long enough ago that its edit window has closed, as for every older comment.
    latest = now - timedelta(minutes=settings.COMMENT_EDIT_MINUTES + 10)
    if text.held or text.target[0] == "page":
        return min(now - timedelta(hours=text.hours), latest)
    start = parent.created_at if parent is not None else target.published_at
    return min(start + timedelta(hours=text.hours), latest)
