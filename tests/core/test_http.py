"""core/http.py: integers from a query string, form or file are ASCII digits in a range."""

from __future__ import annotations

import pytest
from django.core.exceptions import BadRequest, ValidationError
from django.http import QueryDict

from core.http import MAX_ID, get_int_or_400, int_param, paginate, parse_ascii_int

BAD = [
    "²",  # isdigit() is true, int() raises
    "٣",  # Arabic-Indic three: int() quietly gives 3
    "３",  # full-width three
    "-1",
    "0",
    "99999999999999999999",  # fits Python, overflows a database integer
    "\x00",
    "1\x00",
    "9" * 10_000,  # int() refuses past 4,300 digits; we refuse long before
    " 5 ",
    "+5",
    "5.0",
    "1e3",
    "0x10",
    "1_000",
    "5\n",
]


@pytest.mark.parametrize("raw", BAD)
def test_odd_values_are_refused_with_a_plain_message(raw):
    with pytest.raises(ValueError) as caught:
        int_param(raw)
    assert "number" in str(caught.value)


@pytest.mark.parametrize("raw", ["", None])
def test_missing_is_none_unless_required(raw):
    assert int_param(raw) is None
    with pytest.raises(ValueError, match="Enter a whole number"):
        int_param(raw, required=True)


def test_good_values_and_the_edges_of_the_range():
    assert int_param("1") == 1
    assert int_param("42") == 42
    assert int_param("007") == 7
    assert int_param(str(MAX_ID)) == MAX_ID
    with pytest.raises(ValueError, match="or less"):
        int_param(str(MAX_ID + 1))
    with pytest.raises(ValueError, match="or more"):
        int_param("0")
    assert int_param("0", min_value=0) == 0
    assert int_param("100", min_value=0, max_value=100) == 100
    with pytest.raises(ValueError):
        int_param("101", min_value=0, max_value=100)


def test_a_minus_sign_only_where_asked():
    with pytest.raises(ValueError):
        int_param("-3", min_value=None)
    assert int_param("-3", min_value=-5, allow_negative=True) == -3
    with pytest.raises(ValueError):
        int_param("-²", min_value=None, allow_negative=True)
    with pytest.raises(ValueError):
        int_param("--3", min_value=None, allow_negative=True)


def test_the_pure_parser_takes_only_ascii_digits():
    assert parse_ascii_int("12") == 12
    assert parse_ascii_int("-12", allow_negative=True) == -12
    for raw in ["²", "٣", "", " 1", "+1", "-1", "9" * 10_000, None, 5]:
        assert parse_ascii_int(raw) is None


def test_a_view_gets_a_400_for_a_bad_value():
    data = QueryDict("objective=%C2%B2&page=3")
    with pytest.raises(BadRequest, match="objective"):
        get_int_or_400(data, "objective")
    assert get_int_or_400(data, "page") == 3
    assert get_int_or_400(data, "absent") is None
    with pytest.raises(BadRequest):
        get_int_or_400(data, "absent", required=True)


@pytest.mark.django_db
def test_a_bad_value_shows_the_plain_english_400_page(client, role_users):
    client.force_login(role_users["member"])
    response = client.post("/messages/read/", {"notification": "²"})
    assert response.status_code == 400
    assert "Sorry, there is a problem with that request" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "url", "data"),
    [
        ("get", "/people/", {"q": "\x00"}),
        ("get", "/consultations/open/%00/", {}),
        ("post", "/messages/read/", {"notification": "1\x00"}),
    ],
)
def test_a_nul_byte_anywhere_is_a_400_before_any_view(client, role_users, method, url, data):
    """PostgreSQL refuses NUL in text: ``?q=%00`` was a 500 there (core.middleware)."""
    client.force_login(role_users["staff"])
    assert getattr(client, method)(url, data).status_code == 400


@pytest.mark.django_db
def test_a_model_multiple_choice_refuses_ids_no_database_integer_holds():
    from core.forms import ModelMultipleIdsField
    from users.models import User

    field = ModelMultipleIdsField(queryset=User.objects.all(), required=False)
    for odd in ("99999999999999999999", "٣", "²", "-1 "):
        with pytest.raises(ValidationError):
            field.clean([odd])
    assert list(field.clean([])) == []


@pytest.mark.parametrize(("raw", "number"), [("", 1), ("2", 2), ("99", 3), ("two", 1), ("-1", 3)])
def test_paginate_gives_the_page_asked_for_or_the_nearest(rf, raw, number):
    page = paginate(rf.get("/", {"page": raw}), list(range(25)), 10)
    assert page.number == number
