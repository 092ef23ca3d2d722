"""Codes people read, type and say aloud (references, invitation codes), and what is kept of
a secret code: letters and digits no one misreads, on paper or over the phone."""

from __future__ import annotations

import hashlib
import secrets

#: No 0/O, 1/I/L.
READABLE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def readable_code(length: int) -> str:
    """`length` random characters of `READABLE_ALPHABET`."""
    return "".join(secrets.choice(READABLE_ALPHABET) for _ in range(length))


def secret_digest(secret: str) -> str:
    """What is kept of a random secret (a link's, a code's): its SHA-256; a secret of that
    much randomness needs no slow hash."""
    return hashlib.sha256(secret.encode()).hexdigest()
