"""No secret can be read through the back office, by any lookup on any list (issue 7, item 1).

Django's admin accepts a lookup on any local field of a listed model from the query string.
Before the guard (`backoffice/guard.py`), `/backoffice/accounts/user/?password__startswith=md5$`
answered 200 and listed the accounts whose hash began so ("1 account" or "0 accounts"):
that is how a moderator, who may read the list of accounts, recovered the administrator's hash
one character at a time. `?data__icontains=` did the same on two-factor authenticators (TOTP
secrets), `?args_kwargs__icontains=` on queued e-mails (one-time links), `?extra_data=` on
accounts from an identity provider; `?o=password` was silently ignored (200). Relational paths
(`user__password`) were refused by Django already, unless a list filter named them.
Checked by running this file with `ParvisAdminSite.register` not wrapping the admins in the
guard: the walk fails on every local secret with a 200 whose page differs with the value
(a row count), and `?o=` with a 200.

The secret fields below are written by hand, not read from `backoffice/secret_fields.py`:
a field missing there must fail here. And every field of every model whose name looks like a
secret must be in this list, so a new one fails these tests until someone decides about it.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminLookup
from django.core import checks
from django.db import models
from django.test import RequestFactory
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult

from conftest import make_user
from parvis.accounts.models import User
from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in
from parvis.backoffice.secret_fields import secret_in_path
from parvis.backoffice.sites import ParvisAdminSite
from parvis.core.mail import deliver_email

# {model label: fields holding a secret}. Written by hand; see the module's docstring.
SECRETS: dict[str, set[str]] = {
    "accounts.user": {"password"},
    "mfa.authenticator": {"data"},  # TOTP secret, recovery codes' seed
    "socialaccount.socialaccount": {"extra_data"},  # the identity provider's claims
    "socialaccount.socialapp": {"secret", "key", "settings"},
    "socialaccount.socialtoken": {"token", "token_secret"},
    "account.emailconfirmation": {"key"},
    "sessions.session": {"session_key", "session_data"},
    "django_tasks_database.dbtaskresult": {"args_kwargs", "return_value"},  # one-time links
    # Idempotency keys of the notification outbox: not secret, but named like one, and
    # nothing in the back office needs to search them.
    "notifications.notification": {"key"},
    "notifications.delivery": {"key"},
    # The page cache's generation names ("town", "space:12"): not secret either, and not in
    # the back office at all.
    "core.generation": {"key"},
    # The link that confirms a report sent without an account: whoever holds it publishes it.
    "reports.report": {"confirmation_token"},
    # The link that counts a "me too" given without an account, then stops its e-mails.
    "reports.metoo": {"token"},
    # An Open311 key, hashed: whoever has the key (never stored) posts reports.
    "open311.apikey": {"key_hash"},
    # The digest of a job applicant's link (withdraw, erase): the link's secret is never stored.
    "jobs.application": {"secret_digest"},
    # The digest of a household's invitation code: whoever has the code joins the household.
    "family.household": {"invitation_secret_digest"},
    # The digest of an event registrant's link (cancel): the link's secret is never stored.
    "agenda.registration": {"token_digest"},
}

LOOKS_SECRET = re.compile(
    r"(^|_)(password|passwd|pass|secret|token|key|keys|otp|totp|seed|recovery|salt|nonce"
    r"|credentials?|api)(_|$)|^session_(key|data)$"
)

# The lists each persona may open (the others answer 403 before looking at the query).
LISTS_OPEN_TO = {
    "moderator": {
        "accounts.user",
        "moderation.decision",
        "moderation.wordlistentry",
        "comments.comment",
        "directory.changeproposal",
        "suggestions.suggestion",
        "wiki.article",
        "wiki.revision",
        "live.question",
    },
    "administrator": {
        f"{model._meta.app_label}.{model._meta.model_name}" for model in admin.site._registry
    },
}


def label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def secret_paths(model: type[models.Model]) -> list[str]:
    """The model's secret fields, and those of every model one relation away (both ways)."""
    paths = sorted(SECRETS.get(label(model), ()))
    for field in model._meta.get_fields():
        related = field.related_model if field.is_relation else None
        if related is None or isinstance(related, str):
            continue
        paths += [f"{field.name}__{secret}" for secret in sorted(SECRETS.get(label(related), ()))]
    return paths


def probes(path: str) -> list[tuple[dict[str, str], dict[str, str]]]:
    """Pairs of queries that would show different rows if the lookup were applied."""
    return [
        ({f"{path}__startswith": ""}, {f"{path}__startswith": "~~no such value"}),
        ({f"{path}__gte": ""}, {f"{path}__gte": "~~~~"}),
        ({f"{path}__regex": "."}, {f"{path}__regex": "^~~no such value$"}),
        ({f"{path}__icontains": "a"}, {f"{path}__icontains": "~~no such value"}),
        ({path: "x"}, {path: ""}),
        ({"o": path}, {"o": f"-{path}"}),
    ]


def registered() -> list[str]:
    return sorted(label(model) for model in admin.site._registry)


def owner_with_every_secret() -> User:
    """An account whose secrets all exist: a password, TOTP, a queued e-mail with a link."""
    owner = make_user("owner@example.org", totp=True)
    deliver_email.enqueue(
        {"to": ["owner@example.org"], "subject": "Reset", "body": "/accounts/password/reset/k/"}
    )
    return owner


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["moderator", "administrator"])
@pytest.mark.parametrize("model", registered())
def test_no_list_can_be_filtered_or_sorted_by_a_secret(client, staff_member, persona, model):
    owner_with_every_secret()
    sign_in(client, staff_member(Role(persona)))
    app_label, model_name = model.split(".")
    url = f"/backoffice/{app_label}/{model_name}/"
    opens = model in LISTS_OPEN_TO[persona]
    assert client.get(url).status_code == (200 if opens else 403)
    paths = secret_paths(apps.get_model(model))

    for path in paths:
        for matching, other in probes(path):
            first = client.get(f"{url}?{urlencode(matching)}")
            second = client.get(f"{url}?{urlencode(other)}")

            expected = 400 if opens else 403
            assert (first.status_code, second.status_code) == (expected, expected), (
                url,
                matching,
            )
            assert first.content == second.content, (url, matching)


def test_the_walk_reaches_the_secrets_it_is_about():
    """The walk above is not empty where the attack pass found the holes."""
    assert {"password", "authenticator__data", "socialaccount__extra_data"} <= set(
        secret_paths(User)
    )
    assert "args_kwargs" in secret_paths(DBTaskResult)
    assert "actor__password" in secret_paths(apps.get_model("core.auditentry"))


def test_every_field_named_like_a_secret_is_in_the_hand_written_list():
    named_like_a_secret = {
        (label(model), field.name)
        for model in apps.get_models(include_auto_created=True)
        for field in model._meta.concrete_fields
        if LOOKS_SECRET.search(field.name)
    }
    listed = {(model, field) for model, fields in SECRETS.items() for field in fields}

    # A field here is new: list it above, and in backoffice/secret_fields.py if its name
    # does not already make it secret there.
    assert named_like_a_secret - listed == set()


def test_the_guard_knows_every_secret_of_the_hand_written_list():
    for model, fields in SECRETS.items():
        for field in fields:
            assert secret_in_path(apps.get_model(model), field) is not None, (model, field)


@pytest.mark.django_db
def test_the_moderator_attack_is_refused_whatever_the_value(client, moderator, administrator):
    """The attack pass's own requests: the same refusal whether the guess is right or not."""
    sign_in(client, moderator)
    prefix = administrator.password[:4]  # what a correct guess starts with

    right = client.get("/backoffice/accounts/user/", {"password__startswith": prefix})
    wrong = client.get("/backoffice/accounts/user/", {"password__startswith": "zzzz"})
    ranged = client.get(
        "/backoffice/accounts/user/", {"email": administrator.email, "password__gte": prefix}
    )

    assert (right.status_code, wrong.status_code, ranged.status_code) == (400, 400, 400)
    assert right.content == wrong.content
    assert administrator.email not in right.content.decode()


# --- declarations: refused at start-up, hidden at run time --------------------------------


class LeakyTaskAdmin(admin.ModelAdmin):
    list_display = ["id", "return_value"]
    list_filter = ["status", "args_kwargs"]
    search_fields = ["task_path", "=args_kwargs"]
    ordering = ["-return_value"]
    fields = ["status", "args_kwargs"]


def test_an_admin_declaring_a_secret_fails_the_system_checks():
    site = ParvisAdminSite(name="probe")
    site.register(DBTaskResult, LeakyTaskAdmin)

    errors = [error for error in site.check(None) if error.id == "backoffice.E001"]

    assert sorted(error.msg for error in errors) == [
        "LeakyTaskAdmin.fields names 'args_kwargs', which reaches the secret field "
        "'django_tasks_database.dbtaskresult.args_kwargs'.",
        "LeakyTaskAdmin.list_display names 'return_value', which reaches the secret field "
        "'django_tasks_database.dbtaskresult.return_value'.",
        "LeakyTaskAdmin.list_filter names 'args_kwargs', which reaches the secret field "
        "'django_tasks_database.dbtaskresult.args_kwargs'.",
        "LeakyTaskAdmin.ordering names 'return_value', which reaches the secret field "
        "'django_tasks_database.dbtaskresult.return_value'.",
        "LeakyTaskAdmin.search_fields names 'args_kwargs', which reaches the secret field "
        "'django_tasks_database.dbtaskresult.args_kwargs'.",
    ]
    assert all(error.level == checks.ERROR for error in errors)


def test_a_model_registered_without_options_fails_the_checks_for_its_default_form():
    from django.contrib.sessions.models import Session

    site = ParvisAdminSite(name="probe")
    site.register(Session)

    assert sorted(error.msg for error in site.check(None) if error.id == "backoffice.E001") == [
        "ModelAdmin.fields (the form's default) names 'session_data', which reaches the "
        "secret field 'sessions.session.session_data'.",
        "ModelAdmin.fields (the form's default) names 'session_key', which reaches the "
        "secret field 'sessions.session.session_key'.",
    ]


def test_the_back_office_as_registered_passes_the_checks():
    assert [error for error in admin.site.check(None) if error.id == "backoffice.E001"] == []


@pytest.mark.django_db
def test_a_library_admin_computing_its_fields_never_shows_a_secret(administrator):
    """django_tasks_db's own admin lists every field of a task at run time; the guard hides
    the arguments (one-time links) even there."""
    site = ParvisAdminSite(name="probe")
    site.register(DBTaskResult, DBTaskResultAdmin)
    model_admin: Any = site._registry[DBTaskResult]
    task = deliver_email.enqueue(
        {"to": ["owner@example.org"], "subject": "Reset", "body": "/accounts/password/reset/k/"}
    )
    request = RequestFactory().get("/")
    request.user = administrator
    obj = DBTaskResult.objects.get(id=task.id)

    shown = [name for _title, options in model_admin.get_fieldsets(request, obj)
             for name in options["fields"]]  # fmt: skip

    assert "args_kwargs" not in shown
    assert "return_value" not in shown
    assert "status" in shown


@pytest.mark.django_db
def test_a_search_or_lookup_through_a_secret_is_refused_even_if_declared(administrator):
    site = ParvisAdminSite(name="probe")
    site.register(DBTaskResult, LeakyTaskAdmin)
    model_admin: Any = site._registry[DBTaskResult]
    request = RequestFactory().get("/")
    request.user = administrator

    with pytest.raises(DisallowedModelAdminLookup):
        model_admin.get_search_results(request, DBTaskResult.objects.all(), "reset")
    assert model_admin.lookup_allowed("args_kwargs__icontains", "reset", request) is False
    assert model_admin.lookup_allowed("status", "READY", request) is True
    assert model_admin.get_list_display(request) == ["id"]
    assert model_admin.get_list_filter(request) == ["status"]
