from django.urls import path

from actionplan import views

app_name = "actionplan"

urlpatterns = [
    # "You said, we did": everyone with a role
    path("", views.board, name="board"),
    path("you-said-we-did/<int:pk>/", views.board_detail, name="board-detail"),
    # Owners and user champions
    path("mine/", views.my_actions, name="my-actions"),
    path("champion-name/", views.champion_name, name="champion-name"),
    # Staff and senior managers
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/new/", views.plan_create, name="plan-create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/<int:pk>/edit/", views.plan_edit, name="plan-edit"),
    path("plans/<int:pk>/objectives/new/", views.objective_create, name="objective-create"),
    path("plans/<int:pk>/import/", views.plan_import, name="plan-import"),
    path(
        "plans/<int:pk>/import/<slug:kind>-template.csv",
        views.import_template,
        name="import-template",
    ),
    path("objectives/<int:pk>/edit/", views.objective_edit, name="objective-edit"),
    path("actions/", views.action_list, name="action-list"),
    path("actions/new/", views.action_create, name="action-create"),
    path("actions/change-status/", views.bulk_status, name="bulk-status"),
    path("actions/export/csv/", views.export_csv, name="export-csv"),
    path("actions/export/excel/", views.export_xlsx, name="export-xlsx"),
    path("actions/<int:pk>/", views.action_detail, name="action-detail"),
    path("actions/<int:pk>/edit/", views.action_edit, name="action-edit"),
    path("actions/<int:pk>/history/", views.action_history, name="action-history"),
    path("actions/<int:pk>/update/", views.update_create, name="update-create"),
    path("actions/<int:pk>/milestones/new/", views.milestone_create, name="milestone-create"),
    path("actions/<int:pk>/sources/new/", views.source_add, name="source-add"),
    path("milestones/<int:pk>/edit/", views.milestone_edit, name="milestone-edit"),
    path("updates/<int:pk>/evidence/", views.evidence_download, name="evidence-download"),
]
