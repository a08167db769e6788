"""The coding reports: one question's or all questions' figures, the breakdown by who
answered, agreement between coders, the public theme page and the exports. A fixed number of
queries for any amount of data.

The report's counts (answers per state, per final code, per pair of double-coded code sets)
are read from the counters the database keeps (``FinalCodeCount``, ``CodingItemCount``, see
``coding.models``): a few rows per question, so one question's report and the all-questions
summary take the same time with 1,000 answers or 1,000,000. Reading a report never writes:
it sums the rows not yet folded, and a periodic job folds them
(``services.counters.coding_counts_fold``).
"""

from consultations.coding.reports.breakdown import Breakdown, breakdown
from consultations.coding.reports.exports import export_codes, export_header, export_rows
from consultations.coding.reports.figures import (
    ConsultationReport,
    QuestionReport,
    agreement_for,
    consultation_report,
    question_report,
)
from consultations.coding.reports.themes import Theme, theme

__all__ = [
    "Breakdown",
    "ConsultationReport",
    "QuestionReport",
    "Theme",
    "agreement_for",
    "breakdown",
    "consultation_report",
    "export_codes",
    "export_header",
    "export_rows",
    "question_report",
    "theme",
]
