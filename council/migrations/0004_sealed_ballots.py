"""Held ballots become sealed boxes; elections get a ballot key pair (public half only).

Held ballots already in the database are sealed here, in place, so an election that is
open while this runs carries on: nothing is lost, and the close opens them like any other.
Each election that is open for voting or waiting for its count gets its key pair. This
needs ``PORTAL_BALLOT_KEY``; if it is not set and there is anything to seal, the migration
stops with a message saying so, changing nothing.

The plaintext columns are emptied in the same UPDATE before they are dropped, because
PostgreSQL's DROP COLUMN leaves the old values inside the rows. The old row versions stay
on disk until PostgreSQL vacuums the table: run ``VACUUM FULL council_heldballot`` after
this migration if any ballots were held when it ran.

Also removes the retired "council-mix-ballot-boxes" beat entry (django-celery-beat keeps
entries copied from an older schedule).
"""

from django.db import migrations, models

SEALABLE = ("voting_open", "voting_closed")


def _elections_needing_keys(apps):
    Election = apps.get_model("council", "Election")
    HeldBallot = apps.get_model("council", "HeldBallot")
    held = set(HeldBallot.objects.values_list("election_id", flat=True).distinct())
    return Election.objects.filter(
        models.Q(status__in=SEALABLE) | models.Q(pk__in=held), ballot_public_key=""
    )


def seal_held_ballots(apps, schema_editor):
    from django.core.exceptions import ImproperlyConfigured

    from council import sealing

    HeldBallot = apps.get_model("council", "HeldBallot")
    Nomination = apps.get_model("council", "Nomination")
    elections = list(_elections_needing_keys(apps))
    if not elections:
        return
    try:
        sealing.master_key()
    except ImproperlyConfigured:
        raise ImproperlyConfigured(
            f"Set PORTAL_BALLOT_KEY before running this migration: {len(elections)} election(s) "
            "are open for voting or waiting for the count, and their ballots must be sealed "
            "with a key derived from it. Nothing was changed."
        ) from None
    for election in elections:
        election.ballot_key_salt = sealing.new_salt()
        election.ballot_public_key = sealing.public_key_hex(
            election_id=election.pk, salt=election.ballot_key_salt
        )
        election.save(update_fields=["ballot_key_salt", "ballot_public_key"])
        size = sealing.sealed_size(
            Nomination.objects.filter(election=election, status="accepted").values_list(
                "pk", flat=True
            )
        )
        for held in HeldBallot.objects.filter(election=election, sealed__isnull=True):
            held.sealed = sealing.seal(
                public_key=election.ballot_public_key,
                ranking=held.ranking,
                receipt_hash=held.receipt_hash,
                size=size,
            )
            held.ranking = []
            held.receipt_hash = ""
            held.save(update_fields=["sealed", "ranking", "receipt_hash"])


def open_held_ballots(apps, schema_editor):
    """Going back: the sealed ballots are opened into the old plaintext columns."""
    from council import sealing

    Election = apps.get_model("council", "Election")
    HeldBallot = apps.get_model("council", "HeldBallot")
    for election in Election.objects.filter(
        pk__in=HeldBallot.objects.values_list("election_id", flat=True)
    ):
        box = sealing.opener(
            election_id=election.pk,
            salt=election.ballot_key_salt,
            public_key=election.ballot_public_key,
        )
        for held in HeldBallot.objects.filter(election=election):
            held.ranking, held.receipt_hash = sealing.unseal(box, held.sealed)
            held.save(update_fields=["ranking", "receipt_hash"])


def remove_mixing_job(apps, schema_editor):
    try:
        PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    except LookupError:
        return
    PeriodicTask.objects.filter(task="council.tasks.mix_ballot_boxes").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0003_meetings_and_rep_issues"),
    ]

    operations = [
        migrations.AddField(
            model_name="election",
            name="ballot_key_salt",
            field=models.CharField(blank=True, editable=False, max_length=32),
        ),
        migrations.AddField(
            model_name="election",
            name="ballot_public_key",
            field=models.CharField(blank=True, editable=False, max_length=64),
        ),
        migrations.AddField(
            model_name="heldballot",
            name="sealed",
            field=models.BinaryField(null=True),
        ),
        migrations.AlterField(
            model_name="heldballot",
            name="ranking",
            field=models.JSONField(default=list),
        ),
        migrations.RunPython(seal_held_ballots, open_held_ballots),
        migrations.RemoveField(model_name="heldballot", name="ranking"),
        migrations.RemoveField(model_name="heldballot", name="receipt_hash"),
        migrations.AlterField(
            model_name="heldballot",
            name="sealed",
            field=models.BinaryField(),
        ),
        migrations.RunPython(remove_mixing_job, migrations.RunPython.noop),
    ]
