"""What the dashboards hold about a person: only who entered caseload figures.

Snapshots hold counts, never a person (small counts are hidden before they are stored).
"""

from core.personal_data import registry
from dashboards.models import CaseloadFigure

registry.register(
    CaseloadFigure,
    user_field="entered_by",
    fields=["council__name", "dimension", "category", "count", "as_of", "updated_at"],
    title="Caseload figures you entered",
)
