"""The data directory (PARVIS_DATA_DIR, default `./var`): the SQLite database, the collected
static files and, unless SECRET_KEY is given, the secret key Parvis generated for itself.

Reading the settings never writes to disk: a process that only imports them (a test run, a
WSGI server, a linter) leaves the disk as it found it. `prepare()` is the one step that
writes: every `parvis` command runs it before reading the settings, so the first one on a
new machine (`parvis migrate`, or `python3 dev.py run`) makes the directory and the key;
`python3 dev.py test` and the scripts that set Django up by themselves run it too.

No Django settings here: this runs before they can be read.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from parvis.core import env


def data_dir() -> Path:
    return Path(env.string("PARVIS_DATA_DIR", str(Path.cwd() / "var"))).resolve()


def static_root() -> Path:
    """Where `collectstatic` puts the files the production server serves."""
    return Path(env.string("STATIC_ROOT", str(data_dir() / "static")))


def secret_key_path() -> Path:
    """The generated key's file, read when SECRET_KEY (or SECRET_KEY_FILE) is not set."""
    return data_dir() / "secret_key"


def prepare() -> None:
    """Make the data directory and the static folder, and generate the secret key unless
    SECRET_KEY is given or a key was generated before (it is never replaced: sessions,
    links in e-mails and two-factor secrets depend on it). Safe to run again, and from two
    processes at once: the key is written to a file of its own (readable by its owner
    alone), then linked into place only if no key is there, so nobody reads a half-written
    key and the first one made stays.
    """
    data_dir().mkdir(parents=True, exist_ok=True)
    static_root().mkdir(parents=True, exist_ok=True)
    path = secret_key_path()
    if env.string("SECRET_KEY") or path.exists():
        return
    draft = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as key_file:
            key_file.write(secrets.token_urlsafe(50))
        os.link(draft, path)
    except FileExistsError:
        pass  # another process made it first: keep theirs
    finally:
        draft.unlink()
