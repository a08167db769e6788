"""Small cells in breakdowns: hidden, and not recoverable by subtraction."""

from __future__ import annotations

import itertools

from consultations.coding.suppression import suppress


def test_cells_under_five_show_as_fewer_than_5():
    table = suppress([[20, 3, 10]], [30, 12, 15], columns_add_up=False)
    assert table.cells[0][1] == "fewer than 5"
    # The one hidden cell could be worked out from the code's total: another is hidden too.
    assert sum(not c.isdigit() for c in table.cells[0]) == 2
    assert table.cells[0][2] == "not shown"  # the smallest other cell
    assert table.totals == ["30", "12", "15"]


def test_a_group_of_fewer_than_5_people_shows_no_counts():
    matrix = [[10, 0], [8, 3]]
    table = suppress(matrix, [18, 3], columns_add_up=True)
    assert table.totals[1] == "fewer than 5"
    assert table.cells[0][1] == "fewer than 5" and table.cells[1][1] == "fewer than 5"
    # Group totals add up to the coded answers, so a second total is hidden with it.
    assert table.totals[0] == "not shown"


def test_zero_and_large_counts_stay_visible_when_safe():
    table = suppress([[10, 0, 7], [6, 12, 9]], [16, 12, 16], columns_add_up=True)
    assert table.cells == [["10", "0", "7"], ["6", "12", "9"]]
    assert not table.hidden_any


def test_no_row_or_column_is_left_with_a_single_hidden_cell_on_random_tables():
    import random

    rng = random.Random(5)
    for _ in range(300):
        rows, cols = rng.randint(1, 5), rng.randint(2, 5)
        matrix = [[rng.choice([0, 1, 2, 3, 4, 5, 8, 20]) for _ in range(cols)] for _ in range(rows)]
        totals = [sum(matrix[i][j] for i in range(rows)) for j in range(cols)]
        table = suppress(matrix, totals, columns_add_up=True)
        for i, j in itertools.product(range(rows), range(cols)):
            if 0 < matrix[i][j] < 5 or 0 < totals[j] < 5:
                assert not table.cells[i][j].isdigit()
        for row in table.cells:
            assert sum(not c.isdigit() for c in row) != 1
        for j in range(cols):
            if table.totals[j].isdigit():
                column = [table.cells[i][j] for i in range(rows)]
                assert sum(not c.isdigit() for c in column) != 1
        assert sum(not t.isdigit() for t in table.totals) != 1
