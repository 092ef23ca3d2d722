"""Public names saved before the rule of `parvis.accounts.names` follow it.

A name is stored normalised (NFKC, single spaces); one with a line break, a direction
control, an invisible character or nothing visible is emptied (the person appears as
"a resident" and may choose a name again). A name that includes a reserved term (the
town's name, a staff role…) is left as it is: it may be a real surname, and a moderator
decides; the form asks for another name at the next change.
"""

from django.core.exceptions import ValidationError
from django.db import migrations

from parvis.accounts.names import display_name_clean


def clean_display_names(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(display_name="").only("pk", "display_name").iterator():
        try:
            cleaned = display_name_clean(user.display_name)
        except ValidationError as exc:
            if exc.code == "reserved":
                continue
            cleaned = ""
        if cleaned != user.display_name:
            user.display_name = cleaned
            user.save(update_fields=["display_name"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_mfa_secrets_encrypted")]

    operations = [migrations.RunPython(clean_display_names, migrations.RunPython.noop)]
