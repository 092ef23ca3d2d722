"""Tag services: each write is audited, and what carries a tag is found by its current name."""

from __future__ import annotations

import pytest
from django.db import transaction

from parvis.news.models import Article
from parvis.news.tests.factories import make_announcement, make_article
from parvis.tags.models import Tag
from parvis.tags.services import tag_delete, tag_save
from parvis.tags.tests.factories import audit_of, found, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(officer):
    """The tag "Travaux" on a published article and announcement, and on a draft."""
    tag = make_tag(actor=officer)
    article = make_article("new-library", title="The library opens", tags=[tag])
    announcement = make_announcement("The market moves to the church square.", tags=[tag])
    make_article("draft-pool", title="The pool reopens", tags=[tag], publish=False)
    make_article("untagged", title="Untagged library news")
    return tag, article, announcement


def test_creating_a_tag_saves_it_and_records_who_did(officer):
    tag = tag_save(tag=Tag(name="Culture", slug="culture"), actor=officer)

    assert list(Tag.objects.values_list("name", "slug")) == [("Culture", "culture")]
    assert audit_of(tag.pk) == [
        ("tag.create", "communication.officer@mairie.example", "Culture", {})
    ]


def test_renaming_a_tag_records_its_former_name_and_address(officer, administrator):
    tag = make_tag(actor=officer)

    tag.name, tag.slug = "Chantiers", "chantiers"
    tag_save(tag=tag, actor=administrator)

    tag.refresh_from_db()
    assert (tag.name, tag.slug) == ("Chantiers", "chantiers")
    assert audit_of(tag.pk) == [
        ("tag.create", "communication.officer@mairie.example", "Travaux", {}),
        (
            "tag.update",
            "administrator@mairie.example",
            "Chantiers",
            {"before": {"name": "Travaux", "slug": "travaux"}},
        ),
    ]


def test_saving_a_tag_unchanged_is_audited_without_former_values(officer):
    tag = make_tag(actor=officer)

    tag_save(tag=Tag.objects.get(pk=tag.pk), actor=officer)

    assert audit_of(tag.pk)[1] == (
        "tag.update",
        "communication.officer@mairie.example",
        "Travaux",
        {},
    )


def test_what_carries_a_renamed_tag_is_found_by_its_new_name_only(client, officer, tagged):
    tag, __, announcement = tagged
    both = sorted(["/news/new-library/", f"/announcements/{announcement.pk}/"])
    assert found(client, "travaux") == both
    assert found(client, "chantiers") == []

    tag.name = "Chantiers"
    tag_save(tag=tag, actor=officer)

    assert found(client, "chantiers") == both
    assert found(client, "travaux") == []
    # The draft carrying the tag stays out of search; the rename published nothing.
    assert found(client, "pool") == []


def test_a_rename_rolled_back_leaves_the_name_and_the_search_as_they_were(client, officer, tagged):
    tag = tagged[0]

    with pytest.raises(RuntimeError), transaction.atomic():
        tag.name = "Chantiers"
        tag_save(tag=tag, actor=officer)
        raise RuntimeError("the request failed after the rename")

    assert Tag.objects.get(pk=tag.pk).name == "Travaux"
    assert [entry[0] for entry in audit_of(tag.pk)] == ["tag.create"]
    assert len(found(client, "travaux")) == 2
    assert found(client, "chantiers") == []


def test_deleting_a_tag_keeps_what_carried_it_and_forgets_its_name_in_search(
    client, officer, administrator, tagged
):
    tag, article, announcement = tagged
    tag_id = tag.pk

    tag_delete(tag=tag, actor=administrator)

    assert Tag.objects.count() == 0
    assert audit_of(tag_id) == [
        ("tag.create", "communication.officer@mairie.example", "Travaux", {}),
        ("tag.delete", "administrator@mairie.example", "Travaux", {}),
    ]
    assert list(Article.objects.get(pk=article.pk).tags.all()) == []
    assert found(client, "travaux") == []
    assert found(client, "library") == ["/news/new-library/", "/news/untagged/"]
    assert found(client, "market") == [f"/announcements/{announcement.pk}/"]
