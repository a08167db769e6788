"""Demo caseload figures for the demo council, so its dashboard has something to compare with.

Illustrative numbers in the proportions of a probation caseload in England (about one
person in seven a woman); not real figures for any area. Idempotent: a council that has
figures is left alone.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from council.models import Constituency, Council
from dashboards import services
from dashboards.models import CaseloadFigure, Dimension

TOTAL = 4200
GENDER = {"woman": 620, "man": 3540, "non_binary": 10, "other": 5}
ETHNIC_GROUP = {"asian": 520, "black": 260, "mixed": 170, "white": 3120, "other": 60}
PLACES = {"Leicester City": 2150, "Leicestershire County": 1850, "Rutland": 200}


def seed(users: dict[str, Any]) -> None:
    for council in Council.objects.all():
        if CaseloadFigure.objects.filter(council=council).exists():
            continue
        places = {
            c.name: c.pk
            for c in Constituency.objects.filter(council=council, kind=Constituency.Kind.PLACE)
        }
        figures: dict[tuple[str, str], int | None] = {(Dimension.TOTAL, ""): TOTAL}
        figures.update({(Dimension.GENDER, k): v for k, v in GENDER.items()})
        figures.update({(Dimension.ETHNIC_GROUP, k): v for k, v in ETHNIC_GROUP.items()})
        figures.update(
            {(Dimension.AREA, str(places[name])): v for name, v in PLACES.items() if name in places}
        )
        services.caseload_set(
            council=council,
            figures_by_category=figures,
            as_of=date(2026, 3, 31),
            by=users.get("administrator"),
        )
