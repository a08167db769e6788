"""What council/ holds about a person, for "download my data" and account deletion.

Ballots, held ballots and receipts have no link to anyone and are not listed. Nothing
here may ever be used to join a person to a ballot.
"""

from core.personal_data import registry
from council.models import (
    Election,
    Membership,
    Nomination,
    Participation,
    RecordedSelection,
    Representative,
    RollEntry,
)

registry.register(
    Membership,
    user_field="user",
    fields=["constituency__council__name", "constituency__name", "joined_on", "left_on"],
    title="Council constituencies you belong to",
)
registry.register(
    Nomination,
    user_field="nominee",
    fields=[
        "election__title",
        "ballot_name",
        "statement",
        "status",
        "decision_reason",
        "created_at",
    ],
    title="Nominations for you to stand in a council election",
)
registry.register(
    RollEntry,
    user_field="voter",
    fields=["election__title"],
    title="Elections whose voter roll you were on",
)
registry.register(
    Participation,
    user_field="voter",
    fields=["election__title", "channel"],
    title="Elections you voted in (how you voted is secret and not stored with your name)",
)
registry.register(
    Representative,
    user_field="user",
    fields=[
        "council__name",
        "constituency__name",
        "source",
        "term_start",
        "term_end",
        "stood_down_on",
    ],
    title="Your terms as a council representative",
)
registry.exempt(Election, reason="Only records who set the election up (a staff action).")
registry.exempt(RecordedSelection, reason="Only records the returning officer who wrote it down.")
