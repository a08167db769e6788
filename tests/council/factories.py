"""Factories and builders for council tests. Builders go through the real services."""

from __future__ import annotations

import factory

from council import services
from council.models import Constituency, Council, Election, Membership, Nomination, Portfolio
from tests.factories import make_user
from users.roles import Role


class CouncilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Council

    name = factory.Sequence(lambda n: f"Test Probation Council {n}")
    slug = factory.Sequence(lambda n: f"test-council-{n}")


class ConstituencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Constituency

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Place {n}")


class PortfolioFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Portfolio

    council = factory.SubFactory(CouncilFactory)
    name = factory.Sequence(lambda n: f"Portfolio {n}")


def join(constituency: Constituency, *people) -> None:
    for person in people:
        Membership.objects.create(user=person, constituency=constituency, joined_on="2026-01-01")


def members(constituency: Constituency, n: int, prefix: str = "voter") -> list:
    people = [make_user(Role.MEMBER, display_name=f"{prefix} {i}") for i in range(n)]
    join(constituency, *people)
    return people


def new_election(ro, constituency: Constituency | None = None, **values) -> Election:
    constituency = constituency or ConstituencyFactory()
    values.setdefault("seats", 1)
    values.setdefault("title", "Test election")
    return services.election_create(
        actor=ro, council=constituency.council, constituency=constituency, **values
    )


def candidates_for(election: Election, ro, people) -> list[Nomination]:
    noms = []
    for person in people:
        nomination = services.nomination_create(
            actor=person, election=election, nominee=person, statement="I will listen."
        )
        services.nomination_decide(actor=ro, nomination=nomination, accept=True)
        noms.append(nomination)
    return noms


def voting_election(
    ro,
    *,
    candidates: int = 3,
    voters: int = 5,
    seats: int = 1,
    include_ron: bool = False,
    constituency: Constituency | None = None,
    extra_voters=(),
) -> tuple[Election, list[Nomination], list]:
    """An election with voting open: ``candidates`` accepted, ``voters`` members on the roll."""
    constituency = constituency or ConstituencyFactory()
    standing = members(constituency, candidates, prefix="candidate")
    people = members(constituency, voters)
    join(constituency, *extra_voters)
    election = new_election(ro, constituency, seats=seats, include_ron=include_ron)
    services.election_open_nominations(election=election, actor=ro)
    noms = candidates_for(election, ro, standing)
    services.election_close_nominations(election=election, actor=ro)
    services.election_open_voting(election=election, actor=ro)
    election.refresh_from_db()
    return election, noms, people + list(extra_voters)


def published_election(ro, *, rankings=None) -> tuple[Election, list[Nomination], list]:
    election, noms, people = voting_election(ro, candidates=3, voters=6, seats=1)
    a, b, c = (n.pk for n in noms)
    rankings = rankings or [[a, b], [a], [b, a], [b, c], [c, b], [a, c]]
    for voter, ranking in zip(people, rankings, strict=False):
        services.ballot_cast(election_id=election.pk, voter=voter, ranking=ranking)
    services.election_close_voting(election=election, actor=ro)
    services.election_count(actor=ro, election=election)
    services.election_release(actor=ro, election=election)
    election.refresh_from_db()
    return election, noms, people


def meeting_for(council, staff, *, chair=None, days: int = 3, title: str = "", **values):
    """A meeting ``days`` from now (negative: in the past), two hours long, through the service."""
    import datetime

    from django.utils import timezone

    starts = (timezone.now() + datetime.timedelta(days=days)).replace(microsecond=0)
    values.setdefault("place", "Probation office, Room 2")
    return services.meeting_create(
        actor=staff,
        council=council,
        title=title or f"Council meeting {starts:%d %b}",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        chair=chair,
        **values,
    )


def represent(constituency: Constituency, staff, *people) -> list:
    """Co-opt ``people`` as representatives of ``constituency`` (they join it first)."""
    import datetime

    for person in people:
        if not Membership.objects.filter(user=person, constituency=constituency, left_on=None):
            join(constituency, person)
    return [
        services.representative_coopt(
            actor=staff,
            council=constituency.council,
            user=person,
            constituency=constituency,
            portfolios=[],
            term_start=datetime.date(2026, 1, 1),
            term_end=None,
            note="For the test.",
        )
        for person in people
    ]
