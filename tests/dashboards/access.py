"""Access rows for the dashboards: senior managers and administrators; caseload: administrators."""

from tests.access import ADMIN_ONLY, Rule

DASHBOARD = frozenset({"senior_manager", "administrator"})


def objects(users):
    from tests.dashboards.factories import make_council

    return {"dash_council": make_council("Matrix")}


RULES = [
    Rule("dashboards:index", DASHBOARD),
    Rule("dashboards:council", DASHBOARD, kwargs=lambda o: {"slug": o["dash_council"].slug}),
    Rule("dashboards:board-pack", DASHBOARD),
    Rule(
        "dashboards:council-board-pack",
        DASHBOARD,
        kwargs=lambda o: {"slug": o["dash_council"].slug},
    ),
    Rule("dashboards:export", DASHBOARD, kwargs=lambda o: {"table": "membership"}),
    Rule(
        "dashboards:council-export",
        DASHBOARD,
        kwargs=lambda o: {"slug": o["dash_council"].slug, "table": "representation-gender"},
    ),
    Rule("dashboards:refresh", DASHBOARD, method="POST", data={"period": "this_quarter"}),
    Rule("dashboards:caseload-list", ADMIN_ONLY),
    Rule("dashboards:caseload-edit", ADMIN_ONLY, kwargs=lambda o: {"slug": o["dash_council"].slug}),
]
