"""What can be followed. An app declares its followable models in a line:

    followable(Space)

and the shared follow views, the "my subscriptions" page and (later) notification fan-out
accept them without knowing the app.
"""

from __future__ import annotations

from django.db import models

_followable: set[type[models.Model]] = set()


def followable(model: type[models.Model]) -> type[models.Model]:
    _followable.add(model)
    return model


def is_followable(obj: object) -> bool:
    return type(obj) in _followable
