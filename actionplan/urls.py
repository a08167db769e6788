from django.urls import path

from actionplan.views import actions, board, import_export, mine, plans, updates

app_name = "actionplan"

urlpatterns = [
    # "You said, we did": everyone with a role
    path("", board.board, name="board"),
    path("you-said-we-did/<int:pk>/", board.board_detail, name="board-detail"),
    # Owners and user champions
    path("mine/", mine.my_actions, name="my-actions"),
    path("champion-name/", mine.champion_name, name="champion-name"),
    # Staff and senior managers
    path("plans/", plans.plan_list, name="plan-list"),
    path("plans/new/", plans.plan_create, name="plan-create"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", plans.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/objectives/new/", plans.objective_create, name="objective-create"),
    path("plans/<int:pk>/import/", import_export.plan_import, name="plan-import"),
    path(
        "plans/<int:pk>/import/<slug:kind>-template.csv",
        import_export.import_template,
        name="import-template",
    ),
    path("objectives/<int:pk>/edit/", plans.objective_edit, name="objective-edit"),
    path("actions/", actions.action_list, name="action-list"),
    path("actions/new/", actions.action_create, name="action-create"),
    path("actions/change-status/", actions.bulk_status, name="bulk-status"),
    path("actions/export/csv/", import_export.export_csv, name="export-csv"),
    path("actions/export/excel/", import_export.export_xlsx, name="export-xlsx"),
    path("actions/<int:pk>/", actions.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", actions.action_edit, name="action-edit"),
    path("actions/<int:pk>/history/", actions.action_history, name="action-history"),
    path("actions/<int:pk>/update/", updates.update_create, name="update-create"),
    path("actions/<int:pk>/milestones/new/", updates.milestone_create, name="milestone-create"),
    path("actions/<int:pk>/sources/new/", actions.source_add, name="source-add"),
    path("milestones/<int:pk>/edit/", updates.milestone_edit, name="milestone-edit"),
    path("updates/<int:pk>/evidence/", updates.evidence_download, name="evidence-download"),
]
