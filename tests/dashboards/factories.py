"""Small, exact worlds for the dashboard tests, written straight into the tables.

The dashboards only read other apps' tables, so the tests make rows directly (as the other
apps' services would leave them) rather than going through every service.
"""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, date, datetime, time, timedelta

from django.contrib.auth.models import Group
from django.utils import timezone

from actionplan.models import Action, ActionSource, Objective, Plan, SourceKind, Status
from consultations.models import (
    Answer,
    Code,
    Codebook,
    CodingItem,
    ConsentVersion,
    Consultation,
    ConsultationConstituency,
    FinalCode,
    Question,
    Submission,
)
from council.models import (
    Ballot,
    Constituency,
    Council,
    Decision,
    Election,
    Meeting,
    Membership,
    Participation,
)
from dashboards.figures.people import VOTED_STATUSES
from peersupport.models import (
    Attendance,
    Certificate,
    CertificateRule,
    MentorProfile,
    MentorStatus,
    Occurrence,
    SessionSeries,
    SessionType,
    SignUp,
    SignUpRole,
    SignUpStatus,
)
from users.models import User
from users.roles import Role

_seq = itertools.count(1)


def aware(day: date, hour: int = 12) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def make_council(name: str, places=("City", "County"), groups=("Women",)) -> Council:
    council = Council.objects.create(name=name, slug=name.lower().replace(" ", "-"))
    for place in places:
        Constituency.objects.create(council=council, name=f"{name} {place}")
    for group in groups:
        Constituency.objects.create(council=council, name=group, kind=Constituency.Kind.GROUP)
    return council


def place(council: Council, index: int = 0) -> Constituency:
    return list(council.constituencies.filter(kind=Constituency.Kind.PLACE).order_by("pk"))[index]


def group(council: Council, index: int = 0) -> Constituency:
    return list(council.constituencies.filter(kind=Constituency.Kind.GROUP).order_by("pk"))[index]


def person(*, gender: str = "", ethnic_group: str = "", last_login=None, role=Role.MEMBER) -> User:
    n = next(_seq)
    user = User.objects.create(
        username=f"dash{n}",
        display_name=f"Person {n}",
        gender=gender,
        ethnic_group=ethnic_group,
        last_login=last_login,
    )
    user.groups.add(Group.objects.get_or_create(name=role)[0])
    return user


def join(user: User, *constituencies: Constituency, on: date | None = None, left_on=None):
    for constituency in constituencies:
        Membership.objects.create(
            user=user,
            constituency=constituency,
            joined_on=on or date(2024, 1, 1),
            left_on=left_on,
        )
    return user


def members(constituency: Constituency, n: int, **kwargs) -> list[User]:
    on = kwargs.pop("on", None)
    return [join(person(**kwargs), constituency, on=on) for _ in range(n)]


def election(
    constituency: Constituency,
    *,
    opens: date,
    status=Election.Status.PUBLISHED,
    roll_size: int | None = None,
    voters=(),
) -> Election:
    made = Election.objects.create(
        council=constituency.council,
        constituency=constituency,
        title=f"{constituency.name} election {next(_seq)}",
        status=status,
        voting_open_at=aware(opens, 9),
        voting_close_at=aware(opens + timedelta(days=14), 17),
        frozen_at=aware(opens, 9),
        # What the council's services record when voting opens and closes.
        voting_opened_at=aware(opens, 9) if status in VOTED_STATUSES else None,
        voting_closed_at=aware(opens + timedelta(days=14), 17)
        if status in VOTED_STATUSES and status != Election.Status.VOTING_OPEN
        else None,
        roll_size=roll_size,
    )
    for voter in voters:
        Participation.objects.create(election=made, voter=voter, channel="online")
        Ballot.objects.create(election=made, ranking=[])
    return made


def consultation(
    *places: Constituency, opened: date, closed: date | None = None, title: str = ""
) -> tuple[Consultation, Question]:
    made = Consultation.objects.create(
        title=title or f"Consultation {next(_seq)}",
        purpose="p",
        information_sheet="i",
        consent_statement="c",
        audience=Consultation.Audience.CONSTITUENCIES
        if places
        else Consultation.Audience.ALL_MEMBERS,
        anonymity=Consultation.Anonymity.ANONYMOUS,
        status=Consultation.Status.CLOSED if closed else Consultation.Status.OPEN,
        opened_at=aware(opened, 9),
        closed_at=aware(closed, 17) if closed else None,
    )
    for constituency in places:
        ConsultationConstituency.objects.create(
            consultation=made, constituency_id=constituency.pk, name=constituency.name
        )
    ConsentVersion.objects.create(
        consultation=made, number=1, information_sheet="i", consent_statement="c"
    )
    question = Question.objects.create(
        consultation=made, position=0, kind=Question.Kind.LONG_TEXT, text="What helps?"
    )
    return made, question


def respond(
    consultation: Consultation,
    question: Question,
    *,
    on: date,
    gender: str = "",
    ethnic_group: str = "",
    area: str = "",
    codes=(),
    state: str | None = None,
    double: tuple[str, str] | None = None,
) -> Submission:
    """One submission with one text answer; ``codes`` become its final codes."""
    submission = Submission.objects.create(
        consultation=consultation,
        anonymity=consultation.anonymity,
        reference=f"R{next(_seq):08d}",
        consent_version=consultation.consent_versions.first(),
        consent_method="online",
        submitted_on=on,
        gender=gender,
        ethnic_group=ethnic_group,
        area=area,
    )
    answer = Answer.objects.create(submission=submission, question=question, text_value="Text")
    item = CodingItem.objects.create(
        id=uuid.uuid4(),
        answer=answer,
        question=question,
        state=state or (CodingItem.State.DONE if codes else CodingItem.State.TO_CODE),
        is_double=double is not None,
        passes_done=2 if double else (1 if codes else 0),
        first_codes=double[0] if double else "",
        second_codes=double[1] if double else "",
    )
    for code in codes:
        FinalCode.objects.create(item=item, answer=answer, question=question, code=code)
    return submission


def codes(*names: str) -> list[Code]:
    book = Codebook.objects.create(name=f"Book {next(_seq)}")
    return [
        Code.objects.create(codebook=book, name=name, position=i) for i, name in enumerate(names)
    ]


def objective() -> Objective:
    plan = Plan.objects.create(
        title=f"Plan {next(_seq)}", starts_on=date(2024, 1, 1), ends_on=date(2030, 1, 1)
    )
    return Objective.objects.create(plan=plan, number=1, title="Objective")


def action(
    objective: Objective,
    owner: User,
    *,
    status=Status.IN_PROGRESS,
    due_on: date,
    progress: int = 50,
    champion: User | None = None,
    is_public: bool = False,
    decision: Decision | None = None,
) -> Action:
    made = Action.objects.create(
        objective=objective,
        title=f"Action {next(_seq)}",
        description="d",
        owner=owner,
        champion=champion,
        due_on=due_on,
        status=status,
        status_reason="Reason" if status in (Status.BLOCKED, Status.DROPPED) else "",
        progress=100 if status == Status.DONE else progress,
        is_public=is_public,
    )
    if decision is not None:
        ActionSource.objects.create(
            action=made,
            kind=SourceKind.COUNCIL_DECISION,
            ref_model="council.decision",
            ref_id=str(decision.pk),
            summary="Decided",
        )
    return made


def decision(council: Council) -> Decision:
    start = timezone.now() - timedelta(days=10)
    meeting = Meeting.objects.create(
        council=council, title="Meeting", starts_at=start, ends_at=start + timedelta(hours=2)
    )
    return Decision.objects.create(meeting=meeting, text="Do it")


def mentor(user: User, status=MentorStatus.ACTIVE) -> User:
    MentorProfile.objects.create(user=user, status=status)
    return user


def session(
    day: date,
    people: list[tuple[User, str]],
    *,
    kind=SessionType.PEER_SUPPORT_GROUP,
    cancelled=False,
) -> Occurrence:
    series = SessionSeries.objects.create(
        title=f"Group {next(_seq)}",
        session_type=kind,
        rrule="FREQ=WEEKLY",
        anchor_date=day,
        start_time=time(10),
        place="Room",
        mentor_places=2,
        participant_places=6,
    )
    begins = aware(day, 10)
    occurrence = Occurrence.objects.create(
        series=series,
        session_type=kind,
        title=series.title,
        local_date=day,
        starts_at=begins,
        ends_at=begins + timedelta(hours=2),
        place="Room",
        status="cancelled" if cancelled else "scheduled",
    )
    for user, attendance in people:
        SignUp.objects.create(
            occurrence=occurrence,
            user=user,
            role=SignUpRole.MENTOR,
            status=SignUpStatus.CONFIRMED,
            starts_at=occurrence.starts_at,
            ends_at=occurrence.ends_at,
            queued_at=occurrence.starts_at,
            attendance=attendance,
        )
    return occurrence


def certificate(user: User, *, on: date) -> Certificate:
    rule = CertificateRule.objects.get_or_create(
        name="Test rule", defaults={"kind": "sessions", "every": 5, "wording": "w"}
    )[0]
    return Certificate.objects.create(
        user=user,
        rule=rule,
        sequence=next(_seq),
        name_on_certificate="N",
        recognises="w",
        awarded_on=on,
        verification_code=f"V{next(_seq):08d}",
    )


ATTENDED = Attendance.ATTENDED
NO_SHOW = Attendance.NO_SHOW
