"""The count in plain English (council/plain_count.py) and the result page that uses it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from council import plain_count, stv
from council.models import RON_LEGACY_NAMES, RON_NAME, Participation
from tests.council.factories import published_election


def _explain(ballots, *, candidates, seats=1):
    return plain_count.explain(
        stv.count(candidates=candidates, ballots=ballots, seats=seats, seed="s").as_dict()
    )


def test_the_worked_example_shows_what_the_page_says_it_does():
    example = plain_count.worked_example()
    report = example.report
    assert len(report["candidates"]) == 5 and report["valid"] == example.papers == 20
    assert [s["action"] for s in report["stages"]] == [
        "first preferences",
        "surplus",
        "exclusion",
        "exclusion",
    ]
    assert report["elected"] == ["Asha", "Ben"] and report["quota"] == 7
    assert not report["ties"]
    sentences = [s.sentence for s in example.plain.stages]
    assert "their extra 2 votes were passed on" in sentences[1]
    assert sentences[2].startswith("Ella had the fewest votes")
    assert sentences[3].endswith("Ben reached the quota and was elected.")


def test_whole_numbers_are_rounded_down_and_fractions_said_in_words():
    example = plain_count.worked_example()
    last = example.plain.stages[-1]
    votes = {row.name: row.votes for row in last.rows}
    assert votes == {"Asha": 7, "Ben": 7, "Cara": 0, "Dev": 4, "Ella": 0}
    assert "Cara had the fewest votes (more than 3 votes)" in last.sentence
    assert plain_count.whole("6.99999") == 6 and plain_count.whole("7.00000") == 7


def test_a_draw_by_lot_is_explained_in_words():
    plain = _explain({("A",): 2, ("B",): 2, ("C",): 1}, candidates=["A", "B", "C"])
    assert plain.lot_summary == (
        "Two candidates had exactly the same votes at every stage, so the count drew lots "
        "between them, as the rules say."
    )
    assert "the draw decided that" in plain.lot_details[0]
    # The draw is told at the stage where it mattered, not in a footnote.
    assert "the draw decided" in plain.stages[-1].sentence


def test_a_tie_settled_by_an_earlier_stage_is_not_called_a_draw():
    plain = _explain(
        {("A",): 5, ("B",): 3, ("C",): 2, ("D", "C"): 1}, candidates=["A", "B", "C", "D"]
    )
    assert not plain.lot_summary
    assert "looked back to stage 1" in plain.stages[2].sentence


def test_re_open_nominations_is_spelled_out_whatever_the_count_stored():
    assert plain_count.display_name(RON_NAME) == "Re-open nominations (none of these)"
    for old in RON_LEGACY_NAMES:
        assert plain_count.display_name(old) == "Re-open nominations (none of these)"
    plain = _explain({(RON_LEGACY_NAMES[0],): 3, ("A",): 1}, candidates=["A", RON_LEGACY_NAMES[0]])
    assert plain.elected == ["Re-open nominations (none of these)"]


@pytest.mark.django_db
def test_the_result_page_reads_in_plain_english(
    client, returning_officer, django_assert_max_num_queries
):
    election, _noms, _people = published_election(returning_officer)
    # Turnout is one aggregate over who took part, whatever the size of the roll.
    with django_assert_max_num_queries(8):
        page = client.get(reverse("council:election-results", kwargs={"pk": election.pk}))
    text = page.content.decode()
    voted = Participation.objects.filter(election=election).count()
    assert f"{voted} of {election.roll_size} members voted." in text
    assert text.count("data-stage-sentence") == len(election.count.report["stages"])
    assert "See the exact figures" in text and "Check the count yourself" in text
    # The codes are there for checking, each with what it is for, below the result.
    assert text.index("Check the count yourself") > text.index("How the count went")
    assert election.count.ballots_sha256 in text and election.count.seed in text
    assert "Release the result" not in text


@pytest.mark.django_db
def test_how_the_count_works_draws_the_example(client):
    text = client.get(reverse("council:how-count-works")).content.decode()
    assert "An example: five candidates, 20 ballot papers" in text
    assert text.count("data-stage-sentence") == 4
    assert "Asha and Ben are elected" in text
