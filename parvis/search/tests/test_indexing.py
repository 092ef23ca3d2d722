"""Indexing follows every write, in its transaction; the rebuild gives the same index."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from parvis.accounts.models import User
from parvis.search.engine import search
from parvis.search.indexing import MAX_TEXT_LENGTH, NotSearchable, index_object, index_rebuild
from parvis.search.models import SearchDocument
from parvis.spaces.models import Space, SpaceKind, SpacePage
from parvis.spaces.services import space_delete, space_page_delete, space_page_save, space_save
from parvis.spaces.tests.factories import make_page, make_space

pytestmark = pytest.mark.django_db


def titles(query: str, **filters) -> list[str]:
    return sorted(result.title for result in search(query, **filters).results)


def index_snapshot() -> list[tuple]:
    """Every document as the engine reads it, without ids and write times."""
    return sorted(
        SearchDocument.objects.values_list(
            "content_type_id",
            "object_id",
            "kind",
            "space_id",
            "title",
            "text",
            "url",
            "language",
            "date",
            "visible_from",
            "visible_until",
            "is_public",
        )
    )


@pytest.fixture
def centre() -> Space:
    centre = make_space(
        "centre-ville",
        name="Centre-ville",
        summary="Autour de la halle.",
        description="Le **marché** a lieu le samedi.",
    )
    make_page(centre, "lavoir", title="Le lavoir", body="Restauré en *2019*.")
    make_page(centre, "halle", title="La halle", body="Charpente du XIXe siècle.")
    return centre


def test_saving_through_the_services_indexes_at_once(centre):
    assert titles("lavoir") == ["Le lavoir"]
    assert titles("marché") == ["Centre-ville"]
    document = SearchDocument.objects.get(kind="space_page", title="Le lavoir")
    # A page is found by its space's name too.
    assert (document.text, document.url, document.space) == (
        "Restauré en 2019.\nCentre-ville",
        "/spaces/centre-ville/pages/lavoir/",
        centre,
    )


def test_an_edit_replaces_the_document(centre):
    page = SpacePage.objects.get(slug="lavoir")
    page.title, page.body = "Le moulin", "Sur la rivière."
    space_page_save(page=page, actor=None)

    assert titles("lavoir") == []
    assert titles("moulin rivière") == ["Le moulin"]
    assert SearchDocument.objects.filter(kind="space_page").count() == 2


def test_unpublishing_or_deleting_a_page_removes_it(centre):
    page = SpacePage.objects.get(slug="lavoir")
    page.is_published = False
    space_page_save(page=page, actor=None)
    assert titles("lavoir") == []

    page.is_published = True
    space_page_save(page=page, actor=None)
    assert titles("lavoir") == ["Le lavoir"]

    space_page_delete(page=page, actor=None)
    assert titles("lavoir") == []
    assert not SearchDocument.objects.filter(title="Le lavoir").exists()


def test_an_unpublished_space_hides_its_pages_until_published_again(centre):
    centre.is_published = False
    space_save(space=centre, actor=None)

    assert titles("lavoir") == titles("marché") == titles("halle") == []
    assert SearchDocument.objects.count() == 0

    centre.is_published = True
    space_save(space=centre, actor=None)

    assert titles("halle") == ["Centre-ville", "La halle"]
    assert titles("lavoir") == ["Le lavoir"]


def test_a_deleted_space_leaves_nothing_in_the_index(centre):
    other = make_space("port", name="Le Port", description="Un lavoir aussi.")

    space_delete(space=centre, actor=None)

    assert titles("lavoir") == ["Le Port"]
    assert list(SearchDocument.objects.values_list("title", flat=True)) == ["Le Port"]
    assert other.pk


def test_a_space_deleted_without_the_service_still_takes_its_documents(centre):
    # A cascade (a bulk delete in a shell) bypasses the services: the database keeps the
    # full-text index in step all the same.
    Space.objects.filter(pk=centre.pk).delete()

    assert SearchDocument.objects.filter(kind="space_page").count() == 0
    assert titles("lavoir") == []


def test_a_rolled_back_write_leaves_no_document(db):
    class Refused(Exception):
        pass

    with pytest.raises(Refused), transaction.atomic():
        space = make_space("gare", name="Quartier de la gare")
        make_page(space, "quais", title="Les quais")
        raise Refused

    assert SearchDocument.objects.count() == 0
    assert titles("gare") == titles("quais") == []


def test_a_failing_write_after_indexing_takes_the_document_back(centre):
    page = SpacePage.objects.get(slug="lavoir")
    page.title = "Le lavoir neuf"
    with pytest.raises(IntegrityError), transaction.atomic():
        space_page_save(page=page, actor=None)
        # The same slug twice in a space: refused by the database, after indexing.
        SpacePage.objects.create(space=centre, slug="halle", title="Double", body="")

    assert titles("neuf") == []
    assert titles("lavoir") == ["Le lavoir"]


def test_control_characters_and_very_long_texts_are_cleaned(notices):
    notices.add("Fête\x00 de la\x02 musique\x03", "x" * 10 + " musique " + "y" * MAX_TEXT_LENGTH)

    document = SearchDocument.objects.get(kind="notice")

    assert document.title == "Fête  de la  musique"
    assert len(document.text) == MAX_TEXT_LENGTH
    [result] = search("musique").results
    assert str(result.title_html) == "Fête  de la  <mark>musique</mark>"


def test_an_object_nobody_declared_cannot_be_indexed(db):
    user = User.objects.create(email="someone@example.org")

    with pytest.raises(NotSearchable):
        index_object(user)
    assert SearchDocument.objects.count() == 0


def test_the_rebuild_gives_the_index_that_indexing_on_save_gave(centre, notices):
    tram = make_space("tramway", kind=SpaceKind.PROJECT, name="Tramway", description="Ligne A.")
    make_page(tram, "travaux", title="Travaux", body="Rue barrée.")
    make_page(tram, "brouillon", title="Brouillon", body="Pas encore.", is_published=False)
    notices.add("Avis de travaux", "Rue barrée.", space=tram)
    incremental = index_snapshot()
    found = [(r.title, r.url) for r in search("travaux").results]

    SearchDocument.objects.all().delete()
    counts = index_rebuild()

    assert {kind: n for kind, n in counts.items() if n} == {
        "space": 2,
        "space_page": 3,
        "notice": 1,
    }
    assert index_snapshot() == incremental
    assert [(r.title, r.url) for r in search("travaux").results] == found

    index_rebuild()  # idempotent
    assert index_snapshot() == incremental


def test_the_rebuild_repairs_what_bypassed_the_services(centre):
    # Written in bulk, never indexed; deleted in bulk, never unindexed.
    SpacePage.objects.bulk_create(
        [SpacePage(space=centre, slug="eglise", title="L'église", body="Clocher roman.")]
    )
    SpacePage.objects.filter(slug="lavoir").delete()
    SearchDocument.objects.filter(kind="space").update(kind="gone")  # a type no longer declared

    assert titles("clocher") == []
    assert titles("lavoir") == ["Le lavoir"]  # stale

    out = StringIO()
    call_command("search_rebuild", "--batch-size", "1", stdout=out)

    assert titles("clocher") == ["L'église"]
    assert titles("lavoir") == []
    assert titles("marché") == ["Centre-ville"]
    assert not SearchDocument.objects.filter(kind="gone").exists()
    lines = out.getvalue().splitlines()
    assert lines[:2] == ["space: 1 documents", "space_page: 2 documents"]
    assert lines[-1].startswith("Search index rebuilt: 3 documents in ")


def test_the_rebuild_of_one_kind_leaves_the_others_alone(centre):
    SearchDocument.objects.filter(kind="space").delete()
    SpacePage.objects.filter(slug="halle").update(title="La grande halle")
    out = StringIO()

    call_command("search_rebuild", "--kind", "space_page", stdout=out)

    assert titles("grande") == ["La grande halle"]
    assert titles("marché") == []  # spaces were not rebuilt
    assert out.getvalue().splitlines()[0] == "space_page: 2 documents"


def test_the_rebuild_refuses_an_unknown_kind(centre):
    before = index_snapshot()

    with pytest.raises(CommandError, match="Unknown searchable types: nonsense"):
        call_command("search_rebuild", "--kind", "nonsense", stdout=StringIO())
    with pytest.raises(CommandError, match="--batch-size must be at least 1"):
        call_command("search_rebuild", "--batch-size", "0", stdout=StringIO())

    assert index_snapshot() == before


def test_the_full_text_structures_are_in_the_database(db):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT generation_expression FROM information_schema.columns"
                " WHERE table_name = 'search_searchdocument' AND column_name = 'search_vector'"
            )
            [(expression,)] = cursor.fetchall()
            assert "parvis_french" in expression
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'search_document_vector'"
            )
            assert "gin (search_vector)" in cursor.fetchone()[0]
            cursor.execute("SELECT to_tsvector('parvis_french', 'Écoles')::text")
            assert cursor.fetchone() == ("'ecol':1",)
            # The vector stays in the row (migration 0005): not read from TOAST apart.
            cursor.execute(
                "SELECT attstorage FROM pg_attribute WHERE attname = 'search_vector'"
                " AND attrelid = 'search_searchdocument'::regclass"
            )
            assert cursor.fetchone() == ("m",)
        else:
            # Django rebuilds a SQLite table to alter it, dropping its triggers: a migration
            # that alters SearchDocument must create them again, or this fails.
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"
                " AND tbl_name = 'search_searchdocument' ORDER BY name"
            )
            assert [row[0] for row in cursor.fetchall()] == [
                "search_fts_delete",
                "search_fts_insert",
                "search_fts_update",
            ]
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'search_fts'")
            assert "remove_diacritics 2" in cursor.fetchone()[0]


def test_a_rebuild_makes_cached_results_pages_render_again(client, page_cache):
    # The rebuild writes its documents in bulk, which no model signal reports.
    make_space(name="Lavoir du Moulin")
    index_rebuild()
    assert client.get("/search/?q=lavoir")["X-Parvis-Cache"] == "miss"
    assert client.get("/search/?q=lavoir")["X-Parvis-Cache"] == "hit"
    SearchDocument.objects.all().delete()  # as a botched import would leave it

    index_rebuild()

    page = client.get("/search/?q=lavoir")
    assert page["X-Parvis-Cache"] == "miss"
    assert "Lavoir du Moulin" in page.content.decode()
