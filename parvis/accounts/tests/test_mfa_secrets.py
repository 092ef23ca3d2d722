"""Two-factor secrets are encrypted at rest, and SECRET_KEY can be rotated without anyone
losing their second factor."""

from __future__ import annotations

import importlib
import json
from io import StringIO

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.apps import apps
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection

from conftest import PASSWORD, make_user, totp_code
from parvis.accounts.roles import Role
from parvis.accounts.tests.helpers import sign_in
from parvis.core import crypto

pytestmark = pytest.mark.django_db

BACKOFFICE = "/backoffice/"
SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
SEED = "9c1185a5c5e9fc54612808977ee8f548b2258d31aa11223344556677889900aabbccddeeff0011"
OLD_KEY = "the-old-secret-key-of-the-town-0123456789-abcdefghijklmnop"
NEW_KEY = "the-new-secret-key-of-the-town-9876543210-zyxwvutsrqponmlk"


def stored_data(authenticator: Authenticator) -> str:
    """The `data` column as the database holds it (what a stolen backup shows)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE id = %s", [authenticator.pk])
        (raw,) = cursor.fetchone()
    return raw if isinstance(raw, str) else json.dumps(raw)


def signs_in_with_code(client, user, code: str) -> bool:
    client.logout()
    cache.clear()  # allauth refuses a code used twice within its period
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    response = client.post("/accounts/2fa/authenticate/", {"code": code})
    return response.status_code == 302 and client.get(BACKOFFICE).status_code == 200


def test_a_secret_set_up_through_the_pages_is_stored_encrypted(client, staff_member):
    user = staff_member(Role.MODERATOR, totp=False)
    sign_in(client, user)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    page = client.get("/accounts/2fa/totp/activate/").content.decode()
    secret = page.split('id="authenticator_secret"')[1].split('value="')[1].split('"')[0]

    activated = client.post("/accounts/2fa/totp/activate/", {"code": pyotp.TOTP(secret).now()})

    assert activated.status_code == 302
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    codes = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    assert len(secret) == 32
    assert secret not in stored_data(totp)
    assert secret.lower() not in stored_data(totp).lower()
    assert totp.data["secret"].startswith("fernet:")
    seed = RecoveryCodes(codes).instance.data["seed"]
    assert seed.startswith("fernet:")
    clear_seed = crypto.decrypt(seed, purpose="mfa.authenticator")
    assert len(clear_seed) == 80
    assert clear_seed not in stored_data(codes)
    for code in RecoveryCodes(codes).get_unused_codes():
        assert code not in stored_data(codes)
    # Which codes were spent reveals none of them, and allauth reads it as a number.
    assert json.loads(stored_data(codes))["used_mask"] == 0


def test_signing_in_with_an_encrypted_secret_and_a_recovery_code_still_works(client, officer):
    codes = RecoveryCodes.activate(officer).get_unused_codes()

    assert signs_in_with_code(client, officer, totp_code(officer))
    assert signs_in_with_code(client, officer, codes[0])
    assert not signs_in_with_code(client, officer, codes[0])


def test_the_key_is_derived_from_secret_key_for_one_purpose_only(settings):
    settings.SECRET_KEY = OLD_KEY
    settings.SECRET_KEY_FALLBACKS = []
    value = crypto.encrypt(SECRET, purpose="mfa.authenticator")

    assert crypto.decrypt(value, purpose="mfa.authenticator") == SECRET
    assert OLD_KEY not in value
    # The same SECRET_KEY used for another purpose opens nothing of this one.
    with pytest.raises(crypto.UndecryptableSecretError):
        crypto.decrypt(value, purpose="another.purpose")
    # A value altered in the database is refused, not read as something else.
    tampered = value[:-6] + ("A" if value[-6] != "A" else "B") + value[-5:]
    with pytest.raises(crypto.UndecryptableSecretError):
        crypto.decrypt(tampered, purpose="mfa.authenticator")
    # A value in clear is not taken as a secret.
    with pytest.raises(crypto.UndecryptableSecretError):
        crypto.decrypt(SECRET, purpose="mfa.authenticator")
    settings.SECRET_KEY = NEW_KEY
    with pytest.raises(crypto.UndecryptableSecretError, match="SECRET_KEY_FALLBACKS"):
        crypto.decrypt(value, purpose="mfa.authenticator")


def test_rotating_secret_key_keeps_every_second_factor(client, settings):
    settings.SECRET_KEY = OLD_KEY
    settings.SECRET_KEY_FALLBACKS = []
    user = make_user("moderation@mairie.example", roles=(Role.MODERATOR,))
    TOTP.activate(user, SECRET)
    codes = RecoveryCodes.activate(user).get_unused_codes()
    totp = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    before = stored_data(totp)

    # Step 1: a new SECRET_KEY, the old one kept as a fallback: codes still work.
    settings.SECRET_KEY = NEW_KEY
    settings.SECRET_KEY_FALLBACKS = [OLD_KEY]
    assert signs_in_with_code(client, user, pyotp.TOTP(SECRET).now())
    assert signs_in_with_code(client, user, codes[0])

    # Step 2: `parvis mfa_rekey` re-encrypts everything under the new key.
    out = StringIO()
    call_command("mfa_rekey", stdout=out)
    assert out.getvalue().startswith("2 authenticator(s) re-encrypted")
    assert stored_data(totp) != before
    again = StringIO()
    call_command("mfa_rekey", stdout=again)
    assert again.getvalue().startswith("0 authenticator(s) re-encrypted")
    assert "2 already were" in again.getvalue()

    # Step 3: the old key is dropped; codes still work, the spent one stays spent.
    settings.SECRET_KEY_FALLBACKS = []
    assert signs_in_with_code(client, user, pyotp.TOTP(SECRET).now())
    assert signs_in_with_code(client, user, codes[1])
    assert not signs_in_with_code(client, user, codes[0])


def test_dropping_the_old_key_before_rekeying_is_reported_by_the_command(settings):
    settings.SECRET_KEY = OLD_KEY
    settings.SECRET_KEY_FALLBACKS = []
    user = make_user("moderation@mairie.example", roles=(Role.MODERATOR,))
    TOTP.activate(user, SECRET)
    settings.SECRET_KEY = NEW_KEY

    with pytest.raises(CommandError, match="SECRET_KEY_FALLBACKS"):
        call_command("mfa_rekey", stdout=StringIO())


def test_the_migration_encrypts_secrets_stored_in_clear_and_only_those(client, settings):
    migration = importlib.import_module("parvis.accounts.migrations.0003_mfa_secrets_encrypted")
    user = make_user("moderation@mairie.example", roles=(Role.MODERATOR,))
    # Rows as the code of before wrote them: allauth's data, secrets in clear.
    totp = Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": SECRET}
    )
    codes = Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": SEED, "used_mask": 0b101},
    )
    other = make_user("rh@mairie.example", roles=(Role.HR_OFFICER,), totp=True)
    already = Authenticator.objects.get(user=other, type=Authenticator.Type.TOTP)
    already_stored = stored_data(already)

    migration.encrypt_clear_secrets(apps, None)

    totp.refresh_from_db()
    codes.refresh_from_db()
    assert SECRET not in stored_data(totp)
    assert SEED not in stored_data(codes)
    assert crypto.decrypt(totp.data["secret"], purpose="mfa.authenticator") == SECRET
    assert crypto.decrypt(codes.data["seed"], purpose="mfa.authenticator") == SEED
    assert codes.data["used_mask"] == 0b101
    assert stored_data(already) == already_stored
    # Running it again changes nothing.
    encrypted = (stored_data(totp), stored_data(codes))
    migration.encrypt_clear_secrets(apps, None)
    assert (stored_data(totp), stored_data(codes)) == encrypted
    # And the person signs in with the code their phone shows, as before.
    assert signs_in_with_code(client, user, pyotp.TOTP(SECRET).now())

    # Going back puts the values in clear again, for the code of before.
    migration.decrypt_secrets(apps, None)
    totp.refresh_from_db()
    codes.refresh_from_db()
    assert totp.data == {"secret": SECRET}
    assert codes.data["seed"] == SEED


@pytest.mark.django_db(transaction=True)
@pytest.mark.postgresql  # row locks: SQLite has one writer at a time
def test_a_recovery_code_spent_while_rekeying_stays_spent(settings):
    import threading
    import time

    from django.db import connections, transaction

    from parvis.accounts.services import authenticators_rekey

    settings.SECRET_KEY = OLD_KEY
    settings.SECRET_KEY_FALLBACKS = []
    user = make_user("moderation@mairie.example", roles=(Role.MODERATOR,))
    codes = RecoveryCodes.activate(user)
    settings.SECRET_KEY = NEW_KEY
    settings.SECRET_KEY_FALLBACKS = [OLD_KEY]
    rekeyed: list[tuple[int, int]] = []

    def rekey() -> None:
        try:
            rekeyed.append(authenticators_rekey())
        finally:
            connections.close_all()

    # The sign-in form spends a code inside a transaction holding the row (as allauth
    # does); the rekeying starts meanwhile and must wait for it, not write over it.
    with transaction.atomic():
        held = Authenticator.objects.select_for_update().get(pk=codes.instance.pk)
        worker = threading.Thread(target=rekey)
        worker.start()
        deadline = time.monotonic() + 10
        with connection.cursor() as cursor:
            while time.monotonic() < deadline:
                cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                if cursor.fetchone()[0]:
                    break
                time.sleep(0.02)
            else:
                raise AssertionError("the rekeying did not wait for the row")
        held.data["used_mask"] = 0b1
        held.save()
    worker.join(timeout=10)

    assert rekeyed == [(1, 0)]
    settings.SECRET_KEY_FALLBACKS = []
    after = Authenticator.objects.get(pk=codes.instance.pk)
    assert after.data["used_mask"] == 0b1
    assert len(RecoveryCodes(after).get_unused_codes()) == 9
