"""Encrypt the two-factor secrets stored in clear before Parvis encrypted them.

Values already encrypted (prefix `fernet:`) are left as they are, so running this again,
or on a database set up after the change, rewrites nothing. Going back decrypts them, for
the code of before.
"""

from django.db import migrations

from parvis.accounts import mfa


def encrypt_clear_secrets(apps, schema_editor):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.order_by("pk").iterator():
        data = mfa.data_reencrypted(authenticator.data, only_clear=True)
        if data is not None:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def decrypt_secrets(apps, schema_editor):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.order_by("pk").iterator():
        data = dict(authenticator.data)
        for key in mfa.SECRET_VALUES:
            if isinstance(data.get(key), str) and mfa.crypto.is_encrypted(data[key]):
                data[key] = mfa.secret_decrypt(data[key])
        for key in mfa.SECRET_LISTS:
            if isinstance(data.get(key), list):
                data[key] = [
                    mfa.secret_decrypt(item) if mfa.crypto.is_encrypted(item) else item
                    for item in data[key]
                ]
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_suspension"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(encrypt_clear_secrets, decrypt_secrets)]
