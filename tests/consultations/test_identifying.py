"""The detector that warns when an answer may identify someone: examples both ways."""

import pytest

from consultations import identifying

FLAGGED = [
    ("Write to me at jo.bloggs+x@example.co.uk", identifying.EMAIL),
    ("Ring 07700 900123 if you want", identifying.PHONE),
    ("my number is +44 7700 900 123", identifying.PHONE),
    ("The office on (0116) 496 0123 never answers", identifying.PHONE),
    ("I live near LE1 6ZZ", identifying.POSTCODE),
    ("the hostel at sw1a2aa", identifying.POSTCODE),
    ("I was born on 12/03/1990", identifying.BIRTH_DATE),
    ("born in 1985 so I know", identifying.BIRTH_DATE),
    ("My date of birth is 3rd of March 1979", identifying.BIRTH_DATE),
    ("12/03/1990 is when it all started for me", identifying.BIRTH_DATE),
    ("My name is Dave and I was on licence", identifying.NAME),
    ("Hi, I'm Kieran and it was hard", identifying.NAME),
    ("My officer Sharon was really good", identifying.NAME),
    ("I live at 14 Acacia Avenue with my mum", identifying.ADDRESS),
    ("Staying at 3b Kirk Lodge Road for now", identifying.ADDRESS),
]

NOT_FLAGGED = [
    "The meetings were helpful but too far away.",
    "I waited 3 weeks for an appointment.",
    "Mark my words, it gets better.",
    "It took 45 minutes on 2 buses and cost £6.40.",
    "My appointment was on 12/03/2026 and it was fine.",
    "I'm happy with the support. I'm not sure about the hostel.",
    "Housing is the biggest problem. Jobs come next.",
    "Over 20 people came to the group on the 1st floor.",
    "",
]


@pytest.mark.parametrize(("text", "kind"), FLAGGED)
def test_flags_what_could_identify_someone(text, kind):
    assert kind in identifying.findings(text)
    assert identifying.looks_identifying(text)


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_leaves_ordinary_answers_alone(text):
    assert identifying.findings(text) == []
    assert not identifying.looks_identifying(text)
