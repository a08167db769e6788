"""Thematic coding: codebooks, the coding queue, blind double coding and its settlement.

Imported by ``consultations/models/__init__.py``, so these are models of the
``consultations`` app. By topic: ``codebooks`` (and shared themes), ``setup`` (project, leads,
each question's coding), ``items`` (the queue, passes, codings, settlement, final codes) and
``counters`` (kept by database triggers).

How the tables keep the promises (``tests/consultations/test_coding_*.py`` check them):

* **Coders never see who wrote an answer.** They reach an answer only through its
  ``CodingItem``, whose primary key is a random UUID: the queue's URLs and forms carry no
  answer or submission id, no reference that could be matched to a list of names, and the
  queue is served in that random order, not the order answers came in.
* **Who coded what is always known**: every ``Coding`` and ``CodingPass`` has its coder, and
  one coding per (answer, code, coder) is a database constraint.
* **Blind double coding**: ``CodingItem.is_double`` marks the randomly chosen share. Each
  coder's codes live in their own rows; nobody is shown another coder's codes for an answer
  until both have coded it. A disagreement waits for a lead coder, whose settlement is kept
  beside (never instead of) the two codings.
* **Reports count in the database**: ``FinalCode`` holds one row per answer and final code,
  with the question on the row and indexed, so "how many answers got each code" is one
  ``GROUP BY`` whatever the number of answers.
"""

from consultations.coding.models.codebooks import (
    Code,
    Codebook,
    CodeMerge,
    SharedTheme,
    SharedThemeLink,
)
from consultations.coding.models.counters import CodingItemCount, FinalCodeCount
from consultations.coding.models.items import (
    Coding,
    CodingItem,
    CodingPass,
    FinalCode,
    SettledCode,
)
from consultations.coding.models.setup import CodingLead, CodingProject, QuestionCoding

__all__ = [
    "Code",
    "CodeMerge",
    "Codebook",
    "Coding",
    "CodingItem",
    "CodingItemCount",
    "CodingLead",
    "CodingPass",
    "CodingProject",
    "FinalCode",
    "FinalCodeCount",
    "QuestionCoding",
    "SettledCode",
    "SharedTheme",
    "SharedThemeLink",
]
