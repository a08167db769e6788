"""Demo data: the plan the consultation report asked for, with objectives from its four
recommendations and actions drawn from what people said at the discussion groups and the
final seminar. Some are public, some overdue, some done; each has updates, so the board,
RAG ratings, reminders and history all have something to show. Safe to run twice.

Dates are set relative to the day the demo is first loaded, so "overdue" and "due soon"
mean something whenever it is run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from actionplan import services
from actionplan.models import (
    Action,
    Objective,
    Plan,
    Recommendation,
    SourceKind,
    Status,
    Term,
    Theme,
)
from actionplan.services import SourceInput
from users.models import User

PLAN_TITLE = "User involvement and peer-led support 2026–28"
SEMINAR = "Said at the final seminar, where service users and staff met to agree next steps"
GROUPS = "Said in the discussion groups"

OBJECTIVES = [
    (
        1,
        "Agree a strategy and action plan, and show progress openly",
        Term.SHORT,
        Recommendation.R1,
        "Service users asked for a process that gauges progress and shows it is not "
        "tokenistic. Every action here is public unless there is a good reason.",
    ),
    (
        2,
        "Build a continuum of helping relationships for move-on journeys",
        Term.LONG,
        Recommendation.R2,
        "Peer support, befriending and mutual aid that carry on when supervision ends.",
    ),
    (
        3,
        "Recruit, train and invest in user champions",
        Term.SHORT,
        Recommendation.R3,
        "Two sets of champions: ex-users as catalysts, and professionals for stability.",
    ),
    (
        4,
        "Run a pilot probation council",
        Term.SHORT,
        Recommendation.R4,
        "Members elect representatives who meet senior managers and raise issues.",
    ),
]


@dataclass
class DemoAction:
    objective: int
    title: str
    description: str
    owner: str
    champion: str | None
    due_in_days: int
    theme: str
    public: bool
    sources: list[SourceInput]
    # (days ago, note, status, progress, reason, by) in date order
    updates: list[tuple[int, str, str, int, str, str]] = field(default_factory=list)
    milestones: list[tuple[str, int, int | None]] = field(default_factory=list)


ACTIONS = [
    DemoAction(
        1,
        "Publish the 'You said, we did' board and update it every month",
        "Put every public action on the portal, with what was said, who is doing it, by when, "
        "and its latest update. Review it at each council meeting.",
        "staff",
        "representative",
        -45,
        Theme.INVOLVEMENT,
        True,
        [
            SourceInput(
                SourceKind.EVENT_SUGGESTION,
                "A need to gauge progress to demonstrate it is not tokenistic",
                link="",
            )
        ],
        [
            (
                90,
                "Board designed with the council's representatives.",
                Status.IN_PROGRESS,
                40,
                "",
                "representative",
            ),
            (
                50,
                "Board live on the portal. First monthly review done at the council.",
                Status.DONE,
                100,
                "",
                "staff",
            ),
        ],
        [("Board design agreed with representatives", -80, -85), ("Board live", -50, -50)],
    ),
    DemoAction(
        1,
        "Write the user involvement strategy with members",
        "Draft the strategy in three workshops with members and staff, then publish it in "
        "plain English and as an easy-read version.",
        "senior_manager",
        "representative",
        10,
        Theme.INVOLVEMENT,
        True,
        [
            SourceInput(SourceKind.EVENT_SUGGESTION, "A need for a structured approach"),
            SourceInput(
                SourceKind.EVENT_SUGGESTION,
                "A commitment to developing a full action plan around user involvement",
            ),
        ],
        [
            (
                30,
                "Two of the three workshops held; 14 members took part.",
                Status.IN_PROGRESS,
                60,
                "",
                "representative",
            ),
        ],
        [("Workshop 1", -40, -40), ("Workshop 2", -30, -30), ("Workshop 3", 5, None)],
    ),
    DemoAction(
        1,
        "Start a newsletter on current issues",
        "A short printed and online newsletter every quarter, written with members, with "
        "news from the council and progress on actions.",
        "staff",
        None,
        -5,
        Theme.INVOLVEMENT,
        True,
        [
            SourceInput(
                SourceKind.EVENT_SUGGESTION, "A possible newsletter to update on current issues"
            )
        ],
    ),
    DemoAction(
        2,
        "Set up an out-of-hours helpline run with trained ex-users",
        "A helpline in the evenings and at weekends, staffed by trained peer mentors with a "
        "member of staff on call, for people who are feeling vulnerable.",
        "staff",
        "mentor",
        120,
        Theme.HEALTH,
        True,
        [
            SourceInput(
                SourceKind.EVENT_SUGGESTION,
                "Developing an out of hours helpline which involves ex-users",
            ),
            SourceInput(
                SourceKind.CONSULTATION_CODE,
                "Service users supporting service users is what would help most",
                count=57,
            ),
        ],
        [
            (
                20,
                "Rota drafted; six mentors have said they will take shifts.",
                Status.IN_PROGRESS,
                30,
                "",
                "mentor",
            )
        ],
        [("Rota agreed", 30, None), ("First shifts", 90, None)],
    ),
    DemoAction(
        2,
        "Befriending for people who are socially isolated",
        "Match people who are isolated with a trained befriender from the community.",
        "staff",
        None,
        60,
        Theme.COMMUNITY,
        True,
        [
            SourceInput(
                SourceKind.EVENT_SUGGESTION,
                "A need for befriending services for service users who are socially isolated",
            )
        ],
        [
            (
                15,
                "Waiting for the commissioners to decide on funding.",
                Status.BLOCKED,
                10,
                "Waiting for the commissioners' funding decision, due in January.",
                "staff",
            ),
        ],
    ),
    DemoAction(
        2,
        "Write a housing information pack with members and housing experts",
        "A plain-English pack: who is responsible for housing, how the system works, your "
        "rights, the local rent deposit scheme, and who to ask.",
        "staff",
        "representative",
        3,
        Theme.HOUSING,
        True,
        [
            SourceInput(
                SourceKind.EVENT_SUGGESTION,
                "An information pack co-created by users and housing experts",
            ),
            SourceInput(
                SourceKind.EVENT_SUGGESTION,
                "There is a lack of clarity about who is responsible for housing "
                "and how the system works",
            ),
        ],
        [
            (
                7,
                "First draft reviewed by the council's housing representative.",
                Status.IN_PROGRESS,
                50,
                "",
                "representative",
            )
        ],
    ),
    DemoAction(
        3,
        "Recruit and train a user champion for housing",
        "Recruit a member with experience of the housing system as user champion, and train "
        "them with the housing team.",
        "staff",
        "mentor",
        -30,
        Theme.HOUSING,
        True,
        [
            SourceInput(
                SourceKind.EVENT_SUGGESTION,
                "One suggestion moving forward is for a user champion for housing",
            )
        ],
        [(35, "Champion recruited and trained.", Status.DONE, 100, "", "staff")],
    ),
    DemoAction(
        3,
        "Joint training for staff and service users",
        "Co-training sessions where officers and members learn together about communication "
        "and each other's point of view.",
        "senior_manager",
        None,
        200,
        Theme.OFFICERS,
        False,
        [
            SourceInput(
                SourceKind.EVENT_SUGGESTION,
                "A plan to institute co-training involving staff and service users",
            )
        ],
    ),
    DemoAction(
        4,
        "Hold the first elections to the pilot probation council",
        "Elect representatives for each constituency by secret ballot, run by an independent "
        "returning officer.",
        "staff",
        None,
        -60,
        Theme.INVOLVEMENT,
        True,
        [
            SourceInput(
                SourceKind.CONSULTATION_CODE,
                "Yes, I am interested in having my say about probation",
                count=73,
            )
        ],
        [(62, "Results published. Turnout was 41%.", Status.DONE, 100, "", "staff")],
    ),
    DemoAction(
        4,
        "Quarterly face-to-face meetings between the council and senior managers",
        "Senior managers attend a council meeting every quarter, answer the issues raised, "
        "and report back on actions.",
        "senior_manager",
        "representative",
        -20,
        Theme.INVOLVEMENT,
        True,
        [
            SourceInput(
                SourceKind.CONSULTATION_CODE,
                "Face-to-face meetings are the best way to communicate",
                count=63,
            ),
            SourceInput(
                SourceKind.EVENT_SUGGESTION, "Face to face meetings with people at the top"
            ),
        ],
        [
            (
                25,
                "First meeting held; second date not yet fixed.",
                Status.IN_PROGRESS,
                25,
                "",
                "senior_manager",
            )
        ],
    ),
    DemoAction(
        1,
        "Make a DVD about key issues",
        "A DVD made with members about health, housing and employment.",
        "staff",
        None,
        90,
        Theme.HEALTH,
        True,
        [
            SourceInput(
                SourceKind.EVENT_SUGGESTION,
                "The co-production of pamphlets and DVDs about key issues",
            )
        ],
        [
            (
                10,
                "Members preferred printed leaflets and short videos on the portal.",
                Status.DROPPED,
                0,
                "Replaced by the housing information pack and short videos on the portal, "
                "which members preferred.",
                "staff",
            ),
        ],
    ),
]


def _day(today: date, offset: int) -> date:
    return today + timedelta(days=offset)


@transaction.atomic
def seed(users: dict[str, User]) -> None:
    today = timezone.localdate()
    staff = users["staff"]
    plan, _created = Plan.objects.get_or_create(
        title=PLAN_TITLE,
        defaults={
            "summary": (
                "Our plan for the report's four recommendations: a strategy and action plan, "
                "a continuum of helping relationships, user champions, and a pilot probation "
                "council. Progress is shown to members on the 'You said, we did' board."
            ),
            "starts_on": date(2026, 4, 1),
            "ends_on": date(2028, 3, 31),
            "created_by": staff,
        },
    )
    objectives: dict[int, Objective] = {o.number: o for o in plan.objectives.all()}
    for number, title, term, recommendation, description in OBJECTIVES:
        if number not in objectives:
            objectives[number] = services.objective_create(
                plan=plan,
                number=number,
                title=title,
                term=term,
                recommendation=recommendation,
                description=description,
                actor=staff,
            )
    services.champion_name_set(user=users["representative"], public_name="Sam")

    existing = set(Action.objects.filter(objective__plan=plan).values_list("title", flat=True))
    for spec in ACTIONS:
        if spec.title in existing:
            continue
        action = services.action_create(
            objective=objectives[spec.objective],
            title=spec.title,
            description=spec.description,
            owner=users[spec.owner],
            champion=users[spec.champion] if spec.champion else None,
            due_on=_day(today, spec.due_in_days),
            theme=spec.theme,
            is_public=spec.public,
            sources=spec.sources,
            actor=staff,
        )
        for title, due, done in spec.milestones:
            services.milestone_create(
                action=action,
                title=title,
                due_on=_day(today, due),
                done_on=_day(today, done) if done is not None else None,
                actor=staff,
            )
        for days_ago, note, status, progress, reason, by in spec.updates:
            services.update_post(
                action=action,
                actor=users[by],
                note=note,
                happened_on=_day(today, -days_ago),
                status=status,
                progress=progress,
                status_reason=reason,
            )
