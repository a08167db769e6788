"""Views: each role's journey, wrong methods, bad input in plain English, pinned query counts."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from council import services
from council.models import (
    Ballot,
    Election,
    ElectionCount,
    Nomination,
    Participation,
    Receipt,
    Representative,
)
from tests import dates
from tests.council.factories import (
    ConstituencyFactory,
    CouncilFactory,
    join,
    members,
    new_election,
    published_election,
    voting_election,
)
from tests.factories import make_user
from users.roles import Role

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return response.content.decode()


def test_returning_officer_runs_an_election_in_the_browser(
    client, returning_officer, member, mentor, django_capture_on_commit_callbacks
):
    constituency = ConstituencyFactory()
    join(constituency, member, mentor)
    ro = client
    ro.force_login(returning_officer)
    response = ro.post(
        reverse("council:election-create", kwargs={"slug": constituency.council.slug}),
        {
            "title": "City seat",
            "constituency": constituency.pk,
            "seats": 1,
            "include_ron": "on",
            "statement_word_limit": 100,
            "term_months": 12,
        },
    )
    assert response.status_code == 302, _text(response)
    election = Election.objects.get(title="City seat")
    assert (
        ro.post(
            reverse("council:election-open-nominations", kwargs={"pk": election.pk})
        ).status_code
        == 302
    )

    ro.force_login(member)
    response = ro.post(
        reverse("council:nomination-create", kwargs={"pk": election.pk}),
        {"who": "self", "statement": "I will speak up about housing."},
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get(election=election, nominee=member)

    ro.force_login(returning_officer)
    response = ro.post(
        reverse("council:nomination-decide", kwargs={"pk": nomination.pk}),
        {"decision": "accept", "ballot_name": "Mo M.", "reason": ""},
    )
    assert response.status_code == 302
    ro.post(reverse("council:election-close-nominations", kwargs={"pk": election.pk}))
    ro.post(reverse("council:election-open-voting", kwargs={"pk": election.pk}))
    election.refresh_from_db()
    assert election.status == Election.Status.VOTING_OPEN
    assert election.fingerprint in _text(
        ro.get(reverse("council:election-detail", kwargs={"pk": election.pk}))
    )

    ro.force_login(member)
    vote_url = reverse("council:vote", kwargs={"pk": election.pk})
    page = ro.get(vote_url)
    assert page.status_code == 200 and "Mo M." in _text(page)
    ron = Nomination.objects.get(election=election, is_ron=True)
    data = {f"rank_{nomination.pk}": "1", f"rank_{ron.pk}": "2"}
    review = ro.post(vote_url, data)
    assert "Check your vote" in _text(review) and "cannot change it" in _text(review)
    cast = ro.post(reverse("council:vote-cast", kwargs={"pk": election.pk}), data)
    code = re.search(r"<strong>([A-Z0-9]{5}-[A-Z0-9]{5})</strong>", _text(cast)).group(1)
    again = ro.get(vote_url)
    assert "You have voted" in _text(again)
    assert "You have voted" in _text(
        ro.post(reverse("council:vote-cast", kwargs={"pk": election.pk}), data)
    )

    ro.force_login(returning_officer)
    manage = _text(ro.get(reverse("council:election-manage", kwargs={"pk": election.pk})))
    assert "1 of 2 people on the roll have voted" in manage
    assert (
        member.username not in manage.split("Nominations")[0]
    )  # turnout shows counts, never names
    ro.post(
        reverse("council:paper-mark", kwargs={"pk": election.pk}), {"username": mentor.username}
    )
    ro.post(reverse("council:paper-enter", kwargs={"pk": election.pk}), {f"rank_{ron.pk}": "1"})
    assert Participation.objects.filter(election=election, channel="paper").count() == 1
    # Both are jobs started from a confirmation page; the worker runs them after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        ro.post(reverse("council:election-close-voting", kwargs={"pk": election.pk}))
    with django_capture_on_commit_callbacks(execute=True):
        response = ro.post(reverse("council:election-count", kwargs={"pk": election.pk}))
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    progress = _text(ro.get(response["Location"]))
    assert "The count is done" in progress

    ro.force_login(member)
    assert (
        ro.get(reverse("council:election-results", kwargs={"pk": election.pk})).status_code == 404
    )
    ro.force_login(returning_officer)
    preview = ro.get(reverse("council:election-results", kwargs={"pk": election.pk}))
    assert "Not released" in _text(preview)
    release = reverse("council:election-release", kwargs={"pk": election.pk})
    # The first click only asks: a GET or a bare POST shows the confirmation page.
    asked = ro.get(release)
    assert "Release the result?" in _text(asked) and "Yes, release the result" in _text(asked)
    assert ro.post(release).status_code == 200
    election.refresh_from_db()
    assert not election.result_released
    ro.post(release, {"confirm": "yes"})

    ro.logout()
    results = _text(ro.get(reverse("council:election-results", kwargs={"pk": election.pk})))
    assert "Elected" in results and "Stage 1" in results
    blt = ro.get(
        reverse("council:election-ballots-blt", kwargs={"pk": election.pk})
    ).content.decode()
    assert blt.startswith("2 1\n") and '"Mo M."' in blt
    found = ro.get(
        reverse("council:election-receipts", kwargs={"pk": election.pk}), {"code": code.lower()}
    )
    assert "Your vote was counted" in _text(found)
    csv_text = ro.get(
        reverse("council:election-results-csv", kwargs={"pk": election.pk})
    ).content.decode()
    assert "quota" in csv_text and "non-transferable" in csv_text
    assert (
        ro.get(reverse("council:election-results-print", kwargs={"pk": election.pk})).status_code
        == 200
    )


def test_wrong_methods_are_refused(client, returning_officer, member):
    election, _noms, _people = voting_election(returning_officer, extra_voters=[member])
    client.force_login(member)
    assert client.get(reverse("council:vote-cast", kwargs={"pk": election.pk})).status_code == 405
    client.force_login(returning_officer)
    # Close voting, the count and release answer a GET with their confirmation page.
    for name in ("election-count", "election-close-voting", "election-release"):
        response = client.get(reverse(f"council:{name}", kwargs={"pk": election.pk}))
        assert response.status_code != 405, name
    release = reverse("council:election-release", kwargs={"pk": election.pk})
    assert client.put(release).status_code == 405
    assert client.post(reverse("council:election-list")).status_code == 405


def test_draft_elections_are_hidden_from_everyone_but_returning_officers(
    client, returning_officer, member, staff
):
    election = new_election(returning_officer)
    url = reverse("council:election-detail", kwargs={"pk": election.pk})
    client.force_login(member)
    assert client.get(url).status_code == 404
    client.force_login(staff)
    assert client.get(url).status_code == 404
    assert "Test election" not in _text(client.get(reverse("council:election-list")))
    client.force_login(returning_officer)
    assert client.get(url).status_code == 200


def test_bad_ranking_gets_plain_english_and_keeps_what_was_typed(client, returning_officer, member):
    election, noms, _people = voting_election(returning_officer, extra_voters=[member])
    client.force_login(member)
    url = reverse("council:vote", kwargs={"pk": election.pk})
    response = client.post(url, {f"rank_{noms[0].pk}": "1", f"rank_{noms[1].pk}": "1"})
    assert "You used the same number more than once" in _text(response)
    assert _text(response).count('value="1" selected') == 2
    response = client.post(url, {f"rank_{noms[0].pk}": "2"})
    assert "You have not used the number 1" in _text(response)
    response = client.post(url, {})
    assert "Put the number 1 next to your first choice" in _text(response)
    response = client.post(url, {f"rank_{noms[0].pk}": "banana"})
    assert response.status_code == 200 and "Choose a number from the list" in _text(response)
    assert not Participation.objects.filter(election=election).exists()


def test_bad_election_form_input(client, returning_officer):
    constituency = ConstituencyFactory()
    client.force_login(returning_officer)
    url = reverse("council:election-create", kwargs={"slug": constituency.council.slug})
    response = client.post(
        url,
        {
            "title": "My typed title",
            "constituency": constituency.pk,
            "seats": "two",
            "statement_word_limit": 100,
            "term_months": 12,
            **{"voting_open_at_0": "45", "voting_open_at_1": "13", "voting_open_at_2": "2026"},
            "voting_open_at_3": "10am",
        },
    )
    text = _text(response)
    assert response.status_code == 200
    assert "Enter the number of seats as a whole number" in text
    assert "When voting opens must be a real date" in text
    assert "My typed title" in text
    response = client.post(
        url,
        {
            "title": "X",
            "constituency": constituency.pk,
            "seats": 1,
            "statement_word_limit": 100,
            "term_months": 12,
            **dates.posted("nominations_open_at", "2026-05-02T10:00"),
            **dates.posted("nominations_close_at", "2026-05-01T10:00"),
        },
    )
    assert "must be after" in _text(response)


def test_nomination_form_errors(client, returning_officer, member):
    constituency = ConstituencyFactory()
    join(constituency, member)
    election = new_election(returning_officer, constituency, statement_word_limit=10)
    services.election_open_nominations(election=election, actor=returning_officer)
    client.force_login(member)
    url = reverse("council:nomination-create", kwargs={"pk": election.pk})
    response = client.post(url, {"who": "self", "statement": "word " * 12})
    assert "Keep it to 10 words or fewer" in _text(response)
    assert "word word word" in _text(response)
    response = client.post(url, {"who": "other", "username": "nobody-here"})
    assert "There is no one with the username" in _text(response)
    outsider_member = make_user(Role.MEMBER)
    response = client.post(url, {"who": "other", "username": outsider_member.username})
    assert "cannot stand here" in _text(response)
    response = client.post(reverse("council:election-receipts", kwargs={"pk": election.pk}))
    assert response.status_code in (404, 405)


def test_receipt_check_bad_code(client, returning_officer):
    election, _noms, _people = published_election(returning_officer)
    response = client.get(
        reverse("council:election-receipts", kwargs={"pk": election.pk}), {"code": "abc"}
    )
    assert "A receipt code has 10 letters and numbers" in _text(response)
    response = client.get(
        reverse("council:election-receipts", kwargs={"pk": election.pk}), {"code": "ABCDE-FGHJK"}
    )
    assert "That code is not in the list" in _text(response)


def test_membership_pages(client, staff):
    constituency = ConstituencyFactory()
    person = make_user(Role.MEMBER)
    client.force_login(staff)
    url = reverse("council:constituency-members", kwargs={"pk": constituency.pk})
    response = client.post(url, {"username": "no-such-person"})
    assert "There is no one with the username" in _text(response)
    response = client.post(url, {"username": person.username.upper()})
    assert response.status_code == 302
    membership = constituency.memberships.get()
    assert person.username in _text(client.get(url))
    client.post(reverse("council:membership-end", kwargs={"pk": membership.pk}))
    membership.refresh_from_db()
    assert membership.left_on is not None


def test_coopt_and_stand_down_pages(client, staff, member, representative):
    council = CouncilFactory()
    client.force_login(staff)
    url = reverse("council:representative-coopt", kwargs={"slug": council.slug})
    response = client.post(
        url, {"username": member.username, "term_start_0": "not a date", "note": ""}
    )
    assert "Date the term starts must include a month and year" in _text(
        response
    ) and "Say why they were co-opted" in _text(response)
    response = client.post(
        url,
        {
            "username": member.username,
            **dates.posted("term_start", "2026-01-01"),
            "note": "Nobody stood.",
        },
    )
    assert response.status_code == 302
    rep = Representative.objects.get(user=member)
    client.force_login(representative)
    assert (
        client.get(reverse("council:representative-stand-down", kwargs={"pk": rep.pk})).status_code
        == 403
    )
    client.force_login(member)
    response = client.post(
        reverse("council:representative-stand-down", kwargs={"pk": rep.pk}), {"reason": "Moving"}
    )
    assert response.status_code == 302
    rep.refresh_from_db()
    assert rep.stood_down_on is not None


def test_recorded_selection_page(client, returning_officer, member):
    council = CouncilFactory()
    client.force_login(returning_officer)
    url = reverse("council:recorded-selection-create", kwargs={"slug": council.slug})
    response = client.post(
        url,
        {
            "title": "Delegates",
            **dates.posted("held_on", "2026-03-01"),
            "method": "Hands up",
            "usernames": f"{member.username}, ghost",
            "term_months": 12,
        },
    )
    assert "There is no one with the username ghost" in _text(response)
    response = client.post(
        url,
        {
            "title": "Delegates",
            **dates.posted("held_on", "2026-03-01"),
            "method": "Hands up",
            "usernames": member.username,
            "term_months": 12,
        },
    )
    assert response.status_code == 302
    assert Representative.objects.filter(user=member, source="recorded").exists()


def test_blt_upload_page_errors(client, returning_officer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    election, _noms, _people = voting_election(returning_officer)
    client.force_login(returning_officer)
    url = reverse("council:paper-import", kwargs={"pk": election.pk})
    response = client.post(url, {"file": SimpleUploadedFile("x.blt", b"\xff\xfe\x00junk")})
    assert "not a text file" in _text(response)
    response = client.post(
        url, {"file": SimpleUploadedFile("x.blt", b'3 1\n1 1 0\n0\n"A" "B" "C"\n')}
    )
    assert "do not match" in _text(response)


def test_counted_result_hidden_until_released(client, returning_officer, staff, senior_manager):
    election, _noms, people = voting_election(returning_officer)
    services.ballot_cast(election_id=election.pk, voter=people[0], ranking=[_noms[0].pk])
    services.election_close_voting(election=election, actor=returning_officer)
    services.election_count(actor=returning_officer, election=election)
    for user in (staff, senior_manager, people[0]):
        client.force_login(user)
        for name in (
            "election-results",
            "election-results-csv",
            "election-ballots-blt",
            "election-receipts",
        ):
            assert (
                client.get(reverse(f"council:{name}", kwargs={"pk": election.pk})).status_code
                == 404
            )
        log = _text(client.get(reverse("council:election-log", kwargs={"pk": election.pk})))
        assert "Elected" not in log


# --- query counts -----------------------------------------------------------------------------


_SESSION_NOISE = ("usersessions_usersession", "django_session", "SAVEPOINT", "RELEASE SAVEPOINT")


def _count_queries(django_assert_max_num_queries, client, url, limit):
    """GET ``url`` under a pinned ceiling; return the page's own query count.

    The session middleware writes now and then (last seen, session refresh): those queries are
    left out of the returned number, so two sizes of data can be compared exactly.
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # the first request of a session also writes the session: not counted
    with django_assert_max_num_queries(limit + 8), CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    own = [q for q in ctx.captured_queries if not any(n in q["sql"] for n in _SESSION_NOISE)]
    assert len(own) <= limit, [q["sql"][:80] for q in own]
    return len(own)


def test_election_list_queries_do_not_grow(
    client, member, returning_officer, django_assert_max_num_queries
):
    constituency = ConstituencyFactory()
    join(constituency, member)
    client.force_login(member)
    url = reverse("council:election-list")
    counts = []
    for total in (3, 30):
        while Election.objects.count() < total:
            Election.objects.create(
                council=constituency.council,
                constituency=constituency,
                title="E",
                status=Election.Status.NOMINATIONS_OPEN,
            )
        counts.append(_count_queries(django_assert_max_num_queries, client, url, 8))
    assert counts[0] == counts[1]


def test_ballot_and_receipt_lists_queries_do_not_grow(
    client, returning_officer, django_assert_max_num_queries
):
    election, noms, _people = published_election(returning_officer)
    names = ("election-ballots", "election-receipts", "election-results", "election-log")
    counts = {}
    for extra in (0, 150):
        Ballot.objects.bulk_create(
            [Ballot(election=election, ranking=[noms[0].pk, noms[1].pk]) for _ in range(extra)]
        )
        Receipt.objects.bulk_create(
            [Receipt(election=election, code_hash=f"{i:064x}") for i in range(extra)]
        )
        for name in names:
            url = reverse(f"council:{name}", kwargs={"pk": election.pk})
            counts.setdefault(name, []).append(
                _count_queries(django_assert_max_num_queries, client, url, 8)
            )
    assert all(a == b for a, b in counts.values()), counts


def test_members_and_representatives_pages_queries_do_not_grow(
    client, staff, django_assert_max_num_queries
):
    constituency = ConstituencyFactory()
    client.force_login(staff)
    counts = []
    for n in (2, 20):
        people = members(constituency, n - constituency.memberships.count())
        for person in people:
            services.representative_coopt(
                actor=staff,
                council=constituency.council,
                user=person,
                constituency=constituency,
                portfolios=[],
                term_start="2026-01-01",
                term_end=None,
                note="x",
            )
        counts.append(
            [
                _count_queries(
                    django_assert_max_num_queries,
                    client,
                    reverse("council:constituency-members", kwargs={"pk": constituency.pk}),
                    8,
                ),
                _count_queries(
                    django_assert_max_num_queries,
                    client,
                    reverse(
                        "council:representative-list", kwargs={"slug": constituency.council.slug}
                    ),
                    10,
                ),
                _count_queries(
                    django_assert_max_num_queries,
                    client,
                    reverse("council:council-detail", kwargs={"slug": constituency.council.slug}),
                    16,  # also: representatives, meetings coming up, published minutes
                ),
            ]
        )
    assert counts[0] == counts[1]


def test_demo_seed_is_idempotent_and_complete():
    from django.core.management import call_command  # noqa: F401

    from council import demo
    from users import demo as user_demo

    users = user_demo.seed()
    demo.seed(users)
    demo.seed(users)
    council = demo.Council.objects.get(name=demo.COUNCIL_NAME)
    assert council.portfolios.count() == 7
    elections = {e.title: e for e in Election.objects.filter(council=council)}
    assert len(elections) == 3
    published = elections["Leicester City representatives 2026"]
    assert published.status == Election.Status.PUBLISHED
    report = ElectionCount.objects.get(election=published).report
    assert len(report["stages"]) > 1 and len(report["elected"]) == 2
    assert Representative.objects.filter(election=published).count() == 2
    voting = elections["Leicester City: housing seat"]
    assert voting.status == Election.Status.VOTING_OPEN
    assert voting.roll.filter(voter=users["member"]).exists()
    assert not Participation.objects.filter(election=voting, voter=users["member"]).exists()
    assert elections["Leicester City by-election"].status == Election.Status.NOMINATIONS_OPEN
