"""Top themes: codes add up across consultations only when linked to one shared theme."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.coding.models import SharedTheme, SharedThemeLink
from consultations.coding.shared_themes import shared_theme_link
from dashboards.figures import compute
from dashboards.periods import Period
from tests.dashboards import factories as f

pytestmark = pytest.mark.django_db


def _two_consultations_saying_positive():
    today = timezone.localdate()
    council = f.make_council("Themes")
    place = council.constituencies.first()
    (first_positive,) = f.codes("Positive")
    (second_positive,) = f.codes("positive ")
    made = []
    for code, answers in ((first_positive, 3), (second_positive, 2)):
        consultation, question = f.consultation(place, opened=today - timedelta(days=30))
        for _ in range(answers):
            f.respond(consultation, question, on=today - timedelta(days=10), codes=[code])
        made.append(consultation)
    return today, first_positive, second_positive, made


def _themes(today):
    data = compute(Period(today - timedelta(days=60), today), today=today)
    return sorted(
        (t["theme"], t["consultation"], t["total"]) for t in data["all"]["themes"]["rows"]
    )


def test_codes_with_the_same_name_in_two_consultations_are_not_added_up():
    today, _first, _second, made = _two_consultations_saying_positive()
    assert _themes(today) == sorted(
        [("Positive", made[0].title, 3), ("positive", made[1].title, 2)]
    )


def test_codes_linked_to_one_shared_theme_add_up(staff):
    today, first, second, _made = _two_consultations_saying_positive()
    shared_theme_link(code=first, name="Positive experience", actor=staff)
    shared_theme_link(code=second, name=" positive  EXPERIENCE", actor=staff)
    assert SharedTheme.objects.count() == 1
    assert _themes(today) == [("Positive experience", "", 5)]
    # Unlinking one splits them again.
    shared_theme_link(code=second, name="", actor=staff)
    assert sorted(total for *_rest, total in _themes(today)) == [2, 3]


def test_codebook_page_links_a_code(client, staff):
    (code,) = f.codes("Housing")
    client.force_login(staff)
    url = reverse("consultations:codebook-shared-theme", kwargs={"pk": code.codebook_id})
    response = client.post(url, {"code": code.pk, "theme": "Housing and homes"})
    assert response.status_code == 302
    assert SharedThemeLink.objects.get(code=code).theme.name == "Housing and homes"
    page = client.get(reverse("consultations:codebook-detail", kwargs={"pk": code.codebook_id}))
    assert "Housing and homes" in page.content.decode()
    # A code from another codebook is refused with a message, not a 500.
    (other,) = f.codes("Other")
    response = client.post(url, {"code": other.pk, "theme": "X"}, follow=True)
    assert "Choose a code from this codebook" in response.content.decode()
    assert not SharedThemeLink.objects.filter(code=other).exists()
