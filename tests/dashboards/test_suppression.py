"""Small counts are hidden, and no hidden count can be found by one subtraction."""

from __future__ import annotations

import random

import pytest

from dashboards import suppression
from dashboards.suppression import SHOWN, SMALL_COUNT, WITHHELD, hide


def test_counts_from_1_to_4_are_hidden_and_0_and_5_are_not():
    values = {"a": 0, "b": 1, "c": 4, "d": 5}
    state = hide(values)
    assert state == {"a": SHOWN, "b": SMALL_COUNT, "c": SMALL_COUNT, "d": SHOWN}


def test_a_lone_hidden_count_in_a_total_hides_the_next_smallest():
    # women 3, men 40, not stated 7: the total (50) is on the page, so 3 = 50 - 40 - 7.
    values = {"women": 3, "men": 40, "not stated": 7}
    state = hide(values, equations=[list(values)])
    assert state == {"women": SMALL_COUNT, "men": SHOWN, "not stated": WITHHELD}


def test_a_zero_is_hidden_only_when_nothing_else_is_left():
    values = {"a": 2, "b": 0, "c": 9}
    state = hide(values, equations=[list(values)])
    assert state["c"] == WITHHELD and state["b"] == SHOWN


def test_a_group_of_fewer_than_5_people_hides_every_count_even_zeros():
    values = {"women": 0, "men": 3, "not stated": 0}
    state = hide(values, equations=[list(values)], small_groups=[list(values)])
    assert set(state.values()) == {SMALL_COUNT}


def test_hiding_spreads_across_pages():
    # Women in two councils and all councils: North 3 (hidden), South 30, all 33. With only
    # North hidden, 33 - 30 = 3: so another cell in that row must go.
    values = {
        ("N", "w"): 3,
        ("N", "m"): 20,
        ("S", "w"): 30,
        ("S", "m"): 40,
        ("A", "w"): 33,
        ("A", "m"): 60,
    }
    equations = [
        [("N", "w"), ("N", "m")],
        [("S", "w"), ("S", "m")],
        [("A", "w"), ("A", "m")],
        [("N", "w"), ("S", "w"), ("A", "w")],
        [("N", "m"), ("S", "m"), ("A", "m")],
    ]
    state = hide(values, equations=equations)
    for equation in equations:
        assert sum(state[k] != SHOWN for k in equation) != 1, equation


@pytest.mark.parametrize("seed", range(40))
def test_no_equation_is_left_with_exactly_one_hidden_cell(seed):
    rng = random.Random(seed)
    rows, cols = rng.randint(2, 7), rng.randint(2, 6)
    values = {
        (i, j): rng.choice([0, 0, 1, 2, 3, 4, 5, 8, 20, 100])
        for i in range(rows)
        for j in range(cols)
    }
    equations = [[(i, j) for j in range(cols)] for i in range(rows)] + [
        [(i, j) for i in range(rows)] for j in range(cols)
    ]
    state = hide(values, equations=equations)
    for key, value in values.items():
        if 0 < value < suppression.SMALL:
            assert state[key] == SMALL_COUNT
    for equation in equations:
        assert sum(state[k] != SHOWN for k in equation) != 1
