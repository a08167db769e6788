"""Issue 17: a lay reader's result page, in a real browser on a phone, with axe.

The reader is not signed in (results are public once released). The page must say who was
elected, the turnout, and one plain sentence for every stage of the count; a tie decided by
drawing lots is explained at the top, before the result, not in a footnote.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from council import services
from council.models import Participation
from tests.council.browsing import fits_the_screen
from tests.council.factories import voting_election
from tests.factories import make_user
from users.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("role_groups")]


def test_a_lay_reader_sees_turnout_the_elected_and_a_sentence_per_stage(
    live_server, new_device, audit
):
    ro = make_user(Role.RETURNING_OFFICER)
    # Two candidates level at every stage: the count must draw lots between them.
    tied, _noms, _people = _tied_election(ro)
    report = tied.count.report
    voted = Participation.objects.filter(election=tied).count()

    phone = new_device(phone=True)
    phone.goto(f"{live_server.url}/council/elections/{tied.pk}/results/")
    audit(phone)
    assert fits_the_screen(phone)

    lot = phone.locator("#lot-draw")
    expect(lot).to_contain_text(
        "Two candidates had exactly the same votes at every stage, so the count drew lots "
        "between them, as the rules say."
    )
    # At the top: the draw is explained before the result is given.
    assert phone.evaluate(
        "document.querySelector('#lot-draw').compareDocumentPosition("
        "document.querySelector('#elected')) & Node.DOCUMENT_POSITION_FOLLOWING"
    )
    expect(phone.locator("#elected")).to_have_text(report["elected"][0])
    expect(phone.locator("#turnout")).to_contain_text(f"{voted} of {tied.roll_size} members voted")
    sentences = phone.locator("[data-stage-sentence]")
    expect(sentences).to_have_count(len(report["stages"]))
    for i in range(len(report["stages"])):
        assert len(sentences.nth(i).inner_text().strip()) > 20
    expect(sentences.nth(len(report["stages"]) - 1)).to_contain_text("draw")
    # The exact figures and the codes for checking are there, but out of the way.
    details = phone.locator("#exact-figures")
    expect(details).not_to_have_attribute("open", "")
    phone.get_by_text("See the exact figures").click()
    expect(details).to_contain_text("Lost to rounding")
    expect(phone.get_by_role("heading", name="Check the count yourself")).to_be_visible()
    expect(phone.locator("#main-content")).not_to_contain_text("RON")
    audit(phone)
    assert fits_the_screen(phone)

    phone.get_by_role("link", name="How the count works, with an example").click()
    expect(phone.get_by_role("heading", level=2, name="An example")).to_be_visible()
    expect(phone.locator("#main-content")).to_contain_text("Asha and Ben are elected")
    audit(phone)
    assert fits_the_screen(phone)


def _tied_election(ro):
    election, noms, people = voting_election(ro, candidates=3, voters=5, seats=1)
    a, b, c = (n.pk for n in noms)
    for voter, ranking in zip(people, [[a], [a], [b], [b], [c]], strict=True):
        services.ballot_cast(election_id=election.pk, voter=voter, ranking=ranking)
    services.election_close_voting(election=election, actor=ro)
    services.election_count(actor=ro, election=election)
    services.election_release(actor=ro, election=election)
    election.refresh_from_db()
    return election, noms, people
