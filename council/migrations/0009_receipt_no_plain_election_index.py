"""council_receipt loses its plain election_id index (issue 19): the unique
(election_id, code_hash) index leads with the same column and serves every query, so the
second index only cost time at each close. The foreign key itself stays (Django drops and
re-adds it around the index; the re-added constraint checks every row)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0008_election_ballot_seal"),
    ]

    operations = [
        migrations.AlterField(
            model_name="receipt",
            name="election",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="receipts",
                to="council.election",
            ),
        ),
    ]
