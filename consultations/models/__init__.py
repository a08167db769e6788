"""Consultations: questionnaires, the people they ask, and the answers they get back.

How the privacy promises are kept by the shape of the tables (the tests in
``tests/consultations/test_anonymity.py`` check each one):

* ``Submission`` and ``Answer`` have **no column that points at a person**. A named answer's
  author lives in ``NamedRespondent``, and who typed in a paper form lives in ``StaffEntry``;
  neither table is written for anonymous answers, and ``NamedRespondent`` never for
  pseudonymous ones.
* A pseudonymous submission carries ``pseudonym`` = HMAC(settings.PSEUDONYM_KEY, person,
  consultation). The key is a setting, never a row, so the database alone cannot say who wrote
  what; a unique constraint on (consultation, pseudonym) makes "one answer per person" a
  database rule.
* ``Submission`` has no ``created_at``: it keeps ``submitted_on`` (a date). An anonymous
  submission's date is the consultation's period start, the same for every answer, so there is
  no time of day and no order to match against anything else.
* The primary key of ``Submission`` is a random UUID and its human ``reference`` is random
  too, so neither tells the order answers came in.
* Anonymous consultations for members stop double answering without a "has answered" row: see
  ``AnonymousPending``.
"""

# Thematic coding lives in its own module; importing it here makes its models part of this app
# (it imports the models it points at from their modules, not from this package).
from consultations.coding.models import (
    Code,
    Codebook,
    CodeMerge,
    Coding,
    CodingItem,
    CodingLead,
    CodingPass,
    CodingProject,
    FinalCode,
    QuestionCoding,
    SettledCode,
)
from consultations.models.access import (
    AccessCode,
    AccessCodeBatch,
    AnonymousInvitation,
    AnonymousPending,
)
from consultations.models.consultations import (
    ConsentVersion,
    Consultation,
    ConsultationConstituency,
)
from consultations.models.questions import Choice, Question
from consultations.models.submissions import (
    Answer,
    AnswerChoice,
    Draft,
    NamedRespondent,
    StaffEntry,
    Submission,
)

__all__ = [
    "AccessCode",
    "AccessCodeBatch",
    "AnonymousInvitation",
    "AnonymousPending",
    "Answer",
    "AnswerChoice",
    "Choice",
    "Code",
    "CodeMerge",
    "Codebook",
    "Coding",
    "CodingItem",
    "CodingLead",
    "CodingPass",
    "CodingProject",
    "ConsentVersion",
    "Consultation",
    "ConsultationConstituency",
    "Draft",
    "FinalCode",
    "NamedRespondent",
    "Question",
    "QuestionCoding",
    "SettledCode",
    "StaffEntry",
    "Submission",
]
