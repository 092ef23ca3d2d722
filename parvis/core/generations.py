"""Generations: a counter per thing a cached page may show, moved by every change to it.

A key names what changed, at the grain pages depend on:

- `town`: the layout and anything every page shows;
- `<app_label>.<model>`: any object of a type (its lists, its cards wherever they appear);
- `<app_label>.<model>:<pk>`: one object (its own page);
- `space:<pk>`, `tag:<pk>`: whatever gathers in a space or under a tag.

`bump(*keys)` adds one to each key **in the current transaction**: the change and its
bumps commit or roll back together, so no process ever sees a new generation without the
change, nor the change without it. The page cache (`parvis.core.pagecache`) records the
generations a page was rendered at, and serves it only while they are all unchanged.

Readers (every server process) keep a `Snapshot` of all generations, refreshed at most
every GENERATIONS_REFRESH seconds (0.5 by default) with one query that reads only the rows
changed since the last refresh, so a change is seen everywhere within that delay plus the
query's time, without Redis, on every server sharing the database. The catch-all key `*`
is the sum of every generation: any bump moves it (pages that declare nothing use it).

Why no change committed late is missed (the rows are read by `seq`):

- **SQLite** serialises writing transactions (Parvis opens them IMMEDIATE): a bump's `seq`
  is the largest one plus one, taken while holding the write lock, so changes commit in
  the order of their `seq`. A reader that has seen every row up to `seq` = N has missed
  none below N, and next time reads `seq > N`.
- **PostgreSQL** runs writers side by side, so a transaction with a smaller number may
  commit after one with a larger number. A bump stores the id of its transaction
  (`pg_current_xact_id()`) as `seq`; each refresh also reads the oldest transaction still
  running (`xmin` of its snapshot). Any change the refresh did not see belongs to a
  transaction that was running or had not started then, whose id is at least that
  `xmin`: the next refresh reads `seq >= xmin`. Rows are read again while a long
  transaction keeps `xmin` low, which costs a few rows, never a missed change. Values are
  absolute counters, so reading a row twice is harmless.

The generations always come from the database, with or without REDIS_URL: they commit with
the changes they describe, which a separate store could not promise.

Bumping takes the row lock of each bumped key until the transaction ends: two
transactions changing the same kind of content wait for each other at their bump (not for
the whole of each other's work before it), which a town's rate of publishing never notices.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

#: The catch-all key: its value is the sum of every generation, so every bump moves it.
ANY = "*"
TOWN = "town"

_SQLITE_BUMP = (
    "INSERT INTO core_generation (key, value, seq, changed_at) "
    "VALUES (%s, 1, (SELECT COALESCE(MAX(seq), 0) + 1 FROM core_generation), %s) "
    "ON CONFLICT (key) DO UPDATE SET value = value + 1, seq = excluded.seq, "
    "changed_at = excluded.changed_at"
)
_POSTGRESQL_BUMP = (
    "INSERT INTO core_generation (key, value, seq, changed_at) "
    "VALUES (%s, 1, pg_current_xact_id()::text::bigint, %s) "
    "ON CONFLICT (key) DO UPDATE SET value = core_generation.value + 1, seq = EXCLUDED.seq, "
    "changed_at = EXCLUDED.changed_at"
)
_SQLITE_READ = (
    "SELECT NULL, key, value, changed_at, seq FROM core_generation WHERE seq > %s ORDER BY seq"
)
# One statement, so the `xmin` and the rows come from the same snapshot.
_POSTGRESQL_READ = (
    "WITH s AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS mark) "
    "SELECT s.mark, g.key, g.value, g.changed_at, g.seq FROM s "
    "LEFT JOIN core_generation g ON g.seq >= %s"
)


def bump(*keys: str) -> None:
    """Move the generation of each of `keys` on, in the current transaction (outside one,
    at once). Pages recorded at the former generations stop being served from the cache
    in every process once the transaction commits; nothing changes if it rolls back."""
    wanted = sorted({key for key in keys if key and key != ANY})
    if not wanted:
        return
    now = timezone.now()
    sql = _POSTGRESQL_BUMP if connection.vendor == "postgresql" else _SQLITE_BUMP
    with connection.cursor() as cursor:
        for key in wanted:
            if len(key) > 200:
                raise ValueError(f"A generation key has at most 200 characters: {key[:60]!r}…")
            cursor.execute(sql, [key, now])
    # This process looks again at its next read, and again once the change is committed:
    # its own visitors see their change at once.
    _state.stale = True
    transaction.on_commit(_mark_stale)


def _mark_stale() -> None:
    _state.stale = True


@dataclass
class Snapshot:
    """The generations one process last read: `values[key]` (0 for a key never bumped;
    `values["*"]` the sum of all) and when each last changed."""

    values: dict[str, int] = field(default_factory=dict)
    changed: dict[str, datetime] = field(default_factory=dict)
    #: The `seq` above which (SQLite) or from which (PostgreSQL) the next refresh reads.
    mark: int = 0
    #: `time.monotonic()` of the last refresh; 0 before the first.
    read_at: float = 0.0
    stale: bool = True
    lock: threading.Lock = field(default_factory=threading.Lock)

    def latest(self, keys: Iterable[str]) -> datetime | None:
        """When the last of `keys` changed (the catch-all: when anything did), or None."""
        moments = [self.changed[key] for key in keys if key in self.changed and key != ANY]
        if any(key == ANY for key in keys) and self.changed:
            moments.append(max(self.changed.values()))
        return max(moments) if moments else None


_state = Snapshot()


def current() -> Snapshot:
    """This process's snapshot, refreshed first when GENERATIONS_REFRESH seconds have passed
    since the last refresh or this process bumped something. One thread refreshes while the
    others go on with the snapshot they have (it is at most that old)."""
    state = _state
    due = state.stale or time.monotonic() - state.read_at >= settings.GENERATIONS_REFRESH
    if due and state.lock.acquire(blocking=state.read_at == 0.0):
        try:
            refresh(state)
        finally:
            state.lock.release()
    return state


def refresh(state: Snapshot | None = None) -> Snapshot:
    """Read the rows changed since `state`'s last refresh (all of them the first time)."""
    state = state or _state
    state.stale = False
    postgresql = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(_POSTGRESQL_READ if postgresql else _SQLITE_READ, [state.mark])
        rows = cursor.fetchall()
    # New dictionaries when anything changed: a rendering that took the former ones keeps
    # reading the generations of the moment it started.
    changes = [row for row in rows if row[1] is not None]
    values = dict(state.values) if changes else state.values
    changed_moments = dict(state.changed) if changes else state.changed
    total = values.get(ANY, 0)
    mark = state.mark
    for xmin, key, value, changed_at, seq in rows:
        if postgresql:
            mark = xmin
        if key is None:
            continue
        total += value - values.get(key, 0)
        values[key] = value
        if isinstance(changed_at, str):  # SQLite through a raw cursor gives text
            changed_at = datetime.fromisoformat(changed_at)
        if timezone.is_naive(changed_at):
            changed_at = timezone.make_aware(changed_at, UTC)
        changed_moments[key] = changed_at
        if not postgresql:
            mark = max(mark, seq)
    values[ANY] = total
    state.values, state.changed = values, changed_moments
    state.mark = mark
    state.read_at = time.monotonic()
    return state


def forget() -> None:
    """Start again from nothing at the next read (for tests that empty the database)."""
    global _state
    _state = Snapshot()
