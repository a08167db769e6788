"""Demo data for council/: the Leicestershire and Rutland Probation Council.

Three elections, each taken through the real services (so the election log, fingerprint,
secret ballot and count are all genuine):

- "Leicester City representatives 2026": counted and published, two seats, a real STV count
  with surplus transfers and exclusions; its winners are representatives.
- "Leicester City: housing seat": voting open; the demo member (and mentor, and representative)
  can vote.
- "Leicester City by-election": nominations open; the demo member can stand.

And council business (``_seed_meetings``): the demo representative speaks for Leicester City;
a past meeting with senior managers has written responses, attendance, decisions and
published minutes; an upcoming meeting has an agenda; members have told their rep about
issues (one raised with three like it, one still open, one with a reply).

Safe to run twice: each election and meeting is made only if none of that title exists.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from council import services
from council.models import Constituency, Council, Election, Membership, Nomination, Portfolio
from users.models import User
from users.roles import Role

COUNCIL_NAME = "Leicestershire and Rutland Probation Council"
CONSTITUENCIES = [
    ("Leicester City", Constituency.Kind.PLACE),
    ("Leicestershire County", Constituency.Kind.PLACE),
    ("Rutland", Constituency.Kind.PLACE),
    ("Women", Constituency.Kind.GROUP),
    ("Approved premises", Constituency.Kind.GROUP),
    ("Drug and alcohol team", Constituency.Kind.GROUP),
]
PORTFOLIOS = [
    "Housing",
    "Employment, education and training",
    "Health and wellbeing",
    "Drugs and alcohol",
    "Relationships with officers and programmes",
    "Resettlement",
    "Community",
]
VOTER_NAMES = [
    "Aisha",
    "Ben",
    "Callum",
    "Dee",
    "Ellis",
    "Faye",
    "Gary",
    "Hana",
    "Imran",
    "Jade",
    "Kofi",
    "Lena",
    "Marek",
    "Nia",
    "Owen",
    "Pat",
    "Quinn",
    "Rosa",
    "Sunil",
    "Tess",
    "Usha",
    "Vic",
    "Wes",
    "Xena",
    "Yusuf",
    "Zoe",
    "Arlo",
    "Bea",
    "Cole",
    "Dana",
]


def _demo_voters() -> list[User]:
    group = Group.objects.get(name=Role.MEMBER)
    voters = []
    for i, name in enumerate(VOTER_NAMES, start=1):
        user, created = User.objects.get_or_create(
            username=f"demo-voter-{i:02d}", defaults={"display_name": f"{name} ({'demo voter'})"}
        )
        if created:
            user.set_unusable_password()
            user.save()
        user.groups.add(group)
        user.__dict__.pop("roles", None)
        voters.append(user)
    return voters


def _join(constituency: Constituency, people: list[User], since: datetime.date) -> None:
    for person in people:
        Membership.objects.get_or_create(
            user=person, constituency=constituency, left_on=None, defaults={"joined_on": since}
        )


def _stand(election: Election, ro: User, people: list[tuple[User, str]]) -> dict[int, Nomination]:
    nominations = {}
    for person, statement in people:
        nomination = services.nomination_create(
            actor=person, election=election, nominee=person, statement=statement
        )
        services.nomination_decide(actor=ro, nomination=nomination, accept=True)
        nominations[person.pk] = nomination
    return nominations


def _cast(election: Election, voter: User, ranking: list[int]) -> None:
    services.ballot_cast(election_id=election.pk, voter=voter, ranking=ranking)


@transaction.atomic
def seed(users: dict[str, Any]) -> None:
    council, _ = Council.objects.get_or_create(
        name=COUNCIL_NAME,
        defaults={
            "slug": "leicestershire-and-rutland",
            "description": (
                "The probation council for Leicestershire and Rutland: people on probation, "
                "elected by people on probation, who speak for them to the probation service."
            ),
        },
    )
    places = {}
    for name, kind in CONSTITUENCIES:
        places[name], _ = Constituency.objects.get_or_create(
            council=council, name=name, defaults={"kind": kind}
        )
    for order, name in enumerate(PORTFOLIOS, start=1):
        Portfolio.objects.get_or_create(council=council, name=name, defaults={"order": order})

    city = places["Leicester City"]
    since = timezone.localdate() - datetime.timedelta(days=120)
    member, mentor, rep = users["member"], users["mentor"], users["representative"]
    ro = users["returning_officer"]
    voters = _demo_voters()
    _join(city, [member, mentor, rep, *voters], since)
    _join(places["Women"], voters[:6], since)

    existing = set(Election.objects.filter(council=council).values_list("title", flat=True))

    title = "Leicester City representatives 2026"
    if title not in existing:
        election = services.election_create(
            actor=ro,
            council=council,
            constituency=city,
            title=title,
            seats=2,
            include_ron=True,
            description="Two representatives to speak for people on probation in Leicester City.",
        )
        services.election_open_nominations(election=election, actor=ro)
        standing = [
            (rep, "I have been on probation for two years. I want housing and work to come first."),
            (
                voters[0],
                "I want officers to explain things in plain words and to keep what we say private.",
            ),
            (
                voters[1],
                "Mental health support needs to be there when you need it, not months later.",
            ),
            (voters[2], "I will push for more peer mentors, because they helped me."),
            (
                voters[3],
                "Resettlement starts before release. I will make sure our voice is heard on it.",
            ),
        ]
        noms = _stand(election, ro, standing)
        services.election_close_nominations(election=election, actor=ro)
        services.election_open_voting(election=election, actor=ro)
        ron = Nomination.objects.get(election=election, is_ron=True)
        a, b, c, d, e = (noms[p.pk].pk for p, _s in standing)
        # 26 papers, quota 9: the first candidate's surplus is transferred, then exclusions.
        patterns = [
            *[[a, c, b]] * 3,
            *[[a, b]] * 2,
            *[[a, c]] * 2,
            [a, d, c],
            [a],
            [a, c, d, b],
            [a, b, c],
            [b, a],
            [b, c],
            [b],
            [b, e, a],
            [c, b, a],
            [c, a],
            [c],
            [c, b],
            [d, c, a],
            [d, e],
            [d],
            [e, d],
            [e, b, c],
            [e, c],
            [ron.pk],
        ]
        for voter, ranking in zip([member, mentor, *voters[4:]], patterns, strict=False):
            _cast(election, voter, ranking)
        services.election_close_voting(election=election, actor=ro)
        services.election_count(actor=ro, election=election)
        services.election_release(actor=ro, election=election)

    title = "Leicester City: housing seat"
    if title not in existing:
        election = services.election_create(
            actor=ro,
            council=council,
            constituency=city,
            title=title,
            seats=1,
            include_ron=True,
            description="One representative to take on the Housing portfolio.",
            voting_close_at=timezone.now() + datetime.timedelta(days=7),
        )
        services.election_open_nominations(election=election, actor=ro)
        noms = _stand(
            election,
            ro,
            [
                (voters[5], "I was homeless after my last sentence. I know what goes wrong."),
                (voters[6], "I work with a housing charity now and I want to bring that in."),
                (voters[7], "Hostels need to be safe. I will speak up about that."),
            ],
        )
        services.election_close_nominations(election=election, actor=ro)
        services.election_open_voting(election=election, actor=ro)
        ids = [n.pk for n in noms.values()]
        for i, voter in enumerate(voters[10:16]):
            _cast(election, voter, ids[i % 3 :] + ids[: i % 3])

    title = "Leicester City by-election"
    if title not in existing:
        election = services.election_create(
            actor=ro,
            council=council,
            constituency=city,
            title=title,
            seats=1,
            include_ron=True,
            description="One seat left empty when a representative stood down.",
            nominations_close_at=timezone.now() + datetime.timedelta(days=10),
        )
        services.election_open_nominations(election=election, actor=ro)
        services.nomination_create(
            actor=voters[8],
            election=election,
            nominee=voters[8],
            statement="I want the council to meet in the evenings so people who work can come.",
        )

    _seed_meetings(council=council, city=city, users=users, voters=voters)


PAST_MEETING = "Council meeting with senior managers: winter"
NEXT_MEETING = "Council meeting with senior managers: spring"


def _seed_meetings(*, council: Council, city: Constituency, users: dict[str, Any], voters) -> None:
    from council.models import Meeting, RepIssue, Representative

    rep, staff, manager = users["representative"], users["staff"], users["senior_manager"]
    if not Representative.objects.filter(user=rep, council=council, stood_down_on=None).exists():
        services.representative_coopt(
            actor=staff,
            council=council,
            user=rep,
            constituency=city,
            portfolios=list(Portfolio.objects.filter(council=council, name="Housing")),
            term_start=timezone.localdate() - datetime.timedelta(days=90),
            term_end=None,
            note="Co-opted for the demo until the next election.",
        )
        rep.__dict__.pop("roles", None)
    existing = set(Meeting.objects.filter(council=council).values_list("title", flat=True))
    housing = Portfolio.objects.filter(council=council, name="Housing").first()
    work = Portfolio.objects.filter(council=council, name__startswith="Employment").first()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)

    if PAST_MEETING not in existing:
        starts = now - datetime.timedelta(days=35)
        past = services.meeting_create(
            actor=staff,
            council=council,
            title=PAST_MEETING,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            place="Leicester probation office, 2 Pocklington's Walk, Room 4",
            chair=rep,
            invitees=[staff, manager],
        )
        appointments = services.agenda_item_add(
            actor=rep,
            meeting=past,
            title="Appointments that clash with work",
            description="Members who have found work are told to come in during working hours. "
            "They ask for early-morning or evening appointments.",
            constituency=city,
            portfolio=work,
        )
        services.response_post(
            actor=manager,
            item=appointments,
            body="We will offer appointments before 9am and after 5pm in the city office from "
            "April, and review it after three months with the council.",
        )
        peer = services.agenda_item_add(
            actor=staff,
            meeting=past,
            title="Peer mentors at induction",
            description="A proposal that a peer mentor meets everyone at their first appointment.",
        )
        services.attendance_record(
            actor=staff,
            meeting=past,
            marks={a.pk: "present" for a in past.attendees.all()},
        )
        services.minutes_save(
            actor=staff,
            meeting=past,
            summary="The council met the head of the Leicester office. Two items were discussed.",
            notes={
                appointments.pk: "The representative said five members had raised this. The "
                "head of office agreed to a trial.",
                peer.pk: "Members said a friendly face at the first appointment would help.",
            },
        )
        services.decision_add(
            actor=staff,
            meeting=past,
            item=appointments,
            text="Trial early and late appointments in the city office from April.",
        )
        services.decision_add(
            actor=staff,
            meeting=past,
            item=peer,
            text="Peer mentors to attend induction sessions on Tuesdays.",
        )
        services.minutes_approve(actor=rep, meeting=past)
        services.minutes_publish(actor=staff, meeting=past)

    if NEXT_MEETING not in existing:
        starts = now + datetime.timedelta(days=10)
        upcoming = services.meeting_create(
            actor=staff,
            council=council,
            title=NEXT_MEETING,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=2),
            place="Leicester probation office, 2 Pocklington's Walk, Room 4",
            online_link="https://meet.example.org/leicester-council",
            chair=rep,
            invitees=[staff, manager],
        )
        curfew = [
            (voters[20], "The hostel curfew is 7pm, so I cannot do the evening course at college."),
            (voters[21], "I lost a job offer because the hostel will not let me in after 7pm."),
            (voters[22], "Curfew times stop people working late shifts."),
        ]
        issues = [
            services.rep_issue_create(
                actor=person,
                constituency=city,
                problem=text,
                what_would_help="A later curfew for people in work or education.",
                portfolio=housing,
            )
            for person, text in curfew
        ]
        main = services.rep_issue_create(
            actor=users["member"],
            constituency=city,
            problem="My hostel curfew means I have to turn down evening shifts.",
            what_would_help="Let people with a job agree a later time with their officer.",
            portfolio=housing,
        )
        services.rep_issue_merge(actor=rep, main=main, duplicates=issues)
        item = services.rep_issue_raise(
            actor=rep,
            issue=main,
            meeting=upcoming,
            title="Hostel curfews stop people working and studying",
            description="Four members have raised this. We ask for a later curfew, agreed with "
            "the officer, for people in work or education.",
            portfolio=housing,
        )
        services.response_post(
            actor=manager,
            item=item,
            body="We are looking at this with the approved premises managers and will bring "
            "figures to the meeting.",
        )
        services.agenda_item_add(
            actor=staff,
            meeting=upcoming,
            title="How the council is doing: one year on",
            description="A look back at what the council has raised and what changed.",
        )

    if not RepIssue.objects.filter(council=council, status=RepIssue.Status.OPEN).exists():
        open_issue = services.rep_issue_create(
            actor=users["mentor"],
            constituency=city,
            problem="Letters from probation use words that are hard to understand.",
            what_would_help="Plain English letters, and someone to ring if you are stuck.",
            name_shared=RepIssue.NameShared.REPRESENTATIVES,
        )
        services.rep_issue_message(
            actor=rep,
            issue=open_issue,
            body="Thank you. Could you tell me which letters? I will raise it at the next meeting.",
        )
        services.rep_issue_create(
            actor=voters[23],
            constituency=city,
            problem="The waiting room has nowhere to charge a phone, and my phone is my diary.",
        )
