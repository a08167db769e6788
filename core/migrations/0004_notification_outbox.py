"""Notifications become an outbox (issue 19): a lease, tries, back-off, and a reference.

``reference`` is unique, so it is added in three steps: nullable, one fresh value per row,
then unique. Rows still waiting get ``next_attempt_at`` so the sweep picks them up.
"""

import uuid

from django.conf import settings
from django.db import migrations, models
from django.utils import timezone


def fill_references(apps, schema_editor):
    Notification = apps.get_model("core", "Notification")
    for pk in Notification.objects.values_list("pk", flat=True).iterator():
        Notification.objects.filter(pk=pk).update(reference=uuid.uuid4())
    waiting = models.Q(email_status="queued") | models.Q(sms_status="queued")
    Notification.objects.filter(waiting, delivered_at=None).update(next_attempt_at=timezone.now())


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_audit_append_only"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="notification",
            name="claimed_until",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="notification",
            name="last_error",
            field=models.CharField(blank=True, max_length=200),
        ),
        migrations.AddField(
            model_name="notification",
            name="next_attempt_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="notification",
            name="reference",
            field=models.UUIDField(editable=False, null=True),
        ),
        migrations.RunPython(fill_references, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="notification",
            name="reference",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
        migrations.AlterField(
            model_name="notification",
            name="email_status",
            field=models.CharField(
                choices=[
                    ("none", "Not sent this way"),
                    ("queued", "Waiting to be sent"),
                    ("sent", "Sent"),
                    ("failed", "Could not be sent"),
                ],
                default="none",
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="sms_status",
            field=models.CharField(
                choices=[
                    ("none", "Not sent this way"),
                    ("queued", "Waiting to be sent"),
                    ("sent", "Sent"),
                    ("failed", "Could not be sent"),
                ],
                default="none",
                max_length=20,
            ),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(
                condition=models.Q(("delivered_at", None)),
                fields=["next_attempt_at"],
                name="core_notif_outbox_idx",
            ),
        ),
    ]
