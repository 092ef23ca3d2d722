"""The one kind of registry behind every declaration an app makes in its manifest.

Each shared mechanism (comments, moderation, search, notifications, feeds, page sections,
periodic jobs, erasure, datasets) keeps its declarations in a `Registry`, so that all of
them follow the same two rules:

- **one duplicate rule**: a key declared twice is an error at start-up
  (`ImproperlyConfigured`, naming both places), never a silent overwrite;
- **one lookup rule**: a declaration made for a model class also answers for its
  subclasses and proxies (`for_model`), the nearest declaration in the class hierarchy
  winning; an instance is looked up by its class.

An app's declarations live in its `manifest.py` (see `parvis.core.manifest`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Hashable, Iterator
from types import FrameType
from typing import Any, Generic, TypeVar

from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import autodiscover_modules

Entry = TypeVar("Entry")


def _place_of_caller() -> str:
    """Where the declaration was made, for the duplicate error: "parvis/agenda/manifest.py:42"."""
    # Frames only, read without their source (inspect.stack() reads every file of the stack,
    # which made each start of Parvis seconds longer).
    frame: FrameType | None = sys._getframe(2)
    while frame is not None:
        filename = frame.f_code.co_filename
        if "/parvis/core/registry.py" not in filename.replace("\\", "/"):
            return f"{filename}:{frame.f_lineno}"
        frame = frame.f_back
    return "?"


class Registry(Generic[Entry]):
    """Declarations of one kind, by key, in the order they were made.

    `what` names the kind in error messages ("commentable type", "notification kind").
    """

    def __init__(self, what: str) -> None:
        self.what = what
        self._entries: dict[Hashable, Entry] = {}
        self._places: dict[Hashable, str] = {}

    def add(self, key: Hashable, entry: Entry) -> Entry:
        """Declare `entry` under `key`; a second declaration of `key` is an error."""
        place = _place_of_caller()
        if key in self._entries:
            raise ImproperlyConfigured(
                f"The {self.what} {_name(key)} is declared twice: at {self._places[key]} "
                f"and at {place}. Each is declared once, in its app's manifest.py."
            )
        self._entries[key] = entry
        self._places[key] = place
        return entry

    def remove(self, key: Hashable) -> None:
        """Forget `key` (for tests that declare something for their own duration)."""
        self._entries.pop(key, None)
        self._places.pop(key, None)

    def get(self, key: Hashable) -> Entry | None:
        return self._entries.get(key)

    def __getitem__(self, key: Hashable) -> Entry:
        try:
            return self._entries[key]
        except KeyError:
            raise LookupError(f"No {self.what} {_name(key)} is declared.") from None

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[Entry]:
        return iter(list(self._entries.values()))

    def __len__(self) -> int:
        return len(self._entries)

    def keys(self) -> list[Hashable]:
        return list(self._entries)

    def values(self) -> list[Entry]:
        return list(self._entries.values())

    def for_model(self, model_or_obj: Any) -> Entry | None:
        """The declaration made for a model class (the key), for it or any of its parents:
        a subclass or a proxy uses its parent's unless it has its own."""
        model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
        for klass in model.__mro__:
            if klass in self._entries:
                return self._entries[klass]
        return None

    def filter(self, keep: Callable[[Entry], bool]) -> list[Entry]:
        return [entry for entry in self._entries.values() if keep(entry)]


def _name(key: Hashable) -> str:
    if isinstance(key, type):
        meta = getattr(key, "_meta", None)
        return meta.label if meta is not None else key.__qualname__
    return repr(key)


def load_manifests() -> None:
    """Import the `manifest.py` of every installed app, once, at start-up (from the core's
    `ready()`: every model is loaded by then). Each declaration goes to its registry, which
    refuses a second declaration of the same key."""
    autodiscover_modules("manifest")
