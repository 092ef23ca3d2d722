"""Secrets kept in the database, encrypted with keys derived from SECRET_KEY.

Each use names its `purpose`; its key is HKDF-SHA256 over SECRET_KEY with that purpose as
label, so SECRET_KEY itself never serves as a cipher key and a value encrypted for one
purpose cannot be read as another's. Values are Fernet tokens (AES-128-CBC with an
HMAC-SHA256, from `cryptography`) behind the prefix `fernet:`, which tells an encrypted
value from one stored in clear before this module existed.

Rotation: the keys derived from SECRET_KEY_FALLBACKS still decrypt, the one derived from
SECRET_KEY encrypts. After changing SECRET_KEY (the old one kept in SECRET_KEY_FALLBACKS),
the owning app re-encrypts its values (`parvis mfa_rekey` for two-factor secrets); then
the old key can be dropped. The steps are in docs/configuration.md.
"""

from __future__ import annotations

import base64
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

PREFIX = "fernet:"


class UndecryptableSecretError(Exception):
    """A stored value that no configured key opens, or that is not encrypted at all."""


def is_encrypted(value: object) -> bool:
    return isinstance(value, str) and value.startswith(PREFIX)


def encrypt(text: str, *, purpose: str) -> str:
    """`text` encrypted under the key derived from the current SECRET_KEY for `purpose`."""
    token = _keys(purpose)[0].encrypt(text.encode("utf-8"))
    return PREFIX + token.decode("ascii")


def decrypt(value: str, *, purpose: str) -> str:
    """The text of a value made by `encrypt()` with this SECRET_KEY or one of its fallbacks.

    Raises UndecryptableSecretError for a value in clear or one no configured key opens
    (SECRET_KEY changed without keeping the old one in SECRET_KEY_FALLBACKS).
    """
    if not is_encrypted(value):
        raise UndecryptableSecretError(
            f"A {purpose} secret is stored in clear; `parvis migrate` encrypts such values."
        )
    try:
        text = MultiFernet(_keys(purpose)).decrypt(value.removeprefix(PREFIX).encode("ascii"))
    except (InvalidToken, UnicodeEncodeError) as exc:
        raise UndecryptableSecretError(
            f"A {purpose} secret cannot be decrypted with SECRET_KEY nor any of "
            "SECRET_KEY_FALLBACKS: was SECRET_KEY changed without keeping the old one "
            "among the fallbacks?"
        ) from exc
    return text.decode("utf-8")


def reencrypt(value: str, *, purpose: str) -> str | None:
    """`value` encrypted under the current key, or None when it already is.

    A value in clear is encrypted; one under a fallback key is decrypted and encrypted
    again. Raises UndecryptableSecretError when no configured key opens it.
    """
    if not is_encrypted(value):
        return encrypt(value, purpose=purpose)
    try:
        _keys(purpose)[0].decrypt(value.removeprefix(PREFIX).encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        return encrypt(decrypt(value, purpose=purpose), purpose=purpose)
    return None


def _keys(purpose: str) -> tuple[Fernet, ...]:
    # Read at each call, not at import: tests and rotation change the settings.
    secrets = (settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", ()))
    return tuple(_fernet(secret, purpose) for secret in secrets)


@lru_cache(maxsize=32)
def _fernet(secret: str, purpose: str) -> Fernet:
    derived = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=None,
        info=f"parvis:{purpose}".encode(),
    ).derive(secret.encode("utf-8"))
    return Fernet(base64.urlsafe_b64encode(derived))
