"""The declared table of who may reach which URL, used by the permission-matrix test.

Each app keeps its rows in ``tests/<app>/access.py``:

    from tests.access import Rule, EVERYONE, SIGNED_IN, MEMBERS, STAFF_ONLY

    def objects(users):          # optional: make what the URLs need, return a dict
        return {"election": ElectionFactory()}

    RULES = [
        Rule("council:election-list", SIGNED_IN),
        Rule("council:election-detail", MEMBERS, kwargs=lambda o: {"pk": o["election"].pk}),
        Rule("council:ballot-cast", MEMBERS, method="POST", kwargs=...),
    ]

``allowed`` is a set of who may reach the URL: role names, "outsider" (signed in with no
role) and "anonymous". Administrators are not implied: list them where they are allowed.
The matrix requests every URL as every one of them. Allowed: anything but 401/403/404 and
a redirect to the login page. Refused: 403 or 404, or (for anonymous) a redirect to login.
``EXEMPT`` rows name URLs the matrix cannot call generically (with the reason); another test
must cover them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = frozenset(
    {
        "member",
        "mentor",
        "representative",
        "staff",
        "senior_manager",
        "returning_officer",
        "data_steward",
        "administrator",
    }
)
MEMBERS = frozenset({"member", "mentor", "representative"})
STAFF_ONLY = frozenset({"staff", "administrator"})
SIGNED_IN = ROLES | {"outsider"}
EVERYONE = SIGNED_IN | {"anonymous"}
ADMIN_ONLY = frozenset({"administrator"})


@dataclass(frozen=True)
class Rule:
    url_name: str
    allowed: frozenset[str] | set[str]
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    method: str = "GET"
    data: dict[str, Any] = field(default_factory=dict)
    # Expected refusal for a signed-in role that may not see the URL.
    note: str = ""
