"""Access rows for the action plan: every URL, who may reach it."""

from tests.access import EVERYONE, Rule

MANAGERS = frozenset({"staff", "senior_manager", "administrator"})
# The action in objects() has the representative as its user champion.
MANAGERS_AND_ITS_CHAMPION = MANAGERS | {"representative"}
CHAMPIONS = frozenset({"representative", "mentor", "administrator"})
OWNERS_AND_CHAMPIONS = MANAGERS | {"representative", "mentor"}


def objects(users):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from actionplan import services
    from actionplan.models import Milestone
    from tests.actionplan.factories import ObjectiveFactory, create_action

    objective = ObjectiveFactory()
    action = create_action(
        by=users["staff"],
        objective=objective,
        champion=users["representative"],
        is_public=True,
    )
    milestone = Milestone.objects.create(action=action, title="Draft", due_on=action.due_on)
    update = services.update_post(
        action=action,
        actor=users["staff"],
        note="Started.",
        status="in_progress",
        progress=10,
        evidence_file=SimpleUploadedFile("notes.txt", b"Meeting notes", "text/plain"),
    )
    return {
        "ap_plan": objective.plan,
        "ap_objective": objective,
        "ap_action": action,
        "ap_milestone": milestone,
        "ap_update": update,
    }


RULES = [
    Rule("actionplan:board", EVERYONE),
    Rule("actionplan:board-detail", EVERYONE, kwargs=lambda o: {"pk": o["ap_action"].pk}),
    Rule("actionplan:my-actions", OWNERS_AND_CHAMPIONS),
    Rule("actionplan:champion-name", CHAMPIONS),
    Rule("actionplan:plan-list", MANAGERS),
    Rule("actionplan:plan-create", MANAGERS),
    Rule("actionplan:plan-detail", MANAGERS, kwargs=lambda o: {"pk": o["ap_plan"].pk}),
    Rule("actionplan:plan-edit", MANAGERS, kwargs=lambda o: {"pk": o["ap_plan"].pk}),
    Rule("actionplan:objective-create", MANAGERS, kwargs=lambda o: {"pk": o["ap_plan"].pk}),
    Rule("actionplan:plan-import", MANAGERS, kwargs=lambda o: {"pk": o["ap_plan"].pk}),
    Rule(
        "actionplan:import-template",
        MANAGERS,
        kwargs=lambda o: {"pk": o["ap_plan"].pk, "kind": "actions"},
    ),
    Rule("actionplan:objective-edit", MANAGERS, kwargs=lambda o: {"pk": o["ap_objective"].pk}),
    Rule("actionplan:action-list", MANAGERS),
    Rule("actionplan:action-create", MANAGERS),
    Rule("actionplan:bulk-status", MANAGERS, method="POST"),
    Rule("actionplan:export-csv", MANAGERS),
    Rule("actionplan:export-csv", MANAGERS, method="POST"),
    Rule("actionplan:export-xlsx", MANAGERS),
    Rule("actionplan:export-xlsx", MANAGERS, method="POST"),
    Rule(
        "actionplan:action-detail",
        MANAGERS_AND_ITS_CHAMPION,
        kwargs=lambda o: {"pk": o["ap_action"].pk},
    ),
    Rule("actionplan:action-edit", MANAGERS, kwargs=lambda o: {"pk": o["ap_action"].pk}),
    Rule(
        "actionplan:action-history",
        MANAGERS_AND_ITS_CHAMPION,
        kwargs=lambda o: {"pk": o["ap_action"].pk},
    ),
    Rule(
        "actionplan:update-create",
        MANAGERS_AND_ITS_CHAMPION,
        kwargs=lambda o: {"pk": o["ap_action"].pk},
    ),
    Rule("actionplan:milestone-create", MANAGERS, kwargs=lambda o: {"pk": o["ap_action"].pk}),
    Rule("actionplan:source-add", MANAGERS, kwargs=lambda o: {"pk": o["ap_action"].pk}),
    Rule("actionplan:milestone-edit", MANAGERS, kwargs=lambda o: {"pk": o["ap_milestone"].pk}),
    Rule(
        "actionplan:evidence-download",
        MANAGERS_AND_ITS_CHAMPION,
        kwargs=lambda o: {"pk": o["ap_update"].pk},
    ),
]
