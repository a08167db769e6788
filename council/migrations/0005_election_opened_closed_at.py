"""When voting actually opened and closed, on every election.

Voting opened by hand left no time on the election (``voting_open_at`` is only the plan), so
reports that counted elections by it showed none. The backfill takes the times from the
election's own log (the "voting opened" and "voting closed" entries, written on every path),
then from the moment the roll was frozen (which is when voting opens), then from the plan.

Depends on 0003: another branch adds 0004 in council; the dependency is fixed when they meet.
"""

from django.db import migrations, models

VOTED = ("voting_open", "voting_closed", "counted", "published")
CLOSED = ("voting_closed", "counted", "published")


def backfill(apps, schema_editor):
    Election = apps.get_model("council", "Election")
    Entry = apps.get_model("council", "ElectionLogEntry")
    opened = dict(
        Entry.objects.filter(action="voting opened")
        .order_by("election_id", "-seq")
        .values_list("election_id", "created_at")
    )
    closed = dict(
        Entry.objects.filter(action="voting closed")
        .order_by("election_id", "-seq")
        .values_list("election_id", "created_at")
    )
    for election in Election.objects.filter(status__in=VOTED).only(
        "pk", "status", "frozen_at", "voting_open_at", "voting_close_at"
    ):
        election.voting_opened_at = (
            opened.get(election.pk) or election.frozen_at or election.voting_open_at
        )
        if election.status in CLOSED:
            election.voting_closed_at = closed.get(election.pk) or election.voting_close_at
        election.save(update_fields=["voting_opened_at", "voting_closed_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0004_sealed_ballots"),
    ]

    operations = [
        migrations.AddField(
            model_name="election",
            name="voting_opened_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="election",
            name="voting_closed_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
    ]
