"""Home pages that say what to do next (issue 16): each role's to-do list, most urgent first,
each with a date and one link; "nothing to do" said plainly; the mentor-request link hides
for someone who has a mentor or has asked; the signed-out page links to the public board and
the published themes; and the page's query count does not grow with the data."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Consultation
from core.hooks import Todo, Urgency
from core.templatetags.portal_dates import govuk_date, govuk_datetime
from council.models import (
    Election,
    Meeting,
    Participation,
    RepIssue,
    RepIssueMessage,
    Representative,
    RollEntry,
)
from peersupport.models import (
    ClaimStatus,
    ExpenseClaim,
    Match,
    MatchStatus,
    ShiftSignUp,
    ShiftSignUpStatus,
    SignUp,
    SignUpRole,
    SignUpStatus,
)
from tests.actionplan.factories import create_action
from tests.consultations.factories import answer, make_consultation
from tests.council.factories import ConstituencyFactory, join
from tests.factories import make_user
from tests.peersupport.factories import active_mentor, first_occurrence, make_series
from tests.peersupport.practice_factories import request_for, shift_in
from users.roles import Role

pytestmark = pytest.mark.django_db


def _todo_list(html: str) -> list[str]:
    """The to-do items' link texts, in page order."""
    block = html.split('id="todo-heading"', 1)[1].split("Everything else you can do", 1)[0]
    return [
        re.sub(r"\s+", " ", text).strip()
        for text in re.findall(r'class="govuk-link govuk-task-list__link"[^>]*>(.*?)</a>', block)
    ]


def _todo_block(html: str) -> str:
    """The to-do list's HTML, with runs of white space made one space."""
    block = html.split('id="todo-heading"', 1)[1].split("Everything else you can do", 1)[0]
    return " ".join(block.split())


def _election(title: str, *, closes_in: timedelta, voters=(), voted=()) -> Election:
    constituency = ConstituencyFactory()
    election = Election.objects.create(
        council=constituency.council,
        constituency=constituency,
        title=title,
        seats=1,
        status=Election.Status.VOTING_OPEN,
        voting_open_at=timezone.now() - timedelta(days=1),
        voting_close_at=(timezone.now() + closes_in).replace(second=0, microsecond=0),
    )
    for voter in voters:
        RollEntry.objects.create(election=election, voter=voter)
    for voter in voted:
        Participation.objects.create(election=election, voter=voter, channel="online")
    return election


def _rep_reply(member, rep) -> RepIssue:
    constituency = ConstituencyFactory()
    issue = RepIssue.objects.create(
        council=constituency.council,
        constituency=constituency,
        raised_by=member,
        problem="The office is closed when I finish work",
    )
    RepIssueMessage.objects.create(issue=issue, author=rep, body="We will raise it.")
    return issue


# --- Ordering ---------------------------------------------------------------------------------


def test_most_urgent_first_then_soonest_then_undated():
    now = timezone.now()
    todos = [
        Todo("later", "/", now + timedelta(days=9), urgency=Urgency.LATER),
        Todo("undated", "/", None),
        Todo("soon", "/", now + timedelta(days=2), urgency=Urgency.SOON),
        Todo("normal by date", "/", (now + timedelta(days=3)).date()),
        Todo("normal by time", "/", now + timedelta(days=1)),
        Todo("overdue", "/", (now - timedelta(days=5)).date(), urgency=Urgency.OVERDUE),
    ]
    assert [t.text for t in sorted(todos, key=Todo.sort_key)] == [
        "overdue",
        "soon",
        "normal by time",
        "normal by date",
        "undated",
        "later",
    ]


# --- Member -----------------------------------------------------------------------------------


def test_member_sees_elections_consultations_and_replies_most_urgent_first(
    client_for, staff, member
):
    soon = _election("North East council", closes_in=timedelta(days=2), voters=[member])
    later = _election("Rotherham council", closes_in=timedelta(days=12), voters=[member])
    _election("Already voted", closes_in=timedelta(days=1), voters=[member], voted=[member])
    _election("Not on the roll", closes_in=timedelta(days=1), voters=[make_user(Role.MEMBER)])
    consultation = make_consultation(staff, title="Evening appointments")
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() + timedelta(days=5)
    )
    consultation.refresh_from_db()
    issue = _rep_reply(member, make_user(Role.MEMBER, Role.REPRESENTATIVE))

    page = client_for(member).get(reverse("core:home")).content.decode()
    block = _todo_block(page)
    assert _todo_list(page) == [
        "Vote in the election for North East council",
        "Read your representative&#x27;s reply",
        "Answer the consultation: Evening appointments",
        "Vote in the election for Rotherham council",
    ]
    assert "Already voted" not in page and "Not on the roll" not in page
    assert f'href="{reverse("council:vote", args=[soon.pk])}"' in block
    assert f'href="{reverse("council:vote", args=[later.pk])}"' in block
    assert f'href="{reverse("consultations:start", args=[consultation.pk])}"' in block
    assert f'href="{reverse("council:issue-detail", args=[issue.pk])}"' in block
    assert f"Voting closes {govuk_datetime(soon.voting_close_at)}" in block
    assert govuk_datetime(consultation.closes_at) in block
    assert f"Replied {govuk_date(timezone.localdate())}" in block
    assert "You have 4 things to do" in page
    # The to-do list comes before the links to everything else.
    assert page.index("What to do next") < page.index("Everything else you can do")


def test_member_with_nothing_to_do_is_told_so(client_for, member):
    page = client_for(member).get(reverse("core:home")).content.decode()
    assert "You have nothing to do right now." in page
    assert "govuk-task-list__item" not in page


def test_answered_consultations_and_closed_elections_drop_off(client_for, staff, member):
    _election("Closed already", closes_in=timedelta(days=-1), voters=[member])
    answer(make_consultation(staff, title="Answered one"), member)
    page = client_for(member).get(reverse("core:home")).content.decode()
    assert "You have nothing to do right now." in page


def test_ask_for_a_peer_mentor_hides_once_asked_or_matched(client_for, staff, member):
    ask = f'href="{reverse("peersupport:request-create")}"'
    client = client_for(member)
    assert ask in client.get(reverse("core:home")).content.decode()
    request = request_for(member)
    page = client.get(reverse("core:home")).content.decode()
    assert ask not in page
    assert f'href="{reverse("peersupport:my-requests")}"' in page
    # Matched: the request is no longer open, but the live match still hides the link.
    mentor = active_mentor(staff)
    request.status = "matched"
    request.save(update_fields=["status"])
    Match.objects.create(request=request, mentor=mentor, member=member, status=MatchStatus.ACTIVE)
    assert ask not in client.get(reverse("core:home")).content.decode()
    # The match ended: they may ask again.
    Match.objects.filter(request=request).update(status=MatchStatus.ENDED)
    assert ask in client.get(reverse("core:home")).content.decode()


# --- Mentor -----------------------------------------------------------------------------------


def test_mentor_sees_sessions_shifts_contacts_and_returned_claims(client_for, staff):
    mentor = active_mentor(staff, display_name="Morgan")
    occurrence = first_occurrence(make_series(staff, title="Tuesday group"))
    SignUp.objects.create(
        occurrence=occurrence,
        user=mentor,
        role=SignUpRole.MENTOR,
        status=SignUpStatus.CONFIRMED,
        starts_at=occurrence.starts_at,
        ends_at=occurrence.ends_at,
        queued_at=timezone.now(),
    )
    shift = shift_in(staff, 30, title="Friday helpline")
    ShiftSignUp.objects.create(
        shift=shift,
        user=mentor,
        status=ShiftSignUpStatus.ON_ROTA,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
    )
    mentee = make_user(Role.MEMBER, display_name="Sam")
    match = Match.objects.create(
        request=request_for(mentee),
        mentor=mentor,
        member=mentee,
        status=MatchStatus.ACTIVE,
        started_on=timezone.localdate() - timedelta(days=20),
    )
    claim = ExpenseClaim.objects.create(
        claimant=mentor,
        shift=shift,
        journey_date=timezone.localdate() - timedelta(days=3),
        journey_from="Home",
        journey_to="Office",
        mode="bus",
        amount=Decimal("4.50"),
        declared_at=timezone.now(),
        status=ClaimStatus.REJECTED,
        decided_at=timezone.now(),
        rejection_reason="No ticket",
    )

    page = client_for(mentor).get(reverse("core:home")).content.decode()
    block = _todo_block(page)
    items = _todo_list(page)
    assert items[0] == "Log your contact with Sam"
    assert items[1] == "Your helpline shift: Friday helpline"
    assert set(items) == {
        "Log your contact with Sam",
        "Your helpline shift: Friday helpline",
        f"Your travel claim for {govuk_date(claim.journey_date)} was not approved",
        "Your next session: Tuesday group",
    }
    assert "Overdue" in block
    assert f'href="{reverse("peersupport:contact-create", args=[match.pk])}"' in block
    assert f'href="{reverse("peersupport:shift-detail", args=[shift.pk])}"' in block
    assert f'href="{reverse("peersupport:claim-detail", args=[claim.pk])}"' in block
    assert f'href="{reverse("peersupport:occurrence-detail", args=[occurrence.pk])}"' in block
    assert govuk_datetime(shift.starts_at) in block
    assert govuk_datetime(occurrence.starts_at) in block
    # The peer-mentoring links come after the to-do list.
    assert reverse("peersupport:my-schedule") in page.split("Everything else you can do")[1]


# --- Representative ---------------------------------------------------------------------------


def test_representative_sees_new_issues_and_next_meeting(client_for, staff):
    rep = make_user(Role.MEMBER, Role.REPRESENTATIVE)
    constituency = ConstituencyFactory()
    join(constituency, rep)
    Representative.objects.create(
        user=rep,
        council=constituency.council,
        constituency=constituency,
        source="coopted",
        term_start=timezone.localdate(),
    )
    for problem in ("One", "Two"):
        RepIssue.objects.create(
            council=constituency.council,
            constituency=constituency,
            raised_by=make_user(Role.MEMBER),
            problem=problem,
        )
    answered = RepIssue.objects.create(
        council=constituency.council,
        constituency=constituency,
        raised_by=make_user(Role.MEMBER),
        problem="Answered",
    )
    RepIssueMessage.objects.create(issue=answered, author=rep, body="Thanks")
    starts = (timezone.now() + timedelta(days=6)).replace(second=0, microsecond=0)
    meeting = Meeting.objects.create(
        council=constituency.council,
        title="December council meeting",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
    )
    page = client_for(rep).get(reverse("core:home")).content.decode()
    block = _todo_block(page)
    assert _todo_list(page) == [
        "2 new issues from members",
        "Next council meeting: December council meeting",
    ]
    assert f'href="{reverse("council:issue-inbox")}"' in block
    assert f'href="{reverse("council:meeting-detail", args=[meeting.pk])}"' in block
    assert govuk_datetime(meeting.starts_at) in block


# --- Staff ------------------------------------------------------------------------------------


def test_staff_sees_claims_short_shifts_overdue_actions_and_closing_consultations(
    client_for, staff
):
    mentor = active_mentor(staff)
    short = shift_in(staff, 20, title="Saturday helpline", mentors_needed=2)
    shift_in(staff, 100, title="Too far ahead", mentors_needed=2)
    for day in (2, 9):
        ExpenseClaim.objects.create(
            claimant=mentor,
            shift=short if day == 2 else shift_in(staff, 150, title=f"Other {day}"),
            journey_date=timezone.localdate() - timedelta(days=day),
            journey_from="Home",
            journey_to="Office",
            mode="bus",
            amount=Decimal("3.00"),
            declared_at=timezone.now(),
            status=ClaimStatus.SUBMITTED,
            submitted_at=timezone.now() - timedelta(days=day),
        )
    action = create_action(by=staff, owner=staff, title="Evening appointments")
    type(action).objects.filter(pk=action.pk).update(
        due_on=timezone.localdate() - timedelta(days=4)
    )
    consultation = make_consultation(staff, title="Closing soon")
    Consultation.objects.filter(pk=consultation.pk).update(
        closes_at=timezone.now() + timedelta(days=4)
    )

    page = client_for(staff).get(reverse("core:home")).content.decode()
    block = _todo_block(page)
    assert _todo_list(page) == [
        "Action overdue: Evening appointments",
        "2 travel claims to approve",  # the oldest was sent 9 days ago
        "Helpline shift needs 2 more mentors: Saturday helpline",
        "Consultation closing soon: Closing soon",
    ]
    assert "Too far ahead" not in block
    assert f'href="{reverse("actionplan:action-detail", args=[action.pk])}"' in block
    assert f'href="{reverse("peersupport:expenses-staff")}"' in block
    assert f'href="{reverse("peersupport:shift-detail", args=[short.pk])}"' in block
    assert f'href="{reverse("consultations:manage-detail", args=[consultation.pk])}"' in block
    assert govuk_date(timezone.localdate() - timedelta(days=4)) in block
    assert govuk_date(timezone.localdate() - timedelta(days=9)) in block


def test_staff_with_nothing_to_do_is_told_so(client_for, staff):
    page = client_for(staff).get(reverse("core:home")).content.decode()
    assert "You have nothing to do right now." in page


# --- Signed out -------------------------------------------------------------------------------


def test_signed_out_home_links_to_the_board_and_published_themes(client, staff):
    from consultations.coding.models import Code, Codebook, CodingProject, QuestionCoding

    page = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("actionplan:board")}"' in page
    assert "published themes" not in page  # nothing published yet: no empty heading

    consultation = make_consultation(staff, title="Your views on probation")
    question = consultation.questions.filter(kind="text").first() or consultation.questions.first()
    codebook = Codebook.objects.create(name="Views", created_by=staff)
    code = Code.objects.create(codebook=codebook, name="Appointments clash with work")
    QuestionCoding.objects.create(question=question, codebook=codebook)
    project = CodingProject.objects.create(consultation=consultation)
    theme_url = reverse("consultations:theme", kwargs={"pk": code.pk, "question_pk": question.pk})
    assert theme_url not in client.get(reverse("core:home")).content.decode()  # not published

    project.themes_published_at = timezone.now()
    project.save()
    page = client.get(reverse("core:home")).content.decode()
    assert f'href="{theme_url}"' in page
    assert "Appointments clash with work" in page
    assert client.get(theme_url).status_code == 200


# --- Query counts -----------------------------------------------------------------------------


def _lots_for(staff, member, mentor, rep, n: int, first: int = 0) -> None:
    for i in range(first, first + n):
        _election(f"Election {i}", closes_in=timedelta(days=3 + i), voters=[member, mentor, rep])
        _rep_reply(member, rep)
        consultation = make_consultation(staff, title=f"Consultation {i}")
        Consultation.objects.filter(pk=consultation.pk).update(
            closes_at=timezone.now() + timedelta(days=2 + i)
        )
        action = create_action(by=staff, owner=staff, champion=rep, title=f"Action {i}")
        type(action).objects.filter(pk=action.pk).update(
            due_on=timezone.localdate() - timedelta(days=1 + i)
        )
        # Four-hour shifts five hours apart: one person's shifts may not overlap.
        shift = shift_in(staff, 6 + 5 * i, title=f"Shift {i}")
        ShiftSignUp.objects.create(
            shift=shift,
            user=mentor,
            status=ShiftSignUpStatus.ON_ROTA,
            starts_at=shift.starts_at,
            ends_at=shift.ends_at,
        )
        ExpenseClaim.objects.create(
            claimant=mentor,
            shift=shift,
            journey_date=timezone.localdate(),
            journey_from="Home",
            journey_to="Office",
            mode="bus",
            amount=Decimal("3.00"),
            declared_at=timezone.now(),
            status=ClaimStatus.SUBMITTED if i % 2 else ClaimStatus.REJECTED,
            submitted_at=timezone.now(),
            decided_at=timezone.now(),
        )


@pytest.mark.parametrize("who", ["member", "mentor", "representative", "staff"])
def test_home_page_queries_do_not_grow_with_the_data(client_for, staff, who):
    member = make_user(Role.MEMBER)
    mentor = active_mentor(staff)
    rep = make_user(Role.MEMBER, Role.REPRESENTATIVE)
    person = {"member": member, "mentor": mentor, "representative": rep, "staff": staff}[who]
    client = client_for(person)
    _lots_for(staff, member, mentor, rep, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse("core:home")).status_code == 200
    _lots_for(staff, member, mentor, rep, 8, first=2)
    with CaptureQueriesContext(connection) as large:
        page = client.get(reverse("core:home")).content.decode()
    assert "govuk-task-list__item" in page
    assert len(large.captured_queries) <= len(small.captured_queries)


@pytest.mark.parametrize(
    ("who", "ceiling"),
    # Staff: one more for helpline calls to follow up (issue 16).
    [("member", 18), ("mentor", 22), ("representative", 22), ("staff", 18)],
)
def test_home_page_query_ceiling_with_lots_of_data(
    client_for, staff, who, ceiling, django_assert_max_num_queries
):
    member = make_user(Role.MEMBER)
    mentor = active_mentor(staff)
    rep = make_user(Role.MEMBER, Role.REPRESENTATIVE)
    person = {"member": member, "mentor": mentor, "representative": rep, "staff": staff}[who]
    client = client_for(person)
    _lots_for(staff, member, mentor, rep, 10)
    client.get(reverse("core:home"))  # the session settles
    with django_assert_max_num_queries(ceiling):
        assert client.get(reverse("core:home")).status_code == 200


def test_a_failing_provider_leaves_the_others_and_the_page_working(client_for, member, caplog):
    from core import hooks

    def broken(user):
        raise RuntimeError("bug in one app")

    _election("North East council", closes_in=timedelta(days=2), voters=[member])
    hooks.register_todos(broken)
    try:
        page = client_for(member).get(reverse("core:home")).content.decode()
    finally:
        hooks.registry.todo_sources[:] = [
            s for s in hooks.registry.todo_sources if s.provider is not broken
        ]
    assert _todo_list(page) == ["Vote in the election for North East council"]
    assert "To-do provider" in caplog.text


def test_a_mentors_peer_mentoring_links_come_first_after_the_to_do_list(client_for, staff):
    mentor = active_mentor(staff)
    page = client_for(mentor).get(reverse("core:home")).content.decode()
    rest = page.split("Everything else you can do", 1)[1]
    headings = re.findall(r'<h3 class="govuk-heading-m"[^>]*>(.*?)</h3>', rest)
    assert headings[0] == "Peer mentoring"
