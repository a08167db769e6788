"""Demo data for council/: the Leicestershire and Rutland Probation Council.

Three elections, each taken through the real services (so the election log, fingerprint,
secret ballot and count are all genuine):

- "Leicester City representatives 2026": counted and published, two seats, a real STV count
  with surplus transfers and exclusions; its winners are representatives.
- "Leicester City: housing seat": voting open; the demo member (and mentor, and representative)
  can vote.
- "Leicester City by-election": nominations open; the demo member can stand.

Safe to run twice: each election is made only if no election of that title exists.
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
