from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest

from parvis.search import registry
from parvis.search.indexing import index_object
from parvis.search.registry import Document, searchable
from parvis.tags.models import Tag


class Notices:
    """A searchable type declared by the tests, as an app would declare one, in a few lines.

    Each notice is a real row (a Tag) whose document is whatever the test chose: text, space,
    publication window, public or not. It lets the engine's rules be tested apart from any
    one content type.
    """

    def __init__(self, **declared: Any) -> None:
        self.documents: dict[int, Document | None] = {}
        searchable(
            Tag,
            key="notice",
            label="Notices",
            document=lambda tag: self.documents.get(tag.pk),
            queryset=lambda: Tag.objects.all(),
            **declared,
        )

    def add(self, title: str, text: str = "", **fields: Any) -> Tag:
        number = Tag.objects.count()
        tag = Tag.objects.create(name=f"notice {number}", slug=f"n{number}")
        self.set(tag, title, text, **fields)
        return tag

    def set(self, tag: Tag, title: str, text: str = "", **fields: Any) -> None:
        fields.setdefault("url", f"/notices/{tag.slug}/")
        self.documents[tag.pk] = Document(title=title, text=text, **fields)
        index_object(tag)


@pytest.fixture
def notices(db: Any) -> Iterator[Notices]:
    try:
        yield Notices()
    finally:
        registry._types.remove("notice")
        registry._by_model.remove(Tag)


@pytest.fixture
def dated_notices(db: Any) -> Iterator[Notices]:
    """Notices declared as dated content: they fade after 30 days and fold when alike."""
    try:
        yield Notices(freshness=timedelta(days=30))
    finally:
        registry._types.remove("notice")
        registry._by_model.remove(Tag)
