# Issue 14 item 5: phone numbers are stored as E.164 (+447700900123) and checked on entry.
#
# Existing numbers that parse are rewritten as E.164. Numbers that do not parse are KEPT as the
# person typed them, not cleared: nothing a person typed is lost, they can see and correct it
# on My account (saving that page asks them to), and an administrator sees the error in the
# admin. Until then no text is sent to them: User.sends_sms only accepts a stored E.164 number
# that can take texts (core.phone.can_take_texts), so a kept bad number is never sent to.

from django.db import migrations, models

import core.phone


def normalise_numbers(apps, schema_editor):
    from django.core.exceptions import ValidationError

    User = apps.get_model("users", "User")
    changed = []
    for user in User.objects.exclude(phone="").only("pk", "phone").iterator(chunk_size=2000):
        try:
            e164 = core.phone.normalise_phone(user.phone)
        except ValidationError:
            continue  # kept as typed; see above
        if e164 != user.phone:
            user.phone = e164
            changed.append(user)
        if len(changed) >= 1000:
            User.objects.bulk_update(changed, ["phone"])
            changed = []
    if changed:
        User.objects.bulk_update(changed, ["phone"])


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0005_user_name_index"),
    ]

    operations = [
        migrations.AlterField(
            model_name="user",
            name="phone",
            field=models.CharField(
                blank=True,
                default="",
                help_text="For text message reminders. Leave blank if you do not want them.",
                max_length=20,
                validators=[core.phone.validate_stored_phone],
                verbose_name="mobile number",
            ),
        ),
        migrations.RunPython(normalise_numbers, migrations.RunPython.noop),
    ]
