"""Two-factor secrets at rest: which values of an authenticator are secret, and how they
are encrypted (`parvis.core.crypto`, under the purpose below).

allauth stores each authenticator's state in `Authenticator.data` and passes its secrets
through the MFA adapter's encrypt()/decrypt() (`parvis.accounts.adapter.MFAAdapter`): the
TOTP key (`secret`), the seed the recovery codes are derived from (`seed`) and codes
imported from another system (`migrated_codes`). `used_mask`, which of the recovery codes
were spent, reveals no code and is read and written by allauth directly: it stays clear.
"""

from __future__ import annotations

from typing import Any

from parvis.core import crypto

PURPOSE = "mfa.authenticator"
#: Keys of `Authenticator.data` holding one secret string.
SECRET_VALUES = ("secret", "seed")
#: Keys of `Authenticator.data` holding a list of secret strings.
SECRET_LISTS = ("migrated_codes",)


def secret_encrypt(text: str) -> str:
    return crypto.encrypt(text, purpose=PURPOSE)


def secret_decrypt(value: str) -> str:
    return crypto.decrypt(value, purpose=PURPOSE)


def data_reencrypted(data: dict[str, Any], *, only_clear: bool = False) -> dict[str, Any] | None:
    """A copy of `data` with every secret encrypted under the current key, or None when
    nothing had to change.

    With `only_clear`, values already encrypted are kept as they are, whatever their key
    (what the data migration does: running it twice changes nothing). Otherwise values
    under a fallback key are re-encrypted; UndecryptableSecretError when no key opens one.
    """

    def converted(value: Any) -> Any:
        if not isinstance(value, str):
            return value
        if only_clear and crypto.is_encrypted(value):
            return value
        new = crypto.reencrypt(value, purpose=PURPOSE)
        return value if new is None else new

    result = dict(data)
    for key in SECRET_VALUES:
        if key in result:
            result[key] = converted(result[key])
    for key in SECRET_LISTS:
        if isinstance(result.get(key), list):
            result[key] = [converted(item) for item in result[key]]
    return None if result == data else result
