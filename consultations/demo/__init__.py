"""Demo data: the report's 2009 questionnaire (n = 119) and one open consultation.

The closed consultation has the seven questions of section 4.1 of the report and an
information sheet adapted from its Appendix 3. Its 119 answers were "entered by staff from
one-to-one interviews", as they were in 2009. Each free-text answer belongs to one of the
report's categories, in the report's proportions (Q1: 69 % positive, 11 % negative, 20 %
neither; Q6: 61 % yes), using the report's example comments and close variations of them.

``DEMO_QUESTIONNAIRE`` is the single source of those categories and counts, and
``category_for`` says which category a demo answer belongs to, so the coding issue can build
its codebooks and code these answers to reproduce the published figures.

The report's consultation is then coded: each free-text question gets a codebook of the
report's categories, every answer is coded to its category (the report's example comments
marked as example quotes), a fifth is double coded by a second coder with realistic
disagreement, and the lead coder settles each disagreement to the report's category, so the
coding report shows the published figures.

``questionnaire`` holds the report's data, ``consultations`` seeds the two consultations and
the answers, ``coding`` codes them. ``seed(users)`` is idempotent: it looks consultations up
by title and adds nothing twice.
"""

from __future__ import annotations

from django.db import transaction

from consultations.demo.coding import DEFINITIONS, seed_open_coding, seed_report_coding
from consultations.demo.consultations import seed_open, seed_report
from consultations.demo.questionnaire import (
    DEMO_QUESTIONNAIRE,
    OPEN_TITLE,
    REPORT_TITLE,
    category_for,
)
from users.models import User

__all__ = [
    "DEFINITIONS",
    "DEMO_QUESTIONNAIRE",
    "OPEN_TITLE",
    "REPORT_TITLE",
    "category_for",
    "seed",
    "seed_open",
    "seed_report",
]


@transaction.atomic
def seed(users: dict[str, User]) -> None:
    staff = users["staff"]
    seed_report(staff)
    seed_open(staff)
    seed_report_coding(staff)
    seed_open_coding(staff)
