"""The Scottish STV count, against hand-worked examples, properties and an independent counter.

Each hand-worked example is written out in its comment, stage by stage, so a reader can check
the arithmetic without trusting the code.
"""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from council import stv


def expand(spec: dict[tuple[str, ...], int]) -> list[tuple[str, ...]]:
    return [ranking for ranking, n in spec.items() for _ in range(n)]


def votes(result: stv.CountResult, stage: int) -> dict[str, str]:
    return result.stage_rows()[stage - 1]["votes"]


def test_quota_is_droop():
    assert stv.droop_quota(20, 2) == 7
    assert stv.droop_quota(100, 3) == 26
    assert stv.droop_quota(9, 1) == 5
    assert stv.droop_quota(0, 1) == 1


def test_surplus_transfer_at_truncated_value_then_exclusion():
    """20 papers, 2 seats, quota floor(20/3)+1 = 7.

    Stage 1: A 12, B 2, C 3, D 3. A elected with a surplus of 5.
    Stage 2: A's 12 papers pass on at 5/12 = 0.41666 (0.416666... truncated): 8 to B
    (3.33328), 4 to C (1.66664). A keeps 7. 5 - 4.99992 = 0.00008 is lost to rounding.
    Stage 3: D (3) excluded; 3 papers to C: 4.66664 + 3 = 7.66664, so C is elected.
    """
    ballots = expand({("A", "B"): 8, ("A", "C"): 4, ("B",): 2, ("C",): 3, ("D", "C"): 3})
    result = stv.count(candidates=["A", "B", "C", "D"], ballots=ballots, seats=2)
    assert result.quota == 7
    assert result.elected == ["A", "C"]
    rows = result.stage_rows()
    assert [r["action"] for r in rows] == ["first preferences", "surplus", "exclusion"]
    assert rows[1]["transfer_value"] == "0.41666"
    assert rows[1]["votes"] == {"A": "7.00000", "B": "5.33328", "C": "4.66664", "D": "3.00000"}
    assert rows[1]["rounding_loss"] == "0.00008"
    assert rows[2]["votes"]["C"] == "7.66664"
    assert rows[2]["excluded"] == ["D"] and rows[2]["elected"] == ["C"]
    assert all(r["total"] == "20.00000" and r["balances"] for r in rows)


def test_wikipedia_food_election():
    """The worked example of the Wikipedia article "Single transferable vote" (20 voters, 3 seats).

    Quota floor(20/4)+1 = 6. Stage 1: Oranges 4, Pears 2, Chocolate 12, Strawberries 1,
    Hamburgers 1: Chocolate elected, surplus 6 at 6/12 = 0.5: 8 papers to Strawberries (+4),
    4 to Hamburgers (+2). Stage 3: Pears excluded, 2 to Oranges: 6, elected. Stage 4:
    Hamburgers excluded (3); their papers have no further choice (3 non-transferable).
    Strawberries is the only continuing candidate for the last seat. Published result:
    Chocolate, Oranges, Strawberries.
    """
    ballots = expand(
        {
            ("Oranges",): 4,
            ("Pears", "Oranges"): 2,
            ("Chocolate", "Strawberries"): 8,
            ("Chocolate", "Hamburgers"): 4,
            ("Strawberries",): 1,
            ("Hamburgers",): 1,
        }
    )
    names = ["Oranges", "Pears", "Chocolate", "Strawberries", "Hamburgers"]
    result = stv.count(candidates=names, ballots=ballots, seats=3)
    assert result.quota == 6
    assert result.elected == ["Chocolate", "Oranges", "Strawberries"]
    rows = result.stage_rows()
    assert rows[1]["transfer_value"] == "0.50000"
    assert rows[1]["votes"]["Strawberries"] == "5.00000"
    assert rows[1]["votes"]["Hamburgers"] == "3.00000"
    assert rows[2]["excluded"] == ["Pears"] and rows[2]["elected"] == ["Oranges"]
    assert rows[3]["excluded"] == ["Hamburgers"] and rows[3]["last_vacancies"]
    assert rows[3]["non_transferable"] == "3.00000"


def test_largest_surplus_first_and_papers_skip_elected_candidates():
    """29 papers, 3 seats, quota floor(29/4)+1 = 8.

    Stage 1: A 10, B 9, C 1, D 5, E 4. A and B elected (A first: more votes).
    Stage 2: A's surplus (2, the larger) at 2/10 = 0.2: 10 papers to C (+2). C 3.
    Stage 3: B's surplus (1) at 1/9 = 0.11111: 9 papers to C (+0.99999), 0.00001 lost.
    Stage 4: C (3.99999) excluded; all its papers have no further choice.
    Stage 5: E (4) excluded; D is the only continuing candidate for the last seat.
    """
    ballots = expand({("A", "C"): 10, ("B", "C"): 9, ("C",): 1, ("D",): 5, ("E",): 4})
    result = stv.count(candidates=list("ABCDE"), ballots=ballots, seats=3)
    rows = result.stage_rows()
    assert result.quota == 8
    assert rows[0]["elected"] == ["A", "B"]
    assert (rows[1]["subject"], rows[1]["transfer_value"]) == ("A", "0.20000")
    assert (rows[2]["subject"], rows[2]["transfer_value"]) == ("B", "0.11111")
    assert rows[2]["votes"]["C"] == "3.99999"
    assert rows[2]["rounding_loss"] == "0.00001"
    assert rows[3]["excluded"] == ["C"]
    assert rows[3]["non_transferable"] == "3.99999"
    assert rows[4]["excluded"] == ["E"] and rows[4]["elected"] == ["D"]
    assert result.elected == ["A", "B", "D"]
    assert all(r["balances"] for r in rows)


def test_surplus_skips_a_candidate_elected_at_the_same_stage():
    """Papers of the first surplus whose next choice is already elected go to the choice after.

    10 papers, 2 seats, quota 4. Stage 1: A 6 (A,B,C), B 4, C 0. A and B elected at once.
    A's surplus 2 at 2/6 = 0.33333: B is elected, so all 6 papers go on to C (1.99998).
    """
    ballots = expand({("A", "B", "C"): 6, ("B",): 4})
    result = stv.count(candidates=["A", "B", "C"], ballots=ballots, seats=2)
    assert result.elected == ["A", "B"]
    # Both seats are filled at stage 1, so no transfer is needed at all.
    assert len(result.stages) == 1

    ballots = expand({("A", "B", "C"): 6, ("B",): 4, ("D",): 3, ("C",): 1})
    result = stv.count(candidates=["A", "B", "C", "D"], ballots=ballots, seats=3)
    rows = result.stage_rows()
    assert result.quota == 4
    assert rows[0]["elected"] == ["A", "B"]
    assert rows[1]["subject"] == "A"
    assert rows[1]["votes"]["B"] == "4.00000"  # B got nothing: already elected
    assert rows[1]["votes"]["C"] == "2.99998"  # 1 + 6 x 0.33333
    assert result.elected == ["A", "B", "D"]


def test_exhausted_papers_and_tie_broken_by_earlier_stage():
    """9 papers, 1 seat, quota 5 (instant runoff).

    Stage 1: A 4, B 3, C 2. C excluded: 1 paper to B, 1 with no further choice.
    Stage 2: A 4, B 4, non-transferable 1. A and B tie for exclusion; at stage 1 B had
    fewer (3 < 4), so B is excluded (stage 3) and A is elected as the last continuing candidate.
    """
    ballots = expand({("A",): 4, ("B",): 3, ("C", "B"): 1, ("C",): 1})
    result = stv.count(candidates=["A", "B", "C"], ballots=ballots, seats=1)
    rows = result.stage_rows()
    assert rows[1]["votes"] == {"A": "4.00000", "B": "4.00000", "C": "0.00000"}
    assert rows[1]["non_transferable"] == "1.00000"
    assert rows[2]["excluded"] == ["B"]
    assert result.elected == ["A"]
    [tie] = result.ties
    assert (tie.purpose, tie.method, tie.decided_at_stage, tie.chosen) == (
        "exclusion",
        "earlier stage",
        1,
        "B",
    )


def test_tie_decided_by_recorded_lot_is_replayable():
    ballots = [("A",), ("B",)]
    outcomes = {}
    for seed in range(12):
        result = stv.count(candidates=["A", "B"], ballots=ballots, seats=1, seed=seed)
        [tie] = result.ties
        assert tie.method == "lot" and tie.purpose == "exclusion"
        draws = {name: stv.lot_draw(str(seed), 2 - 1, "exclusion", name) for name in "AB"}
        assert tie.draws == draws
        assert tie.chosen == min(draws, key=draws.get)
        assert result.elected == [("B" if tie.chosen == "A" else "A")]
        assert (
            stv.count(candidates=["A", "B"], ballots=ballots, seats=1, seed=seed).as_dict()
            == result.as_dict()
        )
        outcomes[seed] = result.elected[0]
    assert set(outcomes.values()) == {"A", "B"}, (
        "different seeds should be able to draw differently"
    )


def test_tie_for_order_of_election_and_surplus_order():
    """A and B both reach the quota at stage 1 with equal votes: order and surplus by lot."""
    ballots = expand({("A", "C"): 4, ("B", "C"): 4, ("C",): 1, ("D",): 2})
    result = stv.count(candidates=list("ABCD"), ballots=ballots, seats=3, seed=7)
    purposes = [t.purpose for t in result.ties]
    assert "order" in purposes and "surplus" in purposes
    assert all(t.method == "lot" for t in result.ties)
    assert set(result.elected[:2]) == {"A", "B"}


def test_ron_can_win():
    ballots = expand({("RON",): 5, ("A", "RON"): 2, ("B",): 2})
    result = stv.count(candidates=["A", "B", "RON"], ballots=ballots, seats=1)
    assert result.elected == ["RON"]


def test_fewer_candidates_than_seats_elects_them_all():
    # Quota floor(7/4)+1 = 2: B (6) reaches it; A (1) is elected as a last vacancy.
    result = stv.count(candidates=["A", "B"], ballots=expand({("B",): 6, ("A",): 1}), seats=3)
    assert result.elected == ["B", "A"]
    assert result.stages[0].last_vacancies
    assert len(result.stages) == 1


def test_invalid_papers_and_repeated_marks():
    ballots = [(), ("A", "A", "B"), ("B",), ("B", "A")]
    result = stv.count(candidates=["A", "B"], ballots=ballots, seats=1)
    assert (result.ballots, result.invalid, result.valid, result.quota) == (4, 1, 3, 2)
    assert result.elected == ["B"]


def test_unknown_candidate_is_refused_and_withdrawn_is_skipped():
    with pytest.raises(stv.CountError):
        stv.count(candidates=["A"], ballots=[("Z",)], seats=1)
    result = stv.count(
        candidates=["A", "B"], ballots=[("W", "A"), ("B",), ("A",)], seats=1, withdrawn=["W"]
    )
    assert result.elected == ["A"]


def test_grouped_input_gives_the_same_result():
    ballots = expand({("A", "B"): 8, ("A", "C"): 4, ("B",): 2, ("C",): 3, ("D", "C"): 3})
    grouped = Counter(ballots)
    a = stv.count(candidates=list("ABCD"), ballots=ballots, seats=2)
    b = stv.count(candidates=list("ABCD"), ballots=dict(grouped), seats=2)
    assert a.as_dict() == b.as_dict()


# --- BLT --------------------------------------------------------------------------------------

BLT = """# a comment line
4 2
-4
3 1 2 0   # three papers
(b7) 1 2 3 0
2 3 0
1 2=3 1 0
1 4 2 0
0
"Alice" "Bob"
"Chris"
"Dana"
"Test election"
"""


def test_parse_blt_weights_withdrawn_equal_preferences_title_comments():
    parsed = stv.parse_blt(BLT)
    assert parsed.candidates == ["Alice", "Bob", "Chris"]
    assert parsed.withdrawn == ["Dana"]
    assert parsed.seats == 2
    assert parsed.title == "Test election"
    assert parsed.ballots[("Alice", "Bob")] == 3
    assert parsed.ballots[("Bob", "Chris")] == 1  # "(b7)" is a ballot id, then weight 1
    assert parsed.ballots[("Chris",)] == 2
    assert parsed.ballots[()] == 1  # "2=3" first: unclear from the start
    assert parsed.ballots[("Dana", "Bob")] == 1
    result = stv.count(
        candidates=parsed.candidates,
        ballots=parsed.ballots,
        seats=parsed.seats,
        withdrawn=parsed.withdrawn,
    )
    assert result.invalid == 1 and result.valid == 7


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ('2 1\n1 3 0\n0\n"A" "B"\n', "no candidate 3"),
        ('2 1\n1 1 0\n"A" "B"\n', "whole number weight"),
        ('2 1\nx 1 0\n0\n"A" "B"\n', "whole number"),
        ('2 1\n1 1 0\n0\n"A"\n', "name 2 candidates"),
        ('2 1\n1 1 0\n0\n"A" "B\n', "closing quote"),
        # Unicode digits (issue 14): "²".isdigit() is true and int("²") raises; int("٣") is 3.
        ('2 1\n-²\n1 1 0\n0\n"A" "B"\n', "Line 2: a withdrawn candidate"),
        ('2 1\n-٢\n1 1 0\n0\n"A" "B"\n', "Line 2: a withdrawn candidate"),
        ('2 1\n--1\n1 1 0\n0\n"A" "B"\n', "Line 2: a withdrawn candidate"),
        ('2 1\n1 ² 0\n0\n"A" "B"\n', "Line 2: '²' is not a candidate number"),
        ('2 1\n1 ٢ 0\n0\n"A" "B"\n', "Line 2: '٢' is not a candidate number"),
        ('2 1\n² 1 0\n0\n"A" "B"\n', "Line 2: a ballot must start with a whole number"),
        ('٢ 1\n1 1 0\n0\n"A" "B"\n', "Line 1: expected the number of candidates"),
        ('2 +1\n1 1 0\n0\n"A" "B"\n', "Line 1: expected the number of seats"),
    ],
)
def test_bad_blt_gives_a_plain_message(text, message):
    with pytest.raises(stv.BltError, match=message):
        stv.parse_blt(text)


def test_blt_round_trip_is_exact():
    ballots = expand({("A", "B"): 3, ("C",): 2, (): 1, ("B", "C", "A"): 4})
    text = stv.write_blt(
        candidates=["A", "B", "C"], seats=2, ballots=ballots, title='The "big" one'
    )
    parsed = stv.parse_blt(text)
    assert parsed.candidates == ["A", "B", "C"] and parsed.seats == 2
    assert parsed.ballots == Counter(ballots)
    assert parsed.title == "The 'big' one"
    assert stv.write_blt(
        candidates=parsed.candidates, seats=2, ballots=expand(parsed.ballots), title=parsed.title
    ) == stv.write_blt(
        candidates=["A", "B", "C"], seats=2, ballots=expand(parsed.ballots), title=parsed.title
    )


# --- properties -------------------------------------------------------------------------------

NAMES = ["A", "B", "C", "D", "E", "F"]


@st.composite
def elections(draw, max_candidates: int = 6, max_ballots: int = 40):
    n = draw(st.integers(min_value=1, max_value=max_candidates))
    names = NAMES[:n]
    seats = draw(st.integers(min_value=1, max_value=max(1, n)))
    ranking = st.permutations(names).flatmap(
        lambda p: st.integers(min_value=0, max_value=len(p)).map(lambda k: tuple(p[:k]))
    )
    ballots = draw(st.lists(ranking, min_size=0, max_size=max_ballots))
    return names, seats, ballots


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(elections(), st.integers(min_value=0, max_value=10**6))
def test_properties(election, seed):
    names, seats, ballots = election
    result = stv.count(candidates=names, ballots=ballots, seats=seats, seed=seed)
    # Exactly as many elected as seats (there are always enough candidates here).
    assert len(result.elected) == seats
    assert len(set(result.elected)) == seats
    # Every stage balances to the valid papers.
    assert all(row["balances"] for row in result.stage_rows())
    # Deterministic for a seed, and the order of the papers never matters.
    again = stv.count(candidates=names, ballots=list(reversed(ballots)), seats=seats, seed=seed)
    assert again.as_dict() == result.as_dict()


@settings(max_examples=100, deadline=None)
@given(elections(), st.randoms(use_true_random=False))
def test_permuting_ballots_never_changes_anything(election, rnd):
    names, seats, ballots = election
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    a = stv.count(candidates=names, ballots=ballots, seats=seats, seed=1)
    b = stv.count(candidates=names, ballots=shuffled, seats=seats, seed=1)
    assert a.as_dict() == b.as_dict()


def _stvpoll_elected(names, seats, ballots):
    from stvpoll.scottish_stv import calculate_scottish_stv

    result = calculate_scottish_stv(
        names, list(Counter(ballots).items()), seats, allow_random=False, random_shuffle=False
    )
    return [str(c) for c in result], result


def _comparable(ours: stv.CountResult) -> bool:
    """Elections where the two counters' documented differences cannot matter.

    stvpoll's ScottishSTV departs from the Order in two ways: it rounds transfer values where
    rule 48 truncates them (0.16667 against 0.16666 can swap two candidates 0.0001 apart), and
    when two candidates are elected at one stage it lets the first surplus flow to the second,
    where the Order passes papers only to continuing candidates. So we compare elections with no
    tie, no two candidates elected at the same stage (except last vacancies), and every two
    vote totals at every stage at least 0.001 apart. A seeded run of 20,000 random elections
    found 11,749 such, all agreeing; the one disagreement outside them was the rounding case.
    """
    if ours.ties:
        return False
    if any(len(stage.elected) > 1 and not stage.last_vacancies for stage in ours.stages):
        return False
    for stage in ours.stages:
        values = sorted(v for v in stage.votes if v)
        if any(b - a < 100 for a, b in zip(values, values[1:], strict=False)):
            return False
    return True


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(elections(max_candidates=6, max_ballots=60))
def test_matches_stvpoll_scottish_stv_on_random_elections(election):
    """Differential test against an independent counter (stvpoll's ScottishSTV)."""
    names, seats, ballots = election
    assume(seats < len(names))
    assume(any(ballots))
    ours = stv.count(candidates=names, ballots=ballots, seats=seats)
    assume(_comparable(ours))
    theirs, their_result = _stvpoll_elected(names, seats, ballots)
    assume(their_result.complete and not their_result.randomized)
    assume(all(r.selection_method.name in ("Direct", "NoCompetition") for r in their_result.rounds))
    assert set(ours.elected) == set(theirs)


def test_differential_check_compares_many_elections():
    """Guard against the filter above silently skipping everything."""
    import random

    rng = random.Random(1)
    compared = 0
    for _ in range(400):
        n = rng.randint(2, 6)
        names = NAMES[:n]
        seats = rng.randint(1, n - 1)
        ballots = []
        for _ in range(rng.randint(5, 80)):
            ballots.append(tuple(rng.sample(names, rng.randint(1, n))))
        ours = stv.count(candidates=names, ballots=ballots, seats=seats)
        if not _comparable(ours):
            continue
        theirs, their_result = _stvpoll_elected(names, seats, ballots)
        if not their_result.complete or their_result.randomized:
            continue
        compared += 1
        assert set(ours.elected) == set(theirs), (names, seats, Counter(ballots))
    assert compared > 100
