"""Elections say how their ballots are sealed (issue 19): the X25519 sealed box, or
XChaCha20-Poly1305 with a per-election key (``council/sealing.py``).

Every election that exists when this runs keeps the sealed box, so ballots already held in
an open election still open at close; elections that open voting from now on use the
symmetric seal (``election_open_voting`` sets it).

Going back re-seals any held ballots of symmetric-seal elections as sealed boxes with the
election's public key, so the older code can open them. That needs ``PORTAL_BALLOT_KEY``.
"""

from django.db import migrations, models

SEALED_BOX = "sealed_box"
AEAD = "aead"


def reseal_as_sealed_boxes(apps, schema_editor):
    from nacl.bindings import crypto_aead_xchacha20poly1305_ietf_ABYTES

    from council import sealing

    Election = apps.get_model("council", "Election")
    HeldBallot = apps.get_model("council", "HeldBallot")
    elections = Election.objects.filter(
        ballot_seal=AEAD, pk__in=HeldBallot.objects.values_list("election_id", flat=True)
    )
    for election in elections:
        held = list(HeldBallot.objects.filter(election=election))
        opened = sealing.unseal_all(
            scheme=sealing.AEAD,
            election_id=election.pk,
            salt=election.ballot_key_salt,
            public_key=election.ballot_public_key,
            sealed=[bytes(h.sealed) for h in held],
        )
        for row, (ranking, receipt_hash) in zip(held, opened, strict=True):
            # The same padded length as before: every box of the election stays one length.
            size = len(row.sealed) - sealing.NONCE - crypto_aead_xchacha20poly1305_ietf_ABYTES
            row.sealed = sealing.seal(
                public_key=election.ballot_public_key,
                ranking=ranking,
                receipt_hash=receipt_hash,
                size=size,
            )
        HeldBallot.objects.bulk_update(held, ["sealed"], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0007_election_cancelled"),
    ]

    operations = [
        migrations.AddField(
            model_name="election",
            name="ballot_seal",
            field=models.CharField(
                choices=[
                    ("sealed_box", "X25519 sealed box (opened before December 2026)"),
                    ("aead", "XChaCha20-Poly1305 with the election's own key"),
                ],
                default=SEALED_BOX,
                editable=False,
                max_length=20,
            ),
        ),
        migrations.AlterField(
            model_name="election",
            name="ballot_seal",
            field=models.CharField(
                choices=[
                    ("sealed_box", "X25519 sealed box (opened before December 2026)"),
                    ("aead", "XChaCha20-Poly1305 with the election's own key"),
                ],
                default=AEAD,
                editable=False,
                max_length=20,
            ),
        ),
        migrations.RunPython(migrations.RunPython.noop, reseal_as_sealed_boxes),
    ]
