"""core/http.py: integers from a query string, form or file are ASCII digits in a range; a POST
view runs a service through run_service; the acting user is a User."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import HttpResponse, QueryDict

from core.http import (
    MAX_ID,
    acting_user,
    error_text,
    form_page,
    get_int_or_400,
    int_param,
    paginate,
    parse_ascii_int,
    run_service,
)

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


# run_service: the POST view's try / except / message / redirect in one place


class _Broken(Exception):
    """Stands for a service's own error (its message is a plain sentence)."""


class _NameForm(forms.Form):
    name = forms.CharField()


def _post(rf):
    request = rf.post("/", {"name": "x"})
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _said(request):
    return [(m.level_tag, str(m)) for m in get_messages(request)]


def test_run_service_on_success_says_so_and_redirects(rf):
    request = _post(rf)
    response = run_service(request, lambda: 7, success="Saved.", redirect_to="/done/")
    assert response.status_code == 302 and response.url == "/done/"
    assert _said(request) == [("success", "Saved.")]


def test_run_service_message_and_redirect_can_use_what_the_call_returned(rf):
    request = _post(rf)
    response = run_service(
        request,
        lambda: 7,
        success=lambda n: f"{n} saved.",
        redirect_to=lambda n: f"/thing/{n}/",
        form=_NameForm({"name": "x"}),
    )
    assert response.url == "/thing/7/"
    assert _said(request) == [("success", "7 saved.")]


def test_run_service_says_nothing_for_an_empty_success(rf):
    request = _post(rf)
    assert run_service(request, lambda: None, redirect_to="/done/").url == "/done/"
    assert _said(request) == []


def test_run_service_puts_a_validation_error_on_the_form_and_returns_none(rf):
    request = _post(rf)
    form = _NameForm({"name": "x"})
    assert form.is_valid()

    def fails():
        raise ValidationError({"name": "That name is taken."})

    assert run_service(request, fails, success="Saved.", redirect_to="/done/", form=form) is None
    assert form.errors == {"name": ["That name is taken."]}
    assert _said(request) == []


def test_run_service_without_a_form_flashes_the_error_and_still_redirects(rf):
    request = _post(rf)

    def fails():
        raise _Broken("Only an open consultation can be closed.")

    response = run_service(
        request, fails, success="Closed.", redirect_to="/back/", errors=(_Broken,)
    )
    assert response.url == "/back/"
    assert _said(request) == [("error", "Only an open consultation can be closed.")]


def test_run_service_leaves_other_errors_alone(rf):
    def fails():
        raise _Broken("not caught")

    with pytest.raises(_Broken):
        run_service(_post(rf), fails, success="Saved.", redirect_to="/done/")


def test_run_service_refuses_a_result_redirect_it_cannot_build_on_error(rf):
    def fails():
        raise ValidationError("No.")

    with pytest.raises(TypeError):
        run_service(_post(rf), fails, redirect_to=lambda n: f"/thing/{n}/")


def test_run_service_says_already_when_the_service_had_nothing_to_do(rf):
    request = _post(rf)
    response = run_service(
        request, lambda: False, success="Approved.", already="Already approved.", redirect_to="/m/"
    )
    assert response.url == "/m/"
    assert _said(request) == [("info", "Already approved.")]
    request = _post(rf)
    run_service(
        request, lambda: True, success="Approved.", already="Already approved.", redirect_to="/m/"
    )
    assert _said(request) == [("success", "Approved.")]


# form_page: a page of one form whose valid POST runs a service


@pytest.fixture
def drawn(monkeypatch):
    """What form_page drew instead of a redirect: the template name and its context."""
    pages = []

    def fake_render(request, template, context):
        pages.append((template, context))
        return HttpResponse("drawn")

    monkeypatch.setattr("core.http.render", fake_render)
    return pages


def _page(request, form, call, **kwargs):
    return form_page(
        request,
        form,
        call,
        template="thing/form.html",
        context={"title": "A thing"},
        success="Saved.",
        redirect_to="/done/",
        **kwargs,
    )


def test_form_page_draws_the_form_on_a_get(rf, drawn):
    form = _NameForm(None)
    calls = []
    response = _page(rf.get("/"), form, lambda: calls.append(1))
    assert response.status_code == 200 and calls == []
    assert drawn == [("thing/form.html", {"form": form, "title": "A thing"})]


def test_form_page_runs_the_service_on_a_valid_post_and_redirects(rf, drawn):
    request = _post(rf)
    form = _NameForm(request.POST)
    response = _page(request, form, lambda: form.cleaned_data["name"])
    assert response.status_code == 302 and response.url == "/done/"
    assert _said(request) == [("success", "Saved.")] and drawn == []


def test_form_page_puts_a_service_refusal_on_the_form_and_draws_it_again(rf, drawn):
    request = _post(rf)
    form = _NameForm(request.POST)

    def fails():
        raise ValidationError({"name": "That name is taken."})

    response = _page(request, form, fails)
    assert response.status_code == 200
    assert form.errors == {"name": ["That name is taken."]}
    assert drawn == [("thing/form.html", {"form": form, "title": "A thing"})]
    assert _said(request) == []


def test_form_page_draws_a_refused_form_again_without_calling_the_service(rf, drawn):
    request = _post(rf)
    form = _NameForm({"name": ""})
    calls = []
    response = _page(request, form, lambda: calls.append(1))
    assert response.status_code == 200 and calls == []
    assert form.errors == {"name": ["This field is required."]}
    assert drawn == [("thing/form.html", {"form": form, "title": "A thing"})]


def test_error_text_is_plain_english():
    assert error_text(ValidationError(["One.", "Two."])) == "One. Two."
    assert error_text(ValidationError({"name": "Taken."})) == "Taken."
    assert error_text(_Broken("Closed.")) == "Closed."


@pytest.mark.django_db
def test_acting_user_is_the_signed_in_person_or_a_403(rf, role_users):
    request = rf.get("/")
    request.user = AnonymousUser()
    with pytest.raises(PermissionDenied):
        acting_user(request)
    request.user = next(iter(role_users.values()))
    assert acting_user(request) is request.user
