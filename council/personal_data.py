"""What council/ holds about a person, for "download my data" and account deletion.

Ballots, held ballots and receipts have no link to anyone and are not listed. Nothing
here may ever be used to join a person to a ballot.
"""

from core.personal_data import registry, unlink
from council.models import (
    AgendaItem,
    AgendaResponse,
    Decision,
    Election,
    Meeting,
    MeetingAttendee,
    Membership,
    Minutes,
    Nomination,
    Participation,
    RecordedSelection,
    RepIssue,
    RepIssueMessage,
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

# --- Meetings and "tell your rep" ---------------------------------------------------------------

registry.register(
    RepIssue,
    user_field="raised_by",
    fields=[
        "constituency__name",
        "portfolio__name",
        "problem",
        "what_would_help",
        "name_shared",
        "status",
        "closed_reason",
        "created_at",
    ],
    title="Issues you told your council representatives about",
)
registry.register(
    RepIssueMessage,
    user_field="author",
    fields=["issue_id", "body", "created_at"],
    title="Messages you wrote about issues raised with representatives",
)
registry.register(
    MeetingAttendee,
    user_field="user",
    fields=["meeting__title", "meeting__starts_at", "capacity", "attendance"],
    title="Council meetings you were expected at",
)
registry.register(
    AgendaItem,
    user_field=("raised_by", "owner"),
    fields=["meeting__title", "title", "raised_as", "created_at"],
    title="Council agenda items you raised or owned",
)
registry.register(
    AgendaResponse,
    user_field="author",
    fields=["item__title", "body", "created_at"],
    title="Written responses you gave to council agenda items",
)
registry.register(
    Meeting,
    user_field="chair",
    fields=["title", "starts_at"],
    title="Council meetings you chaired",
)
registry.exempt(Decision, reason="Only records who typed the decision into the minutes.")
registry.exempt(Minutes, reason="Only records who drafted, approved and published the minutes.")


def _promote_first_duplicate(main: RepIssue) -> None:
    """The issue others were joined to is going: the earliest of them takes its place, so
    the others (and the agenda item) still hang together."""
    duplicates = list(main.duplicates.order_by("created_at", "pk"))
    heir, rest = duplicates[0], duplicates[1:]
    RepIssue.objects.filter(pk=heir.pk).update(
        status=main.status,
        merged_into=None,
        agenda_item=main.agenda_item,
        closed_reason=main.closed_reason,
    )
    RepIssue.objects.filter(pk__in=[d.pk for d in rest]).update(merged_into=heir)


def erase_council_meeting_data(user) -> None:
    """On account deletion: remove the person's own issues and messages (their words), and
    unlink them from the council's record (agenda items, responses, meetings, minutes),
    which stays as the council's history. Agenda items keep their count of people."""
    for main in RepIssue.objects.filter(raised_by=user, duplicates__isnull=False).distinct():
        _promote_first_duplicate(main)
    RepIssue.objects.filter(raised_by=user).delete()
    RepIssueMessage.objects.filter(author=user, from_raiser=True).delete()
    MeetingAttendee.objects.filter(user=user).delete()
    unlink(
        user,
        [
            (RepIssueMessage, "author"),
            (AgendaItem, "raised_by"),
            (AgendaItem, "owner"),
            (AgendaResponse, "author"),
            (Meeting, "chair"),
            (Meeting, "created_by"),
            (Decision, "created_by"),
            (Minutes, "drafted_by"),
            (Minutes, "approved_by"),
        ],
    )


registry.add_eraser(erase_council_meeting_data)
