"""A BLT file of paper ballots is checked whole, with weights kept as numbers, before any
ballot is built: no weight can ask for more papers than were marked, and no file crashes."""

from __future__ import annotations

import html
import tracemalloc

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from council import services, stv
from council.forms.elections import BltUploadForm
from council.models import Election, HeldBallot
from council.services import paper_import
from tests.council.factories import voting_election

pytestmark = pytest.mark.django_db


def _election(ro, *, marked: int = 3):
    """An open election (candidates A, B, C by ballot name) with ``marked`` paper votes."""
    election, noms, people = voting_election(ro, voters=max(marked, 1) + 1)
    for voter in people[:marked]:
        services.paper_vote_mark(actor=ro, election=election, voter=voter)
    names = " ".join(f'"{n.ballot_name}"' for n in noms)
    return election, names


def _import(ro, election, text) -> str:
    with pytest.raises(ValidationError) as exc:
        services.paper_ballots_import_blt(actor=ro, election=election, text=text)
    return " ".join(exc.value.message_dict["file"])


def _nothing_entered(election) -> None:
    assert HeldBallot.objects.filter(election=election).count() == 0
    assert Election.objects.get(pk=election.pk).paper_ballots_entered == 0


def test_a_huge_weight_is_refused_naming_the_line(returning_officer):
    election, names = _election(returning_officer)
    text = f"3 1\n1 1 0\n99999999999999999999 2 1 0\n0\n{names}\n"
    message = _import(returning_officer, election, text)
    assert message == (
        "Line 3: the weight 99999999999999999999 is more than the 3 paper votes marked."
    )
    _nothing_entered(election)


def test_a_weight_over_the_paper_votes_marked_is_refused(returning_officer):
    election, names = _election(returning_officer, marked=3)
    message = _import(returning_officer, election, f"3 1\n4 1 2 0\n0\n{names}\n")
    assert message == "Line 2: the weight 4 is more than the 3 paper votes marked."
    _nothing_entered(election)


def test_the_weights_are_added_up_before_any_ballot_is_built(returning_officer):
    election, names = _election(returning_officer, marked=3)
    message = _import(returning_officer, election, f"3 1\n2 1 0\n2 2 0\n0\n{names}\n")
    assert message.startswith("Line 3: the weights up to this line add up to 4 paper ballots")
    assert "more than the 3 paper votes marked and not yet entered" in message
    _nothing_entered(election)


def test_ballots_already_entered_leave_less_room(returning_officer):
    election, names = _election(returning_officer, marked=3)
    assert (
        services.paper_ballots_import_blt(
            actor=returning_officer, election=election, text=f"3 1\n2 1 0\n0\n{names}\n"
        )
        == 2
    )
    message = _import(returning_officer, election, f"3 1\n2 3 0\n0\n{names}\n")
    assert message == (
        "Line 2: the weight 2 is more than the 1 paper votes marked and not yet entered "
        "(3 marked, 2 already entered)."
    )
    assert HeldBallot.objects.filter(election=election).count() == 2


def test_a_weight_near_a_billion_builds_nothing(returning_officer):
    """The old import multiplied first: a list of a billion ballots before any check."""
    election, names = _election(returning_officer, marked=3)
    text = f"3 1\n1 1 0\n2000000 2 0\n0\n{names}\n"
    tracemalloc.start()
    try:
        message = _import(returning_officer, election, text)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert message.startswith("Line 3: the weight 2000000 is more than the 3 paper votes marked")
    # Two million ballots as a list would be 16 MB of pointers alone.
    assert peak < 4 * 1024 * 1024
    assert _import(returning_officer, election, f"3 1\n999999999 1 0\n0\n{names}\n").startswith(
        "Line 2: the weight 999999999 is more than"
    )
    _nothing_entered(election)


def test_a_weight_with_a_hundred_digits_is_refused(returning_officer):
    election, names = _election(returning_officer)
    message = _import(returning_officer, election, f"3 1\n{'9' * 100} 1 0\n0\n{names}\n")
    assert message.startswith("Line 2: the weight 999999999999999999999999999999…")
    assert "far too large" in message
    _nothing_entered(election)


def test_too_many_ballot_lines(returning_officer, monkeypatch):
    monkeypatch.setattr(paper_import, "BLT_MAX_BALLOT_LINES", 4)
    election, names = _election(returning_officer, marked=3)
    lines = "".join("1 1 0\n" for _ in range(5))
    message = _import(returning_officer, election, f"3 1\n{lines}0\n{names}\n")
    assert message == (
        "Line 6: the file has more than 4 ballot lines. Split it into smaller files and "
        "import them one after another."
    )
    _nothing_entered(election)


def test_too_many_candidates(returning_officer):
    election, _names = _election(returning_officer)
    many = " ".join(f'"C{i}"' for i in range(150))
    message = _import(returning_officer, election, f"150 1\n1 1 0\n0\n{many}\n")
    assert message == (
        "Line 1: the file says there are 150 candidates. A ballot paper here has at most 100."
    )
    message = _import(returning_officer, election, f"99999999999999999999 1\n1 1 0\n0\n{many}\n")
    assert message.startswith("Line 1: the file says there are 99999999999999999999 candidates")
    _nothing_entered(election)


@pytest.mark.parametrize(
    "body, expected",
    [
        ("-²\n1 1 0\n", "Line 2: a withdrawn candidate is a minus sign and their number"),
        ("٣ 1 0\n", "Line 2: a ballot must start with a whole number weight."),
        ("1_0 1 0\n", "Line 2: a ballot must start with a whole number weight."),
        ("+1 1 0\n", "Line 2: a ballot must start with a whole number weight."),
        ("1 ² 0\n", "Line 2: '²' is not a candidate number."),
        ("1 ١ 0\n", "Line 2: '١' is not a candidate number."),
        ("-1 1 0\n1 -1 0\n", "Line 3: '-1' is not a candidate number."),
    ],
)
def test_numbers_are_ascii_digits_only(returning_officer, body, expected):
    election, names = _election(returning_officer)
    assert _import(returning_officer, election, f"3 1\n{body}0\n{names}\n").startswith(expected)
    _nothing_entered(election)


def test_candidate_count_in_other_digits_is_refused():
    with pytest.raises(stv.BltError, match="expected the number of candidates"):
        stv.parse_blt('٣ 1\n1 1 0\n0\n"A" "B" "C"\n')


def test_a_good_file_still_imports_every_paper(returning_officer):
    election, names = _election(returning_officer, marked=3)
    text = f"3 1\n# two of one\n2 1 2 0\n(x) 1 3 0\n0\n{names}\n"
    n = services.paper_ballots_import_blt(actor=returning_officer, election=election, text=text)
    assert n == 3
    assert HeldBallot.objects.filter(election=election).count() == 3


def test_parse_blt_keeps_weights_by_line_and_never_expands():
    parsed = stv.parse_blt('2 1\n5 1 2 0\n\n3 2 0\n5 1 2 0\n0\n"A" "B"\n')
    assert parsed.weights == [(2, 5), (4, 3), (5, 5)]
    assert parsed.ballots == {("A", "B"): 10, ("B",): 3}
    huge = stv.parse_blt('1 1\n99999999999999999999 1 0\n0\n"A"\n')
    assert huge.ballots == {("A",): 99999999999999999999}
    with pytest.raises(stv.BltError) as exc:
        stv.parse_blt('1 1\n1 1 0\n1 1 0\n0\n"A"\n', max_ballot_lines=1)
    assert (exc.value.code, exc.value.line) == ("ballot_lines", 3)
    with pytest.raises(stv.BltError) as exc:
        stv.parse_blt('3 1\n1 1 0\n0\n"A" "B" "C"\n', max_candidates=2)
    assert (exc.value.code, exc.value.line, exc.value.params["n"]) == ("candidates", 1, "3")


# --- through the page: a message on the form, never a 500 -----------------------------------


def _post(client, election, content: bytes):
    url = reverse("council:paper-import", kwargs={"pk": election.pk})
    return client.post(url, {"file": SimpleUploadedFile("ballots.blt", content)})


def test_page_huge_weight_is_a_form_error(client, returning_officer):
    election, names = _election(returning_officer)
    client.force_login(returning_officer)
    response = _post(client, election, f"3 1\n99999999999999999999 1 0\n0\n{names}\n".encode())
    assert response.status_code == 200
    assert (
        "Line 2: the weight 99999999999999999999 is more than the 3 paper votes marked."
        in html.unescape(response.content.decode())
    )
    _nothing_entered(election)


def test_page_unicode_digits_are_a_form_error(client, returning_officer):
    election, names = _election(returning_officer)
    client.force_login(returning_officer)
    response = _post(client, election, f"3 1\n-²\n1 1 0\n0\n{names}\n".encode())
    assert response.status_code == 200
    assert "Line 2: a withdrawn candidate is a minus sign and their number" in html.unescape(
        response.content.decode()
    )
    _nothing_entered(election)


def test_page_refuses_a_file_over_the_byte_limit_unread(client, returning_officer, monkeypatch):
    monkeypatch.setattr("council.forms.elections.BLT_MAX_BYTES", 1024 * 1024)
    election, names = _election(returning_officer)
    client.force_login(returning_officer)
    big = b"3 1\n1 1 0\n" + b"# padding\n" * 110_000 + f"0\n{names}\n".encode()
    response = _post(client, election, big)
    assert response.status_code == 200
    assert "The file is too big. The limit is 1.0\xa0MB." in html.unescape(
        response.content.decode()
    )
    _nothing_entered(election)


def test_form_checks_the_size_before_reading(monkeypatch):
    monkeypatch.setattr("council.forms.elections.BLT_MAX_BYTES", 10)

    class Unreadable(SimpleUploadedFile):
        def read(self, *args, **kwargs):
            raise AssertionError("the file was read before its size was checked")

    form = BltUploadForm(data={}, files={"file": Unreadable("b.blt", b"x" * 11)})
    assert not form.is_valid()
    assert form.errors["file"] == ["The file is too big. The limit is 10\xa0bytes."]
