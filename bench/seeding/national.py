"""A national-scale data set for the dashboards and the page benchmarks (``seed_national``).

At ``scale=1``: 12 councils, 250,000 members, 100,000 ballots (with their "has voted" rows),
about 200,000 consultation responses with 1,000,000 answers and about 1,500,000 codings,
50,000 peer-support sessions with their sign-ups, and 20,000 actions. Everything is made
up: usernames are ``nat000001``..., nobody can sign in as them (unusable passwords).

Shapes follow the real thing closely enough for the queries to behave as they will in
production: members belong to a place and sometimes a group constituency; about one in six
is a woman; elections are held every six months in each constituency with turnout around
7%; a fifth of coded answers are double coded, most agreeing; themes drift over time so the
"themes by quarter" chart moves; peer-support groups meet weekly with the same mentors; and
half of the actions answer a council decision.

Secret ballot: ballots are written with no link to anyone, exactly as the council app keeps
them; the participation rows say only who voted.

Bench accounts (``national-senior``, ``national-staff``, ``national-member``...) share
``BENCH_PASSWORD`` and get two-factor set up, so ``bench/`` can sign in as each role.
"""

from __future__ import annotations

import random
import secrets
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone

from actionplan.models import (
    Action,
    ActionSource,
    Objective,
    Plan,
    Recommendation,
    SourceKind,
    Status,
    Term,
    Theme,
)
from bench.seeding.loader import Loader
from consultations.models import (
    Answer,
    AnswerChoice,
    Choice,
    Code,
    Codebook,
    Coding,
    CodingItem,
    CodingLead,
    CodingPass,
    CodingProject,
    ConsentVersion,
    Consultation,
    ConsultationConstituency,
    FinalCode,
    Question,
    QuestionCoding,
    SettledCode,
    Submission,
)
from council import sealing
from council.models import (
    AgendaItem,
    Ballot,
    Constituency,
    Council,
    Decision,
    Election,
    Meeting,
    Membership,
    Nomination,
    Participation,
    RollEntry,
)
from dashboards.models import CaseloadFigure, Dimension
from peersupport import models as peer_models
from peersupport.models import (
    Attendance,
    Certificate,
    CertificateRule,
    CertificateRuleKind,
    MentorProfile,
    MentorStatus,
    Occurrence,
    OccurrenceStatus,
    SessionSeries,
    SessionType,
    SignUp,
    SignUpRole,
    SignUpStatus,
    occurrence_window,
)
from users.models import User
from users.roles import Role

SLUG_PREFIX = "national-"
BENCH_ROLES = (
    "senior_manager",
    "staff",
    "returning_officer",
    "data_steward",
    "administrator",
    "member",
    "mentor",
    "representative",
)
BENCH_PASSWORD = "national bench only 2026"  # noqa: S105 (documented; --not-production only)

COUNCIL_NAMES = [
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "Greater Manchester",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "Kent, Surrey and Sussex",
    "South West",
    "South Central",
    "Wales",
]
PLACES = ["City", "North", "South", "East", "West", "County"]
GROUPS = ["Women", "Approved premises", "Drug and alcohol team"]
THEMES = [
    "Appointments and times",
    "Relationship with officer",
    "Trust and confidentiality",
    "Housing",
    "Employment and training",
    "Drugs and alcohol",
    "Mental health",
    "Travel costs",
    "Programmes and groups",
    "Being listened to",
    "Peer support",
    "Family and children",
    "Money and benefits",
    "Waiting rooms and offices",
    "Information and letters",
    "Other",
]
ANSWER_TEXTS = [
    "My officer listens and helps me plan, which makes a difference.",
    "Appointments clash with work and I worry about losing my job.",
    "I do not trust that what I say stays private.",
    "Finding somewhere to live is the hardest part of being on probation.",
    "The group sessions helped me more than anything else.",
    "Travel to the office costs too much each week.",
    "Someone who has been through it would understand me better.",
    "I never know who my officer is because it keeps changing.",
    "It helped to talk about my drinking without being judged.",
    "Letters are hard to read and I miss things because of it.",
]
QUESTION_TEXTS = [
    "What has helped you most while on probation?",
    "What would make probation better for you?",
    "Is there anything else you want to tell us?",
]
GENDERS = [("woman", 16), ("man", 79), ("non_binary", 0.6), ("other", 0.4), ("", 4)]
ETHNIC = [("white", 74), ("asian", 8), ("black", 8), ("mixed", 5), ("other", 2), ("", 3)]
AGE_BANDS = ["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]


def _pick(rng: random.Random, weighted: list[tuple[Any, float]]) -> Any:
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _at(day: date, hour: int = 12, minute: int = 0) -> datetime:
    return datetime.combine(day, dt_time(hour, minute), tzinfo=UTC)


@dataclass
class Sizes:
    members: int
    ballots: int
    answers: int
    occurrences: int
    actions: int
    consultations: int
    series: int
    staff: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        return cls(
            members=max(60, round(250_000 * scale)),
            ballots=round(100_000 * scale),
            answers=round(1_000_000 * scale),
            occurrences=max(24, round(50_000 * scale)),
            actions=max(24, round(20_000 * scale)),
            consultations=max(12, round(120 * scale)),
            series=max(12, round(480 * scale)),
            staff=max(6, round(60 * scale)),
        )


@dataclass
class World:
    """What later steps need from earlier ones."""

    councils: list[Council] = field(default_factory=list)
    places: dict[int, list[Constituency]] = field(default_factory=dict)
    constituencies: dict[int, list[Constituency]] = field(default_factory=dict)
    # constituency id -> member user ids
    members_of: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    council_members: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    member_ids: list[int] = field(default_factory=list)
    staff_ids: list[int] = field(default_factory=list)
    mentor_ids: list[int] = field(default_factory=list)
    decisions: dict[int, list[int]] = field(default_factory=dict)  # council -> decision ids
    bench: dict[str, User] = field(default_factory=dict)


class NationalData:
    def __init__(self, *, scale: float = 1.0, seed: int = 2026, today: date | None = None) -> None:
        self.scale = scale
        self.sizes = Sizes.at(scale)
        self.rng = random.Random(seed)
        self.today = today or timezone.localdate()
        self.start = self.today - timedelta(days=730)
        self.now = timezone.now()
        self.loader = Loader(now=self.now)
        self.world = World()
        self.checks = ""
        self.groups = {r.value: Group.objects.get_or_create(name=r.value)[0] for r in Role}

    # --- people -----------------------------------------------------------------------

    def councils(self) -> None:
        for i, name in enumerate(COUNCIL_NAMES, start=1):
            council = Council.objects.create(
                name=f"{name} Probation Council",
                slug=f"{SLUG_PREFIX}{i:02d}",
                description="National benchmark data (made up).",
            )
            self.world.councils.append(council)
            Constituency.objects.bulk_create(
                [
                    Constituency(council=council, name=f"{name} {p}", kind=Constituency.Kind.PLACE)
                    for p in PLACES
                ]
                + [
                    Constituency(council=council, name=g, kind=Constituency.Kind.GROUP)
                    for g in GROUPS
                ]
            )
            # bulk_create does not return ids on every database: read them back.
            made = list(Constituency.objects.filter(council=council).order_by("pk"))
            self.world.constituencies[council.pk] = made
            self.world.places[council.pk] = [c for c in made if c.kind == Constituency.Kind.PLACE]

    def members(self) -> None:
        rng, w, load = self.rng, self.world, self.loader
        n = self.sizes.members
        ids = load.ids(User, n + self.sizes.staff)
        member_group = self.groups[Role.MEMBER].pk
        staff_group = self.groups[Role.STAFF].pk
        for k, user_id in enumerate(ids):
            is_staff = k >= n
            gender = _pick(rng, GENDERS)
            joined = (
                self.start
                - timedelta(days=rng.randint(0, 365))
                + timedelta(days=rng.randint(0, 730))
            )
            joined = min(joined, self.today)
            recently = rng.random() < 0.55
            load.add(
                User,
                {
                    "id": user_id,
                    "username": f"nat{k:06d}" if not is_staff else f"natstaff{k - n:04d}",
                    "display_name": f"Member {k}" if not is_staff else f"Staff {k - n}",
                    "password": "!",
                    "is_active": True,
                    "is_staff": False,
                    "is_superuser": False,
                    "date_joined": _at(joined),
                    "last_login": self.now - timedelta(days=rng.randint(0, 89))
                    if recently
                    else (
                        self.now - timedelta(days=rng.randint(91, 600))
                        if rng.random() < 0.6
                        else None
                    ),
                    "gender": "" if is_staff else gender,
                    "ethnic_group": "" if is_staff else _pick(rng, ETHNIC),
                },
            )
            load.add(
                User.groups.through,
                {"user_id": user_id, "group_id": staff_group if is_staff else member_group},
            )
            if is_staff:
                w.staff_ids.append(user_id)
                continue
            w.member_ids.append(user_id)
            council = w.councils[k % len(w.councils)]
            constituencies = w.constituencies[council.pk]
            place = w.places[council.pk][rng.randrange(len(PLACES))]
            chosen = [place]
            if gender == "woman" and rng.random() < 0.35:
                chosen.append(constituencies[len(PLACES)])
            if rng.random() < 0.05:
                chosen.append(constituencies[len(PLACES) + 1])
            if rng.random() < 0.10:
                chosen.append(constituencies[len(PLACES) + 2])
            left = rng.random() < 0.04
            for constituency in chosen:
                load.add(
                    Membership,
                    {
                        "user_id": user_id,
                        "constituency_id": constituency.pk,
                        "joined_on": joined,
                        "left_on": min(self.today, joined + timedelta(days=rng.randint(30, 400)))
                        if left
                        else None,
                        "created_at": _at(joined),
                        "updated_at": _at(joined),
                    },
                )
                if not left:
                    w.members_of[constituency.pk].append(user_id)
            if not left:
                w.council_members[council.pk].append(user_id)

    # --- elections ----------------------------------------------------------------------

    def elections(self) -> None:
        rng, w, load = self.rng, self.world, self.loader
        held: list[tuple[Election, list[int], list[int]]] = []
        for council in w.councils:
            for j, constituency in enumerate(w.constituencies[council.pk]):
                people = w.members_of[constituency.pk]
                for round_no in range(4):
                    opens = self.start + timedelta(days=30 + 180 * round_no + j * 3)
                    election = Election.objects.create(
                        council=council,
                        constituency=constituency,
                        title=f"{constituency.name} representative {opens.year}",
                        # Counted and released below, through the council's own services.
                        status=Election.Status.VOTING_CLOSED,
                        nominations_open_at=_at(opens - timedelta(days=28)),
                        nominations_close_at=_at(opens - timedelta(days=7)),
                        voting_open_at=_at(opens, 9),
                        voting_close_at=_at(opens + timedelta(days=14), 17),
                        frozen_at=_at(opens, 9),
                        voting_opened_at=_at(opens, 9),
                        voting_closed_at=_at(opens + timedelta(days=14), 17),
                        roll_size=len(people),
                    )
                    held.append((election, people, self._nominate(election, people)))
            # One election in each council open for voting now, and one coming up.
            place = w.places[council.pk][0]
            people = w.members_of[place.pk]
            opened = self.today - timedelta(days=3)
            election = Election.objects.create(
                council=council,
                constituency=place,
                title=f"{place.name} by-election",
                status=Election.Status.VOTING_OPEN,
                nominations_open_at=_at(opened - timedelta(days=28)),
                nominations_close_at=_at(opened - timedelta(days=7)),
                voting_open_at=_at(opened, 9),
                voting_close_at=_at(self.today + timedelta(days=11), 17),
                frozen_at=_at(opened, 9),
                voting_opened_at=_at(opened, 9),
                roll_size=len(people),
            )
            # Its ballot key, as opening voting would make it (council/sealing.py).
            election.ballot_key_salt = sealing.new_salt()
            election.ballot_public_key = sealing.public_key_hex(
                election_id=election.pk, salt=election.ballot_key_salt
            )
            election.save(update_fields=["ballot_key_salt", "ballot_public_key"])
            held.append((election, people, self._nominate(election, people)))
            load.add_many(RollEntry, ({"election_id": election.pk, "voter_id": v} for v in people))
            second = w.places[council.pk][1]
            soon = self.today + timedelta(days=25)
            Election.objects.create(
                council=council,
                constituency=second,
                title=f"{second.name} representative {soon.year}",
                status=Election.Status.NOMINATIONS_OPEN,
                nominations_open_at=_at(self.today - timedelta(days=2)),
                nominations_close_at=_at(soon - timedelta(days=7)),
                voting_open_at=_at(soon, 9),
                voting_close_at=_at(soon + timedelta(days=14), 17),
            )
        total_roll = sum(len(p) for _e, p, _c in held) or 1
        paper: dict[int, int] = defaultdict(int)
        for election, people, candidates in held:
            share = self.sizes.ballots * len(people) / total_roll
            # Whole ballots, rounded at random so small scales still get some.
            want = int(share) + (1 if rng.random() < share - int(share) else 0)
            voters = rng.sample(people, min(want, len(people))) if people else []
            if election.status == Election.Status.VOTING_OPEN and w.bench.get("member"):
                voters = [v for v in voters if v != w.bench["member"].pk]
            for voter in voters:
                channel = "online" if rng.random() < 0.9 else "paper"
                paper[election.pk] += channel == "paper"
                load.add(
                    Participation,
                    {"election_id": election.pk, "voter_id": voter, "channel": channel},
                )
                ranking = candidates[:]
                rng.shuffle(ranking)
                load.add(
                    Ballot,
                    {
                        "id": _uuid(rng),
                        "election_id": election.pk,
                        "ranking": ranking[: rng.randint(1, len(ranking))],
                    },
                )
        self._count_and_release([e for e, _p, _c in held], paper)

    def _count_and_release(self, held: list[Election], paper: dict[int, int]) -> None:
        """Count each closed election and release its result with the council's own
        services (Scottish STV, the hash-chained election log, representatives), so the
        results pages have real results to show."""
        from council.services import election_count, election_release

        self.loader.flush(Participation, Ballot)
        officer = self.world.bench["returning_officer"]
        for election in held:
            if election.status != Election.Status.VOTING_CLOSED:
                continue
            Election.objects.filter(pk=election.pk).update(
                paper_ballots_entered=paper.get(election.pk, 0)
            )
            election.refresh_from_db()
            election_count(actor=officer, election=election)
            election_release(actor=officer, election=election)

    def _nominate(self, election: Election, people: list[int]) -> list[int]:
        chosen = self.rng.sample(people, min(3, len(people)))
        made = [
            Nomination(
                election=election,
                nominee_id=person,
                ballot_name=f"Candidate {person}",
                statement="I will listen and take what you say to the council.",
                status=Nomination.Status.ACCEPTED,
            )
            for person in chosen
        ] + [
            Nomination(
                election=election,
                is_ron=True,
                ballot_name="Re-open nominations (none of these)",
                status=Nomination.Status.ACCEPTED,
            )
        ]
        Nomination.objects.bulk_create(made)
        return list(
            Nomination.objects.filter(election=election).order_by("pk").values_list("pk", flat=True)
        )

    # --- meetings -----------------------------------------------------------------------

    def meetings(self) -> None:
        w = self.world
        for council in w.councils:
            Meeting.objects.bulk_create(
                [
                    Meeting(
                        council=council,
                        title=f"Council meeting {m + 1}",
                        starts_at=_at(self.start + timedelta(days=30 * m + 10), 14),
                        ends_at=_at(self.start + timedelta(days=30 * m + 10), 16),
                        place="Probation office",
                    )
                    for m in range(24)
                ]
            )
            meetings = list(Meeting.objects.filter(council=council).order_by("pk"))
            AgendaItem.objects.bulk_create(
                [
                    AgendaItem(
                        meeting=meeting,
                        position=p,
                        title=self.rng.choice(THEMES),
                        raised_as=AgendaItem.RaisedAs.REPRESENTATIVE,
                        people_count=self.rng.randint(0, 12),
                    )
                    for meeting in meetings
                    for p in range(5)
                ]
            )
            Decision.objects.bulk_create(
                [
                    Decision(
                        meeting=meeting,
                        text=f"Ask for a plan on {self.rng.choice(THEMES).lower()}.",
                    )
                    for meeting in meetings
                    for _ in range(2)
                ]
            )
            w.decisions[council.pk] = list(
                Decision.objects.filter(meeting__council=council).values_list("pk", flat=True)
            )

    # --- consultations ------------------------------------------------------------------

    def consultations(self) -> None:
        rng, w, load = self.rng, self.world, self.loader
        codebook = Codebook.objects.create(
            name="National themes", description="Themes used across the councils' consultations."
        )
        Code.objects.bulk_create(
            [Code(codebook=codebook, name=name, position=i) for i, name in enumerate(THEMES)]
        )
        codes = list(Code.objects.filter(codebook=codebook).order_by("position"))
        coders = w.staff_ids[: max(3, len(w.staff_ids) // 2)]
        n = self.sizes.consultations
        submissions_total = self.sizes.answers // 5
        per = max(1, submissions_total // n)
        answer_ids = iter(load.ids(Answer, submissions_total * 5 + 5 * n))
        reference = 0
        for k in range(n):
            council = w.councils[k % len(w.councils)]
            national = k >= n - 2  # the last two are for all members
            opens = self.start + timedelta(days=int(700 * k / n))
            closes = opens + timedelta(days=42)
            is_open = closes > self.today
            places = w.places[council.pk]
            consultation = Consultation.objects.create(
                title=f"{'National' if national else council.name}: what would help? ({k + 1})",
                purpose="To hear what would make probation better.",
                information_sheet="Your answers are anonymous.",
                consent_statement="I agree to take part.",
                audience=Consultation.Audience.ALL_MEMBERS
                if national
                else Consultation.Audience.CONSTITUENCIES,
                anonymity=Consultation.Anonymity.ANONYMOUS,
                status=Consultation.Status.OPEN if is_open else Consultation.Status.CLOSED,
                opens_at=_at(opens, 9),
                closes_at=_at(closes, 17),
                opened_at=_at(opens, 9),
                closed_at=None if is_open else _at(closes, 17),
                areas="\n".join(p.name for p in places),
            )
            if not national:
                ConsultationConstituency.objects.bulk_create(
                    [
                        ConsultationConstituency(
                            consultation=consultation, constituency_id=p.pk, name=p.name
                        )
                        for p in places
                    ]
                )
            CodingProject.objects.create(consultation=consultation)
            # The bench staff account leads the coding, so bench/ can time the review queue.
            CodingLead.objects.create(consultation=consultation, user=w.bench["staff"])
            consent = ConsentVersion.objects.create(
                consultation=consultation,
                number=1,
                information_sheet=consultation.information_sheet,
                consent_statement=consultation.consent_statement,
            )
            questions = [
                Question.objects.create(
                    consultation=consultation, position=i, kind=Question.Kind.LONG_TEXT, text=text
                )
                for i, text in enumerate(QUESTION_TEXTS)
            ]
            choice_q = Question.objects.create(
                consultation=consultation,
                position=3,
                kind=Question.Kind.SINGLE_CHOICE,
                text="How is your relationship with your officer?",
            )
            choices = [
                Choice.objects.create(question=choice_q, position=i, label=label)
                for i, label in enumerate(["Good", "Bad", "Neither"])
            ]
            scale_q = Question.objects.create(
                consultation=consultation,
                position=4,
                kind=Question.Kind.SCALE,
                text="How much do you trust that your answers stay private?",
                scale_low_label="Not at all",
                scale_high_label="Completely",
            )
            for q in questions:
                QuestionCoding.objects.create(question=q, codebook=codebook, double_share=20)
            last_day = min(closes, self.today)
            span = max((last_day - opens).days, 0)
            for _s in range(per):
                reference += 1
                submitted = opens + timedelta(days=rng.randint(0, span))
                submission_id = _uuid(rng)
                answered = rng.random() < 0.7
                load.add(
                    Submission,
                    {
                        "id": submission_id,
                        "consultation_id": consultation.pk,
                        "anonymity": Consultation.Anonymity.ANONYMOUS,
                        "reference": f"{(reference * 2654435761) % 16**9:09X}",
                        "method": "online" if rng.random() < 0.8 else "interview",
                        "consent_version_id": consent.pk,
                        "consent_method": "online",
                        "submitted_on": submitted,
                        "destroy_after": submitted + timedelta(days=5 * 365),
                        "gender": _pick(rng, GENDERS) if answered else "",
                        "ethnic_group": _pick(rng, ETHNIC) if answered else "",
                        "age_band": rng.choice(AGE_BANDS) if answered else "",
                        "area": rng.choice(places).name if answered and rng.random() < 0.9 else "",
                    },
                )
                for q in questions:
                    answer_id = next(answer_ids)
                    load.add(
                        Answer,
                        {
                            "id": answer_id,
                            "submission_id": submission_id,
                            "question_id": q.pk,
                            "text_value": rng.choice(ANSWER_TEXTS),
                        },
                    )
                    self._code(answer_id, q, codes, coders, submitted, is_open)
                answer_id = next(answer_ids)
                load.add(
                    Answer,
                    {
                        "id": answer_id,
                        "submission_id": submission_id,
                        "question_id": choice_q.pk,
                        "text_value": "",
                    },
                )
                load.add(
                    AnswerChoice,
                    {"answer_id": answer_id, "choice_id": rng.choice(choices).pk},
                )
                load.add(
                    Answer,
                    {
                        "id": next(answer_ids),
                        "submission_id": submission_id,
                        "question_id": scale_q.pk,
                        "text_value": "",
                        "number_value": rng.randint(1, 5),
                    },
                )

    def _theme_codes(self, codes: list[Code], when: date) -> list[int]:
        """2 or 3 codes, with housing and travel costs growing over the two years."""
        rng = self.rng
        drift = (when - self.start).days / 730
        weights = [3.0 if i < 3 else 1.0 for i in range(len(codes))]
        weights[3] += 4 * drift  # housing
        weights[7] += 3 * drift  # travel costs
        weights[0] += 2 * (1 - drift)  # appointments
        k = _pick(rng, [(1, 20), (2, 35), (3, 40), (4, 5)])
        picked: set[int] = set()
        while len(picked) < k:
            picked.add(rng.choices(codes, weights)[0].pk)
        return sorted(picked)

    def _code(
        self, answer_id: int, question: Question, codes: list[Code], coders, when: date, is_open
    ) -> None:
        rng, load = self.rng, self.loader
        item_id = _uuid(rng)
        if rng.random() < (0.35 if is_open else 0.05):
            load.add(
                CodingItem,
                {"id": item_id, "answer_id": answer_id, "question_id": question.pk},
            )
            return
        double = rng.random() < 0.2
        first = self._theme_codes(codes, when)
        coder_a, coder_b = rng.sample(coders, 2)
        stamp = _at(when + timedelta(days=rng.randint(1, 20)))
        passes = [(1, coder_a, first)]
        second: list[int] = []
        state = CodingItem.State.DONE
        final = first
        settled = False
        if double:
            if rng.random() < 0.05:
                state = CodingItem.State.AWAITING_SECOND
                final = []
            else:
                second = first if rng.random() < 0.75 else self._theme_codes(codes, when)
                passes.append((2, coder_b, second))
                if second != first:
                    if rng.random() < 0.3:
                        state = CodingItem.State.DISAGREEMENT
                        final = []
                    else:
                        settled = True
                        final = sorted(set(first) & set(second)) or first
        load.add(
            CodingItem,
            {
                "id": item_id,
                "answer_id": answer_id,
                "question_id": question.pk,
                "is_double": double,
                "state": state,
                "passes_done": len(passes),
                "first_coder_id": coder_a,
                "first_codes": ",".join(map(str, first)) if len(passes) == 2 else "",
                "second_codes": ",".join(map(str, second)) if len(passes) == 2 else "",
                "settled_by_id": coder_a if settled else None,
                "settled_at": stamp if settled else None,
            },
        )
        for slot, coder, chosen in passes:
            load.add(
                CodingPass,
                {
                    "item_id": item_id,
                    "question_id": question.pk,
                    "coder_id": coder,
                    "slot": slot,
                    "created_at": stamp,
                    "updated_at": stamp,
                },
            )
            for code in chosen:
                load.add(
                    Coding,
                    {
                        "answer_id": answer_id,
                        "item_id": item_id,
                        "question_id": question.pk,
                        "code_id": code,
                        "coder_id": coder,
                        "slot": slot,
                        "is_exemplar": rng.random() < 0.01,
                        "created_at": stamp,
                    },
                )
        for code in final:
            if settled:
                load.add(SettledCode, {"item_id": item_id, "code_id": code})
            load.add(
                FinalCode,
                {
                    "item_id": item_id,
                    "answer_id": answer_id,
                    "question_id": question.pk,
                    "code_id": code,
                },
            )

    # --- peer support -------------------------------------------------------------------

    def peer_support(self) -> None:
        rng, w, load = self.rng, self.world, self.loader
        mentor_group = self.groups[Role.MENTOR].pk
        pool = w.member_ids[:]
        rng.shuffle(pool)
        n_mentors = max(12, len(pool) // 40)
        mentors, pool = pool[:n_mentors], pool[n_mentors:]
        for i, user_id in enumerate(mentors):
            status = (
                MentorStatus.ACTIVE
                if i % 10 < 8
                else (MentorStatus.PAUSED if i % 10 == 8 else MentorStatus.LEFT)
            )
            load.add(
                MentorProfile,
                {
                    "user_id": user_id,
                    "status": status,
                    "created_at": self.now,
                    "updated_at": self.now,
                },
            )
            if status == MentorStatus.ACTIVE:
                w.mentor_ids.append(user_id)
                load.add(User.groups.through, {"user_id": user_id, "group_id": mentor_group})
        rule = CertificateRule.objects.get_or_create(
            name="Group sessions as a peer mentor",
            defaults={
                "kind": CertificateRuleKind.SESSIONS,
                "session_types": ["peer_support_group", "induction", "programme_group"],
                "role": SignUpRole.MENTOR,
                "every": 5,
                "wording": "acting as a peer mentor at 5 group sessions",
            },
        )[0]
        types = [
            SessionType.PEER_SUPPORT_GROUP,
            SessionType.PEER_SUPPORT_GROUP,
            SessionType.INDUCTION,
            SessionType.PROGRAMME_GROUP,
            SessionType.CONSULTATION_GROUP,
            SessionType.SUPERVISION,
        ]
        n_series = self.sizes.series
        per_series = max(1, self.sizes.occurrences // n_series)
        occurrence_ids = iter(load.ids(Occurrence, n_series * per_series))
        active = w.mentor_ids[:]
        anchor = self.today - timedelta(weeks=per_series - 4)
        certificates = defaultdict(list)  # mentor -> dates attended as mentor (counted types)
        claims: list[tuple[int, int, date]] = []  # travel claims: mentor, session, day
        for s in range(n_series):
            kind = types[s % len(types)]
            start_time = dt_time(9 + (s % 5) * 2, 0)
            series = SessionSeries.objects.create(
                title=f"{kind.label} {s + 1}",
                session_type=kind,
                rrule="FREQ=WEEKLY",
                anchor_date=anchor + timedelta(days=s % 7),
                start_time=start_time,
                duration_minutes=90,
                place=f"Centre {s % 30 + 1}",
                mentor_places=2,
                participant_places=6,
                generated_until=anchor + timedelta(weeks=per_series),
            )
            # Each series has its own people, so nobody is in two sessions at once.
            series_mentors = [active.pop() for _ in range(min(3, len(active)))]
            series_people = [pool.pop() for _ in range(min(8, len(pool)))]
            for week in range(per_series):
                day = series.anchor_date + timedelta(weeks=week)
                begins, ends = occurrence_window(day, start_time, 90, series.timezone)
                occurrence_id = next(occurrence_ids)
                cancelled = rng.random() < 0.03
                load.add(
                    Occurrence,
                    {
                        "id": occurrence_id,
                        "series_id": series.pk,
                        "session_type": kind,
                        "title": series.title,
                        "local_date": day,
                        "starts_at": begins,
                        "ends_at": ends,
                        "place": series.place,
                        "mentor_places": 2,
                        "participant_places": 6,
                        "status": OccurrenceStatus.CANCELLED
                        if cancelled
                        else OccurrenceStatus.SCHEDULED,
                        "cancelled_at": begins - timedelta(days=2) if cancelled else None,
                        "created_at": self.now,
                        "updated_at": self.now,
                    },
                )
                past = begins < self.now
                people = [(m, SignUpRole.MENTOR) for m in series_mentors[:2]] + [
                    (p, SignUpRole.PARTICIPANT)
                    for p in rng.sample(series_people, min(4, len(series_people)))
                ]
                for user_id, role in people:
                    attendance = ""
                    if past and not cancelled:
                        attendance = _pick(
                            rng,
                            [
                                (Attendance.ATTENDED, 80),
                                (Attendance.NO_SHOW, 15),
                                (Attendance.EXCUSED, 5),
                            ],
                        )
                    load.add(
                        SignUp,
                        {
                            "occurrence_id": occurrence_id,
                            "user_id": user_id,
                            "role": role,
                            "status": SignUpStatus.SESSION_CANCELLED
                            if cancelled
                            else SignUpStatus.CONFIRMED,
                            "starts_at": begins,
                            "ends_at": ends,
                            "queued_at": begins - timedelta(days=7),
                            "attendance": attendance,
                            "attendance_recorded_at": ends if attendance else None,
                            "created_at": self.now,
                            "updated_at": self.now,
                        },
                    )
                    if attendance == Attendance.ATTENDED and role == SignUpRole.MENTOR:
                        if kind in rule.session_types:
                            certificates[user_id].append(day)
                        if rng.random() < 0.3:
                            claims.append((user_id, occurrence_id, day))
        for user_id, days in certificates.items():
            for number in range(1, len(days) // 5 + 1):
                load.add(
                    Certificate,
                    {
                        "user_id": user_id,
                        "rule_id": rule.pk,
                        "sequence": number,
                        "name_on_certificate": f"Member {user_id}",
                        "recognises": rule.wording,
                        "period_start": days[(number - 1) * 5],
                        "period_end": days[number * 5 - 1],
                        "awarded_on": days[number * 5 - 1] + timedelta(days=1),
                        "verification_code": secrets.token_hex(8).upper(),
                        "created_at": self.now,
                        "updated_at": self.now,
                    },
                )

        self._expenses(claims)
        self._helpline(active)

    def _expenses(self, claims: list[tuple[int, int, date]]) -> None:
        """Travel claims for about a third of sessions mentors attended, most of them paid."""
        claim = getattr(peer_models, "ExpenseClaim", None)
        if claim is None:
            return
        rng, load, staff = self.rng, self.loader, self.world.staff_ids
        for user_id, occurrence_id, day in claims:
            sent = _at(day + timedelta(days=rng.randint(0, 5)), 18)
            decided = sent + timedelta(days=rng.randint(1, 10))
            status = _pick(
                rng,
                [
                    (peer_models.ClaimStatus.PAID, 80),
                    (peer_models.ClaimStatus.APPROVED, 8),
                    (peer_models.ClaimStatus.SUBMITTED, 8),
                    (peer_models.ClaimStatus.REJECTED, 4),
                ],
            )
            if decided > self.now:
                status = peer_models.ClaimStatus.SUBMITTED
            paid = status == peer_models.ClaimStatus.PAID
            load.add(
                claim,
                {
                    "claimant_id": user_id,
                    "occurrence_id": occurrence_id,
                    "journey_date": day,
                    "journey_from": "Home",
                    "journey_to": "Centre",
                    "mode": rng.choice(["bus", "train", "bus", "other"]),
                    "amount": Decimal(rng.randint(200, 1500)) / 100,
                    "status": status,
                    "declared_at": sent,
                    "submitted_at": sent,
                    "decided_by_id": rng.choice(staff)
                    if status != peer_models.ClaimStatus.SUBMITTED
                    else None,
                    "decided_at": decided if status != peer_models.ClaimStatus.SUBMITTED else None,
                    "rejection_reason": "No receipt."
                    if status == peer_models.ClaimStatus.REJECTED
                    else "",
                    "paid_by_id": rng.choice(staff) if paid else None,
                    "paid_at": decided + timedelta(days=7) if paid else None,
                    "payment_reference": f"PAY{rng.randint(10000, 99999)}" if paid else "",
                    "created_at": sent,
                    "updated_at": sent,
                },
            )

    def _helpline(self, mentors: list[int]) -> None:
        """Evening helpline shifts every day, two mentors each, up to eight weeks ahead;
        later weeks have gaps, as a real rota does."""
        pattern_model = getattr(peer_models, "ShiftPattern", None)
        if pattern_model is None:
            return
        rng, load = self.rng, self.loader
        first = self.today - timedelta(weeks=26)
        for weekday in range(7):
            for start_hour in (18, 22):
                pattern = pattern_model.objects.create(
                    title=f"Helpline {start_hour}:00",
                    rrule="FREQ=WEEKLY",
                    anchor_date=first + timedelta(days=weekday),
                    start_time=dt_time(start_hour),
                    duration_minutes=240,
                    mentors_needed=2,
                    generated_until=self.today + timedelta(weeks=8),
                )
                # Each pattern has its own mentors, so nobody is on two shifts at once.
                team = [mentors.pop() for _ in range(min(3, len(mentors)))]
                for week in range(34):
                    day = pattern.anchor_date + timedelta(weeks=week)
                    begins, ends = occurrence_window(day, pattern.start_time, 240, pattern.timezone)
                    shift = peer_models.Shift.objects.create(
                        pattern=pattern,
                        title=pattern.title,
                        local_date=day,
                        starts_at=begins,
                        ends_at=ends,
                        mentors_needed=2,
                    )
                    ahead = (day - self.today).days
                    filled = 2 if ahead < 14 else rng.choice([0, 1, 2, 2])
                    for user_id in team[:filled]:
                        load.add(
                            peer_models.ShiftSignUp,
                            {
                                "shift_id": shift.pk,
                                "user_id": user_id,
                                "status": peer_models.ShiftSignUpStatus.ON_ROTA,
                                "starts_at": begins,
                                "ends_at": ends,
                                "created_at": self.now,
                                "updated_at": self.now,
                            },
                        )

    # --- action plan --------------------------------------------------------------------

    def actions(self) -> None:
        rng, w, load = self.rng, self.world, self.loader
        history = Action.history.model
        objectives = []
        for council in w.councils:
            plan = Plan.objects.create(
                title=f"{council.name}: involvement plan",
                starts_on=self.start,
                ends_on=self.today + timedelta(days=365),
            )
            for number, recommendation in enumerate(Recommendation.values, start=1):
                objectives.append(
                    (
                        council,
                        Objective.objects.create(
                            plan=plan,
                            number=number,
                            title=f"Objective {number}",
                            term=Term.SHORT if number % 2 else Term.LONG,
                            recommendation=recommendation,
                        ),
                    )
                )
        n = self.sizes.actions
        ids = load.ids(Action, n)
        champions = w.mentor_ids or w.member_ids
        for k, action_id in enumerate(ids):
            council, objective = objectives[k % len(objectives)]
            due = self.today + timedelta(days=rng.randint(-400, 300))
            created = min(due - timedelta(days=rng.randint(30, 200)), self.today)
            status = _pick(
                rng,
                [
                    (Status.DONE, 35),
                    (Status.IN_PROGRESS, 35),
                    (Status.NOT_STARTED, 15),
                    (Status.BLOCKED, 8),
                    (Status.DROPPED, 7),
                ],
            )
            progress = {
                Status.DONE: 100,
                Status.IN_PROGRESS: rng.randint(10, 90),
                Status.NOT_STARTED: 0,
            }.get(status, rng.randint(0, 60))
            reason = "Waiting for funding." if status in (Status.BLOCKED, Status.DROPPED) else ""
            row = {
                "id": action_id,
                "objective_id": objective.pk,
                "title": f"{rng.choice(THEMES)}: action {k + 1}",
                "description": "What we will do about what people said.",
                "owner_id": rng.choice(w.staff_ids),
                "champion_id": rng.choice(champions) if rng.random() < 0.4 else None,
                "due_on": due,
                "status": status,
                "status_reason": reason,
                "progress": progress,
                "theme": rng.choice(Theme.values),
                "is_public": rng.random() < 0.6,
                "created_at": _at(created),
                "updated_at": _at(created),
            }
            load.add(Action, row)
            shared = {
                key: row[key]
                for key in (
                    "id",
                    "objective_id",
                    "title",
                    "description",
                    "owner_id",
                    "champion_id",
                    "due_on",
                    "status_reason",
                    "theme",
                    "is_public",
                    "created_at",
                )
            }
            load.add(
                history,
                {
                    **shared,
                    "status": Status.NOT_STARTED,
                    "status_reason": "",
                    "progress": 0,
                    "history_date": _at(created),
                    "history_type": "+",
                },
            )
            if status != Status.NOT_STARTED:
                changed = min(created + timedelta(days=rng.randint(1, 300)), self.today)
                load.add(
                    history,
                    {
                        **shared,
                        "status": status,
                        "progress": progress,
                        "history_date": _at(changed, 15),
                        "history_type": "~",
                    },
                )
            decisions = w.decisions.get(council.pk) or []
            if decisions and rng.random() < 0.5:
                load.add(
                    ActionSource,
                    {
                        "action_id": action_id,
                        "kind": SourceKind.COUNCIL_DECISION,
                        "ref_model": "council.decision",
                        "ref_id": str(rng.choice(decisions)),
                        "summary": "Decided at a council meeting.",
                        "created_at": self.now,
                        "updated_at": self.now,
                    },
                )
            elif rng.random() < 0.4:
                load.add(
                    ActionSource,
                    {
                        "action_id": action_id,
                        "kind": SourceKind.CONSULTATION_CODE,
                        "summary": "A theme from a consultation.",
                        "count": rng.randint(5, 80),
                        "created_at": self.now,
                        "updated_at": self.now,
                    },
                )

    # --- caseload and bench accounts -----------------------------------------------------

    def caseload(self) -> None:
        w = self.world
        per_council = max(100, round(240_000 * max(self.scale, 0.0001)) // len(w.councils))
        figures = []
        for council in w.councils:
            figures.append(
                CaseloadFigure(
                    council=council, dimension=Dimension.TOTAL, count=per_council, as_of=self.today
                )
            )
            for value, share in (("woman", 14), ("man", 85), ("non_binary", 0.5), ("other", 0.5)):
                figures.append(
                    CaseloadFigure(
                        council=council,
                        dimension=Dimension.GENDER,
                        category=value,
                        count=round(per_council * share / 100),
                        as_of=self.today,
                    )
                )
            for value, share in (
                ("white", 76),
                ("asian", 9),
                ("black", 8),
                ("mixed", 5),
                ("other", 2),
            ):
                figures.append(
                    CaseloadFigure(
                        council=council,
                        dimension=Dimension.ETHNIC_GROUP,
                        category=value,
                        count=round(per_council * share / 100),
                        as_of=self.today,
                    )
                )
            for place in w.places[council.pk]:
                figures.append(
                    CaseloadFigure(
                        council=council,
                        dimension=Dimension.AREA,
                        category=str(place.pk),
                        constituency=place,
                        count=per_council // len(PLACES),
                        as_of=self.today,
                    )
                )
        CaseloadFigure.objects.bulk_create(figures)

    def bench_accounts(self) -> dict[str, User]:
        """One signed-in-able account per role, for bench/ (password ``BENCH_PASSWORD``)."""
        from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

        w = self.world
        password = make_password(BENCH_PASSWORD)
        council = w.councils[0]
        place = w.places[council.pk][0]
        for role in BENCH_ROLES:
            user = User.objects.create(
                username=f"national-{role.replace('_', '-')}",
                display_name=f"Bench {role.replace('_', ' ')}",
                password=password,
                is_staff=role == Role.ADMINISTRATOR,
                is_superuser=role == Role.ADMINISTRATOR,
                gender="woman",
                ethnic_group="white",
            )
            roles = {role} | ({Role.MEMBER} if role in ("mentor", "representative") else set())
            user.groups.set([self.groups[r] for r in roles])
            if user.requires_mfa:
                TOTP.activate(user, generate_totp_secret())
            if Role.MEMBER in roles:
                Membership.objects.create(user=user, constituency=place, joined_on=self.start)
                w.members_of[place.pk].append(user.pk)
            if role == "mentor":
                MentorProfile.objects.create(user=user, status=MentorStatus.ACTIVE)
            w.bench[role] = user
        w.staff_ids.append(w.bench["staff"].pk)
        return w.bench

    def run(self, *, check_keys: bool = False) -> list[tuple[str, int, float]]:
        """Load everything. Call inside a transaction."""
        self.checks = self.loader.start(check_keys=check_keys)
        self.councils()
        # Made through the ORM before any ids are handed out, so the two never collide.
        self.bench_accounts()
        self.members()
        # The council's counting services read candidates and members through the ORM.
        self.loader.flush(User, User.groups.through, Membership)
        self.elections()
        self.meetings()
        self.consultations()
        self.peer_support()
        self.actions()
        self.caseload()
        return self.loader.finish()
