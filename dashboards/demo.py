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
from users.models import User
from users.roles import Role

TOTAL = 4200
GENDER = {"woman": 620, "man": 3540, "non_binary": 10, "other": 5}
ETHNIC_GROUP = {"asian": 520, "black": 260, "mixed": 170, "white": 3120, "other": 60}
PLACES = {"Leicester City": 2150, "Leicestershire County": 1850, "Rutland": 200}


# What demo members declared on My account, in turn: fewer women than in the caseload (the
# report's own limitation), a mix of ethnic groups, and some who chose not to say.
DECLARED = [
    ("man", "white"),
    ("man", "white"),
    ("woman", "white"),
    ("man", "asian"),
    ("man", "white"),
    ("", ""),
    ("man", "black"),
    ("man", "white"),
    ("man", "mixed"),
    ("woman", "asian"),
    ("man", "white"),
    ("", "white"),
]


def _declare_demo_profiles() -> None:
    """Give the demo members what members may declare, so representativeness shows figures.

    Only accounts that have declared nothing, so a choice made in the demo is kept.
    """
    members = (
        User.objects.filter(groups__name=Role.MEMBER)
        .exclude(username="member")
        .order_by("username")
        .values_list("pk", "gender", "ethnic_group")
    )
    for i, (pk, gender, ethnic_group) in enumerate(members):
        declared = DECLARED[i % len(DECLARED)]
        if not gender and not ethnic_group and any(declared):
            User.objects.filter(pk=pk).update(gender=declared[0], ethnic_group=declared[1])


def seed(users: dict[str, Any]) -> None:
    _declare_demo_profiles()
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
            actor=users.get("administrator"),
        )
