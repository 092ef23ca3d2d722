"""The wiki's services: revisions, conflicts, revert and rollback, rename and redirects,
protection, patrol of held edits, categories; and a parallel edit on PostgreSQL."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from parvis.accounts.roles import Role
from parvis.accounts.services import role_grant
from parvis.core.markdown import MARKDOWN_MAX_LENGTH
from parvis.core.models import AuditEntry
from parvis.notifications.models import Notification
from parvis.notifications.services import subscription_create
from parvis.wiki import services
from parvis.wiki.models import Article, Protection, Redirect, Revision, RevisionKind, RevisionStatus
from parvis.wiki.tests.factories import make_article, trust

pytestmark = pytest.mark.django_db


def test_an_edit_is_a_new_published_revision_with_author_summary_and_size(resident):
    trust(resident)
    article = make_article(body="Texte.")
    base = article.current

    revision = services.article_edit(
        article=article, author=resident, base=base, body="Texte plus long.", summary="précisé"
    )

    article.refresh_from_db()
    assert article.current == revision
    assert (revision.author, revision.summary, revision.status) == (
        resident,
        "précisé",
        RevisionStatus.PUBLISHED,
    )
    assert (revision.size, revision.delta, revision.parent) == (16, 10, base)
    assert AuditEntry.objects.filter(action="wiki.revision_edit").count() == 1


def test_a_second_editor_from_the_same_base_gets_a_conflict_and_nothing_is_saved(
    resident, other_resident
):
    trust(resident)
    trust(other_resident)
    article = make_article(body="Ligne une.")
    base = article.current
    first = services.article_edit(article=article, author=resident, base=base, body="Ligne 1.")

    with pytest.raises(services.EditConflict) as conflict:
        services.article_edit(article=article, author=other_resident, base=base, body="Ligne I.")

    assert conflict.value.current == first
    assert Revision.objects.filter(article=article).count() == 2
    article.refresh_from_db()
    assert article.current.body == "Ligne 1."


def test_an_edit_without_change_or_over_long_is_refused_next_to_the_text(resident):
    trust(resident)
    article = make_article(body="Texte.")

    with pytest.raises(ValidationError) as unchanged:
        services.article_edit(article=article, author=resident, base=article.current, body="Texte.")
    with pytest.raises(ValidationError) as too_long:
        services.article_edit(
            article=article,
            author=resident,
            base=article.current,
            body="a" * (MARKDOWN_MAX_LENGTH + 1),
        )

    assert list(unchanged.value.message_dict) == ["body"]
    assert list(too_long.value.message_dict) == ["body"]
    assert Revision.objects.filter(article=article).count() == 1


def test_a_new_page_title_must_be_given_and_free(resident):
    trust(resident)
    make_article("Place de la Mairie")

    with pytest.raises(ValidationError) as empty:
        services.article_create(title="  ", body="Texte.", author=resident)
    with pytest.raises(ValidationError) as clash:
        services.article_create(title="place de la mairie", body="Texte.", author=resident)

    assert empty.value.message_dict == {"title": ["Donnez un titre à la page."]}
    assert clash.value.message_dict == {"title": ["Une page porte déjà ce titre."]}
    assert not Article.objects.filter(title="  ").exists()


def test_revert_saves_an_old_text_again(resident):
    trust(resident)
    article = make_article(body="Bon texte.", revisions=1)
    good = article.current
    services.article_edit(article=article, author=resident, base=good, body="Vandalisme !")

    revision = services.revision_revert(revision=good, actor=resident)

    article.refresh_from_db()
    assert article.current == revision
    assert (revision.body, revision.kind) == ("Bon texte.", RevisionKind.REVERT)


def test_rollback_undoes_the_last_authors_consecutive_edits_in_one_step(
    resident, other_resident, moderator
):
    trust(resident)
    trust(other_resident)
    article = make_article(body="Texte juste.", author=resident)
    base = article.current
    first = services.article_edit(article=article, author=other_resident, base=base, body="Faux 1")
    services.article_edit(article=article, author=other_resident, base=first, body="Faux 2")

    revision = services.article_rollback(article=article, actor=moderator)

    article.refresh_from_db()
    assert article.current == revision
    assert revision.body == "Texte juste."
    assert revision.summary == "Modifications de Dominique annulées."


def test_only_patrollers_roll_back(resident):
    article = make_article(body="Texte.")

    with pytest.raises(PermissionDenied):
        services.article_rollback(article=article, actor=resident)


def test_rename_keeps_a_redirect_and_refuses_an_existing_title(moderator):
    article = make_article("Rue du Moulin")
    make_article("Place de l'Église")

    with pytest.raises(ValidationError) as clash:
        services.article_rename(article=article, title="Place de l'Église", actor=moderator)
    services.article_rename(article=article, title="Rue du Vieux Moulin", actor=moderator)

    assert clash.value.message_dict == {"title": ["Une page porte déjà ce titre."]}
    article.refresh_from_db()
    assert (article.title, article.slug) == ("Rue du Vieux Moulin", "rue-du-vieux-moulin")
    assert list(Redirect.objects.values_list("old_slug", "article")) == [
        ("rue-du-moulin", article.pk)
    ]
    assert article.current.kind == RevisionKind.RENAME
    # Another page may not take the former address either: links to it lead to this page.
    with pytest.raises(ValidationError):
        services.article_create(title="Rue du Moulin", body="x", author=moderator)


def test_protection_decides_who_edits(resident, other_resident, moderator, administrator):
    trust(resident)
    role_grant(user=other_resident, role=Role.VERIFIED_RESIDENT, granted_by=administrator)
    trust(other_resident)
    article = make_article(body="Texte.")
    services.article_set_protection(
        article=article, protection=Protection.VERIFIED, actor=administrator
    )

    with pytest.raises(PermissionDenied):
        services.article_edit(article=article, author=resident, base=article.current, body="A")
    edit = services.article_edit(
        article=article, author=other_resident, base=article.current, body="B"
    )
    services.article_set_protection(
        article=article, protection=Protection.STAFF, actor=administrator
    )
    with pytest.raises(PermissionDenied):
        services.article_edit(article=article, author=other_resident, base=edit, body="C")
    staff_edit = services.article_edit(article=article, author=moderator, base=edit, body="D")

    assert staff_edit.status == RevisionStatus.PUBLISHED
    with pytest.raises(PermissionDenied):
        services.article_set_protection(article=article, protection=Protection.OPEN, actor=resident)


def test_a_new_residents_edit_waits_for_patrol_then_is_published(resident, moderator):
    article = make_article(body="Texte.")
    base = article.current

    held = services.article_edit(article=article, author=resident, base=base, body="Nouveau.")

    article.refresh_from_db()
    assert held.status == RevisionStatus.PENDING
    assert article.current == base

    services.revision_patrol(revision=held, actor=moderator, accept=True)

    article.refresh_from_db()
    held.refresh_from_db()
    assert (held.status, held.decided_by) == (RevisionStatus.PUBLISHED, moderator)
    assert article.current == held
    with pytest.raises(ValidationError):
        services.revision_patrol(revision=held, actor=moderator, accept=False)


def test_a_held_edit_made_from_a_text_changed_since_cannot_be_accepted(
    resident, other_resident, moderator
):
    trust(other_resident)
    article = make_article(body="Texte.")
    base = article.current
    held = services.article_edit(article=article, author=resident, base=base, body="Nouveau.")
    services.article_edit(article=article, author=other_resident, base=base, body="Autre.")

    with pytest.raises(ValidationError) as outdated:
        services.revision_patrol(revision=held, actor=moderator, accept=True)
    rejected = services.revision_patrol(revision=held, actor=moderator, accept=False)

    assert outdated.value.code == "outdated"
    assert rejected.status == RevisionStatus.REJECTED


def test_a_new_residents_new_page_is_public_only_once_accepted(resident, moderator):
    revision = services.article_create(title="Le lavoir", body="Un lavoir.", author=resident)

    article = revision.article
    assert (revision.status, article.current) == (RevisionStatus.PENDING, None)
    services.revision_patrol(revision=revision, actor=moderator, accept=True)
    article.refresh_from_db()
    assert article.current == revision


def test_categories_follow_the_text(resident):
    trust(resident)
    article = make_article(body="Texte.")

    services.article_edit(
        article=article,
        author=resident,
        base=article.current,
        body="Texte.\n[[Catégorie:Rues]]\n[[Category:Histoire|clé]]",
    )

    assert sorted(article.categories.values_list("name", "slug")) == [
        ("Histoire", "histoire"),
        ("Rues", "rues"),
    ]


def test_watchers_are_told_of_a_published_edit_through_the_outbox(resident, other_resident):
    trust(resident)
    article = make_article(body="Texte.")
    subscription_create(user=other_resident, target=article)

    revision = services.article_edit(
        article=article, author=resident, base=article.current, body="Neuf."
    )

    assert list(Notification.objects.values_list("kind", "key")) == [
        ("wiki.article_edited", f"wiki.revision:{revision.pk}:published")
    ]


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_ten_editors_saving_from_the_same_version_at_once_publish_one_text(django_user_model):
    from parvis.core.tests.concurrency import run_at_once

    editors = []
    for number in range(10):
        user = django_user_model.objects.create_user(email=f"e{number}@example.org")
        editors.append(trust(user))
    article = make_article(body="Texte de départ.")
    base = article.current
    queue = list(editors)

    def save() -> str:
        editor = queue.pop()
        try:
            services.article_edit(
                article=article, author=editor, base=base, body=f"Par {editor.pk}"
            )
        except services.EditConflict:
            return "conflict"
        return "saved"

    results = run_at_once(10, save)

    assert sorted(results) == ["conflict"] * 9 + ["saved"]
    assert Revision.objects.filter(article=article, parent=base).count() == 1
    article.refresh_from_db()
    assert article.current.parent == base


def test_an_erased_accounts_edits_stay_unsigned_and_its_held_ones_go(resident, other_resident):
    from parvis.accounts.erasure import contributions_described
    from parvis.accounts.services import user_delete

    trust(other_resident)
    article = make_article(body="Texte.")
    published = services.article_edit(
        article=article, author=other_resident, base=article.current, body="Publié."
    )
    held = services.article_edit(article=article, author=resident, base=published, body="Retenu.")
    described = contributions_described(other_resident)

    user_delete(user=other_resident, erase_contributions=True)
    user_delete(user=resident)

    assert any("modifications dans le wiki" in text for text in described)
    published.refresh_from_db()
    assert (published.author, published.body) == (None, "Publié.")
    assert not Revision.objects.filter(pk=held.pk).exists()
    article.refresh_from_db()
    assert article.current == published
