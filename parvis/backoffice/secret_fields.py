"""Which fields hold a secret: the one definition the back office guards against.

Django's admin lets anyone who can open a list filter it by any local field from the query
string (`?password__startswith=pbkdf2`): a moderator recovered an administrator's password
hash that way, one character at a time, by watching the row count. The guard
(`backoffice.guard`) refuses every lookup, search, ordering and display that reaches a
field named here, on every admin of the back office, whoever registered it.

A field holds a secret when
- its name says so (`SECRET_NAME`: password, secret, token, key, otp, seed, recovery…,
  as a whole word of the name: `api_key`, `token_secret`, `session_key`, not `keyword`;
  and `session_data`), or
- it is listed in `SECRET_FIELDS`, for fields whose names do not say it.

A new model whose field holds a secret under an innocent name is added to `SECRET_FIELDS`;
the back office's tests fail until it is (they list every secret by hand).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP

# {model label (app_label.model_name, lower case): field names}
SECRET_FIELDS: dict[str, frozenset[str]] = {
    # allauth's two-factor authenticators: the TOTP secret and the recovery codes' seed.
    "mfa.authenticator": frozenset({"data"}),
    # What the identity provider sent at sign-in: claims, and tokens for some providers.
    "socialaccount.socialaccount": frozenset({"extra_data"}),
    # A provider's own settings may hold its private key (SAML, Apple).
    "socialaccount.socialapp": frozenset({"settings"}),
    # Queued tasks: e-mails waiting to go out carry one-time links (password reset,
    # address confirmation) in their arguments, and a task's result may repeat them.
    "django_tasks_database.dbtaskresult": frozenset({"args_kwargs", "return_value"}),
}

# A secret's name: one of these words between underscores (or the name's ends), or a
# session's data (Django's sessions: who is signed in, allauth's pending sign-in state).
SECRET_NAME = re.compile(
    r"(?:^|_)(?:password|passwd|secret|secrets|token|tokens|key|keys|otp|totp|hotp|seed"
    r"|recovery|salt|nonce|credential|credentials)(?:_|$)|^session_data$"
)


def is_secret(field: Any) -> bool:
    """Whether a model field (or a name reached in a lookup) holds a secret."""
    name = getattr(field, "name", None)
    model = getattr(field, "model", None)
    if not isinstance(name, str) or model is None:
        return False
    if getattr(field, "auto_created", False) and not getattr(field, "concrete", True):
        # The reverse side of a relation: the path goes on to the other model's fields.
        return False
    return bool(SECRET_NAME.search(name)) or name in SECRET_FIELDS.get(model._meta.label_lower, ())


def _field(model: type[models.Model], name: str) -> Any:
    if name == "pk":
        return model._meta.pk
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def secret_in_path(model: type[models.Model], path: str) -> str | None:
    """The first secret field that `path` (a lookup, ordering or search path) reaches.

    `path` is read as the ORM reads it: relations are followed, forward and reverse
    (`user__password__startswith` from a model with a `user` key reaches
    `accounts.user.password`); after a plain field come transforms and lookups, and any of
    those named like a secret (a JSON key such as `data__token`, or `has_key`) counts as
    one too.
    Returns "app_label.model.field" (or the JSON key's name), or None when nothing secret
    is reached.
    """
    current: type[models.Model] | None = model
    for part in path.split(LOOKUP_SEP):
        if not part:
            continue
        if current is None:
            if SECRET_NAME.search(part):
                return part
            continue
        field = _field(current, part)
        if field is None:
            # Not a field of this model: the ORM refuses it by itself (or, first in the
            # path, it names an admin's or model's method, shown in a list).
            return None
        if is_secret(field):
            return f"{current._meta.label_lower}.{field.name}"
        current = field.related_model if field.is_relation else None
        if isinstance(current, str):  # an unresolved lazy relation: nothing to follow
            current = None
    return None


def strip_search_prefix(name: str) -> str:
    """A search_fields entry without its lookup prefix (^ starts with, = exact, @ search)."""
    return name.lstrip("^=@")


def ordering_names(item: Any) -> Iterator[str]:
    """The field paths an ordering item sorts by: "-name", F("name"), OrderBy(…), Lower(…)."""
    if isinstance(item, str):
        name = item.lstrip("-")
        if name and name != "?":
            yield name
    elif isinstance(item, models.F):
        yield item.name  # type: ignore[attr-defined]  # F keeps its name there; django-stubs omits the attribute
    elif hasattr(item, "get_source_expressions"):
        for expression in item.get_source_expressions():
            yield from ordering_names(expression)
