"""Every figure on the dashboards, counted from a small world whose answers are known."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from actionplan.models import Status
from consultations.models import CodingItem
from council.models import Election
from dashboards.figures import compute
from dashboards.models import CaseloadFigure, Dimension
from dashboards.periods import Period
from peersupport.models import MentorStatus
from tests.dashboards import factories as f
from tests.factories import make_user
from users.models import User
from users.roles import Role

pytestmark = pytest.mark.django_db


def _rows(data, dim):
    return {
        row["key"]: row
        for d in data["representation"]["dimensions"]
        if d["key"] == dim
        for row in d["rows"]
    }


@pytest.fixture
def world():
    today = timezone.localdate()
    long_ago = today - timedelta(days=400)
    north = f.make_council("North")
    south = f.make_council("South")
    n_city, n_county = f.place(north, 0), f.place(north, 1)
    s_city = f.place(south, 0)
    men_city = f.members(n_city, 12, gender="man", ethnic_group="white", on=long_ago)
    women_city = f.members(n_city, 3, gender="woman", ethnic_group="black", on=long_ago)
    f.members(n_county, 8, gender="man", ethnic_group="white", on=long_ago)
    women_county = f.members(n_county, 6, gender="woman", ethnic_group="white", on=long_ago)
    new = f.members(n_county, 2, on=today - timedelta(days=10))  # no gender given, joined lately
    for woman in women_county[:5]:
        f.join(woman, f.group(north), on=long_ago)  # also in "Women": still one person
    f.members(s_city, 30, gender="man", on=long_ago)
    f.members(s_city, 2, gender="woman", on=long_ago)
    f.members(s_city, 1, gender="non_binary", on=long_ago)
    left = f.person(gender="woman")
    f.join(left, n_city, on=long_ago, left_on=today - timedelta(days=100))  # not a member now
    for user in men_city[:4]:
        user.last_login = timezone.now() - timedelta(days=3)
        user.save(update_fields=["last_login"])
    # Voters: 6 men and 2 women of North City.
    north_election = f.election(
        n_city, opens=today - timedelta(days=30), roll_size=15, voters=men_city[:6] + women_city[:2]
    )
    f.election(s_city, opens=today + timedelta(days=20), status=Election.Status.NOMINATIONS_OPEN)
    # Respondents: a North consultation (places) and one for all members.
    housing, travel = f.codes("Housing", "Travel costs")
    consultation, question = f.consultation(
        n_city, n_county, opened=today - timedelta(days=60), closed=today - timedelta(days=20)
    )
    for _ in range(5):
        f.respond(
            consultation,
            question,
            on=today - timedelta(days=40),
            gender="woman",
            area=n_city.name,
            codes=[housing],
        )
    f.respond(
        consultation,
        question,
        on=today - timedelta(days=40),
        gender="man",
        area=" north county ",
        codes=[housing, travel],
        double=("1,2", "1,2"),
    )
    f.respond(
        consultation,
        question,
        on=today - timedelta(days=40),
        gender="man",
        area="Elsewhere",
        state=CodingItem.State.DISAGREEMENT,
        double=("1", "2"),
    )
    f.respond(
        consultation, question, on=today - timedelta(days=200), gender="woman", codes=[travel]
    )
    national, national_q = f.consultation(opened=today - timedelta(days=50))
    for _ in range(4):
        f.respond(
            national, national_q, on=today - timedelta(days=45), gender="woman", codes=[travel]
        )
    # Mentors: two active in North (fewer than 5), one paused.
    mentor_a = f.mentor(men_city[11])
    mentor_b = f.mentor(women_county[5])
    f.mentor(men_city[10], status=MentorStatus.PAUSED)
    # Caseload for North.
    for dim, cat, count, place in [
        (Dimension.TOTAL, "", 100, None),
        (Dimension.GENDER, "woman", 20, None),
        (Dimension.GENDER, "man", 80, None),
        (Dimension.AREA, str(n_city.pk), 60, n_city),
        (Dimension.AREA, str(n_county.pk), 40, n_county),
    ]:
        CaseloadFigure.objects.create(
            council=north, dimension=dim, category=cat, count=count, constituency=place, as_of=today
        )
    # Actions: some answer a North decision.
    staff = make_user(Role.STAFF)
    objective = f.objective()
    decided = f.decision(north)
    f.action(
        objective,
        staff,
        status=Status.DONE,
        due_on=today - timedelta(days=3),
        decision=decided,
        is_public=True,
    )
    f.action(
        objective,
        staff,
        status=Status.IN_PROGRESS,
        due_on=today - timedelta(days=5),
        decision=decided,
    )
    f.action(
        objective,
        staff,
        status=Status.BLOCKED,
        due_on=today + timedelta(days=50),
        is_public=True,
        champion=men_city[0],
    )
    f.action(
        objective, staff, status=Status.NOT_STARTED, due_on=today + timedelta(days=5), progress=0
    )
    f.action(objective, staff, status=Status.DROPPED, due_on=today + timedelta(days=5))
    # Peer support.
    f.session(today - timedelta(days=7), [(mentor_a, f.ATTENDED), (mentor_b, f.NO_SHOW)])
    f.session(today - timedelta(days=14), [], cancelled=True)
    f.session(today + timedelta(days=3), [(mentor_a, "")])
    f.certificate(mentor_a, on=today - timedelta(days=5))
    f.certificate(mentor_a, on=today - timedelta(days=200))
    return {
        "today": today,
        "period": Period(today - timedelta(days=90), today),
        "north": north,
        "south": south,
        "n_city": n_city,
        "n_county": n_county,
        "north_election": north_election,
        "consultation": consultation,
        "new": new,
    }


def test_membership_and_activity(world):
    data = compute(world["period"], today=world["today"])
    north = data[str(world["north"].pk)]["membership"]
    assert north == {"members": 31, "active": 4, "new": 2}
    assert data["all"]["membership"] == {"members": 64, "active": 4, "new": 2}
    assert data[str(world["south"].pk)]["membership"]["members"] == 33
    councils = {c["name"]: c for c in data["all"]["councils"]}
    assert councils["North"]["members"] == 31 and councils["North"]["turnout"] == 53.3


def test_representativeness_counts_and_small_cells(world):
    data = compute(world["period"], today=world["today"])
    north, south, everyone = (
        data[str(world["north"].pk)],
        data[str(world["south"].pk)],
        data["all"],
    )
    gender = _rows(north, "gender")
    assert gender["man"]["cells"]["members"] == {"n": 20, "state": "shown", "share": 64.5}
    # South's 2 women are fewer than 5. North's 9 and everyone's 11 would give them away,
    # so North's women are withheld too.
    assert _rows(south, "gender")["woman"]["cells"]["members"]["state"] == "small"
    assert _rows(south, "gender")["woman"]["cells"]["members"]["n"] is None
    assert gender["woman"]["cells"]["members"]["state"] == "withheld"
    assert _rows(everyone, "gender")["woman"]["cells"]["members"]["n"] == 11
    # Caseload beside it.
    assert gender["woman"]["caseload"] == {"n": 20, "share": 20.0}
    assert north["representation"]["caseload_total"] == 100
    # Voters come from who voted: 6 men and 2 women. The 2 are fewer than 5, and 8 - 6
    # would give them away, so the 6 is withheld too.
    assert north["representation"]["totals"]["voters"] == 8
    assert gender["woman"]["cells"]["voters"]["state"] == "small"
    assert gender["man"]["cells"]["voters"]["state"] == "withheld"
    # Respondents: 7 North answers in the period (the one from 200 days ago is outside);
    # everyone adds the 4 national ones.
    assert north["representation"]["totals"]["respondents"] == 7
    assert everyone["representation"]["totals"]["respondents"] == 11
    assert gender["man"]["cells"]["respondents"]["state"] == "small"  # 2 men
    assert gender["woman"]["cells"]["respondents"]["state"] == "withheld"  # 7 - 2
    area = _rows(north, "area")
    assert area[str(world["n_city"].pk)]["cells"]["respondents"]["n"] == 5
    assert area[str(world["n_county"].pk)]["cells"]["respondents"]["state"] == "small"
    assert area[str(world["n_city"].pk)]["cells"]["members"]["n"] == 15
    assert area[str(world["n_city"].pk)]["caseload"]["n"] == 60
    everyone_area = _rows(everyone, "area")
    assert everyone_area[""]["cells"]["respondents"]["n"] == 4  # not linked to one council
    # Two active mentors in North: the whole column is "fewer than 5".
    assert north["representation"]["totals"]["mentors"] == 2
    assert {row["cells"]["mentors"]["state"] for row in gender.values()} == {"small"}


def test_no_hidden_count_is_ever_stored(world):
    data = compute(world["period"], today=world["today"])
    for scope in data.values():
        for dim in scope["representation"]["dimensions"]:
            for row in dim["rows"]:
                for cell in row["cells"].values():
                    if cell["state"] != "shown":
                        assert cell["n"] is None and cell["share"] is None


def test_elections_turnout_and_next(world):
    data = compute(world["period"], today=world["today"])
    north = data[str(world["north"].pk)]["elections"]
    assert [e["voted"] for e in north["held"]] == [8]
    assert north["held"][0]["turnout"] == 53.3
    assert north["summary"] == {"elections": 1, "roll": 15, "voted": 8, "turnout": 53.3}
    south = data[str(world["south"].pk)]["elections"]
    assert len(south["upcoming"]) == 1 and south["held"] == []
    assert len(data["all"]["elections"]["upcoming"]) == 1


def test_consultations_coding_progress_agreement_and_themes(world):
    data = compute(world["period"], today=world["today"])
    north = data[str(world["north"].pk)]["consultations"]
    row = north["rows"][0]
    assert row["responses"] == 7  # the 8th was sent before the period
    assert row["answers_to_code"] == 8
    assert row["coded"] == 7
    assert row["disagreements"] == 1
    assert (row["double_coded"], row["agreed"], row["agreement"]) == (2, 1, 50.0)
    assert len(data["all"]["consultations"]["rows"]) == 2
    themes = {t["theme"]: t["total"] for t in data[str(world["north"].pk)]["themes"]["rows"]}
    assert themes == {"Housing": 6, "Travel costs": 1}
    # Themes are per consultation: "Travel costs" in the two consultations are two themes.
    everyone = sorted((t["theme"], t["total"]) for t in data["all"]["themes"]["rows"])
    assert everyone == [("Housing", 6), ("Travel costs", 1), ("Travel costs", 4)]


def test_action_plan(world):
    data = compute(world["period"], today=world["today"])
    everyone = data["all"]["actions"]
    assert everyone["total"] == 5
    status = {r["key"]: r["n"] for r in everyone["by_status"]}
    assert status == {"not_started": 1, "in_progress": 1, "done": 1, "blocked": 1, "dropped": 1}
    rag = {r["key"]: r["n"] for r in everyone["by_rag"]}
    assert rag == {"red": 2, "amber": 1, "green": 1, "none": 1}
    assert everyone["overdue"] == 1
    assert everyone["done_in_period"] == 1
    assert (everyone["public"], everyone["public_share"]) == (2, 40.0)
    assert (everyone["champion"], everyone["champion_share"]) == (1, 20.0)
    north = data[str(world["north"].pk)]["actions"]
    assert north["total"] == 2 and north["overdue"] == 1
    assert data[str(world["south"].pk)]["actions"]["total"] == 0


def test_peer_support(world):
    data = compute(world["period"], today=world["today"])
    north = data[str(world["north"].pk)]["peer"]
    assert north["active_mentors"] == 2
    assert north["sessions_delivered"] == 1  # not the cancelled one, not the future one
    assert (north["attended"], north["attendance_recorded"], north["attendance_rate"]) == (
        1,
        2,
        50.0,
    )
    assert north["certificates"] == 1
    assert data[str(world["south"].pk)]["peer"]["certificates"] == 0


def test_ballots_are_never_read(world):
    with CaptureQueriesContext(connection) as queries:
        compute(world["period"], today=world["today"])
    sql = " ".join(q["sql"] for q in queries.captured_queries).lower()
    assert "council_participation" in sql
    for table in (
        "council_ballot",
        "council_heldballot",
        "council_receipt",
        "consultations_namedrespondent",
        "consultations_staffentry",
    ):
        assert f'"{table}"' not in sql, table


def test_helpline_cover_for_the_next_four_weeks_and_expenses_paid(world):
    from datetime import time
    from decimal import Decimal

    from peersupport.models import (
        ClaimStatus,
        ExpenseClaim,
        Shift,
        ShiftPattern,
        ShiftSignUp,
        ShiftSignUpStatus,
        occurrence_window,
    )

    today = world["today"]
    north_mentors = list(User.objects.filter(mentor_profile__status="active").order_by("pk"))
    pattern = ShiftPattern.objects.create(
        title="Evening", rrule="FREQ=DAILY", anchor_date=today, start_time=time(18)
    )

    def shift(days: int, on_rota: int, cancelled: bool = False) -> Shift:
        begins, ends = occurrence_window(
            today + timedelta(days=days), time(18), 240, "Europe/London"
        )
        made = Shift.objects.create(
            pattern=pattern,
            title="Evening",
            local_date=today + timedelta(days=days),
            starts_at=begins,
            ends_at=ends,
            mentors_needed=2,
            status="cancelled" if cancelled else "scheduled",
        )
        for person in north_mentors[:on_rota]:
            ShiftSignUp.objects.create(
                shift=made,
                user=person,
                status=ShiftSignUpStatus.ON_ROTA,
                starts_at=begins,
                ends_at=ends,
            )
        return made

    shift(1, 2)  # week 1: covered
    shift(2, 1)  # week 1: one short
    shift(9, 0)  # week 2: nobody
    shift(10, 2, cancelled=True)  # not counted
    shift(40, 2)  # after the four weeks
    staff = make_user(Role.STAFF)
    occurrence = f.session(today - timedelta(days=20), [])
    for person, amount, status in [
        (north_mentors[0], "12.50", ClaimStatus.PAID),
        (north_mentors[1], "7.25", ClaimStatus.PAID),
        (north_mentors[0], "99.00", ClaimStatus.APPROVED),
    ]:
        ExpenseClaim.objects.create(
            claimant=person,
            occurrence=occurrence
            if status == ClaimStatus.PAID and amount != "7.25"
            else f.session(today - timedelta(days=21), []),
            journey_date=today - timedelta(days=20),
            journey_from="Home",
            journey_to="Centre",
            mode="bus",
            amount=Decimal(amount),
            status=status,
            declared_at=timezone.now(),
            decided_by=staff,
            paid_at=timezone.now() - timedelta(days=3) if status == ClaimStatus.PAID else None,
        )
    data = compute(world["period"], today=today)
    cover = data[str(world["north"].pk)]["peer"]["helpline"]
    assert [w["shifts"] for w in cover["weeks"]] == [2, 1, 0, 0]
    assert [w["covered"] for w in cover["weeks"]] == [1, 0, 0, 0]
    assert (cover["needed"], cover["filled"]) == (6, 3)
    assert data["all"]["peer"]["helpline"] == cover  # the whole service's rota
    paid = data[str(world["north"].pk)]["peer"]["expenses"]
    assert paid == {"paid_claims": 2, "paid_amount": "19.75"}
    assert data[str(world["south"].pk)]["peer"]["expenses"]["paid_claims"] == 0


def test_no_name_or_username_reaches_the_figures(world):
    import json

    data = json.dumps(compute(world["period"], today=world["today"]))
    for user in User.objects.all():
        assert user.username not in data
        assert user.display_name not in data
