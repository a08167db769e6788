from django.urls import path

from consultations.coding import shared_themes
from consultations.views import answering, coding, staff, steward

app_name = "consultations"

urlpatterns = [
    # Members
    path("", answering.consultation_list, name="list"),
    path("<int:pk>/", answering.consultation_start, name="start"),
    path("<int:pk>/answer/", answering.consultation_answer, name="answer"),
    path("my-answers/", answering.my_answers, name="my-answers"),
    path("my-answers/<int:pk>/withdraw/", answering.my_withdraw, name="my-withdraw"),
    # Anyone
    path("withdraw/", answering.withdraw_by_code, name="withdraw"),
    path("open/<str:token>/", answering.open_start, name="open-start"),
    path("open/<str:token>/answer/", answering.open_answer, name="open-answer"),
    # Staff
    path("manage/", staff.manage_list, name="manage-list"),
    path("manage/new/", staff.consultation_create, name="create"),
    path("manage/<int:pk>/", staff.manage_detail, name="manage-detail"),
    path("manage/<int:pk>/edit/", staff.consultation_edit, name="edit"),
    path("manage/<int:pk>/publish/", staff.consultation_publish, name="publish"),
    path("manage/<int:pk>/open/", staff.consultation_open_now, name="open-now"),
    path("manage/<int:pk>/close/", staff.consultation_close_now, name="close-now"),
    path("manage/<int:pk>/duplicate/", staff.consultation_duplicate, name="duplicate"),
    path("manage/<int:pk>/preview/", answering.preview_start, name="preview"),
    path("manage/<int:pk>/preview/answer/", answering.preview_answer, name="preview-answer"),
    path("manage/<int:pk>/questions/new/", staff.question_create, name="question-create"),
    path(
        "manage/<int:pk>/questions/<int:question_pk>/edit/",
        staff.question_edit,
        name="question-edit",
    ),
    path(
        "manage/<int:pk>/questions/<int:question_pk>/delete/",
        staff.question_delete,
        name="question-delete",
    ),
    path(
        "manage/<int:pk>/questions/<int:question_pk>/move/",
        staff.question_move,
        name="question-move",
    ),
    path("manage/<int:pk>/enter/", staff.staff_entry, name="staff-entry"),
    path("manage/<int:pk>/responses/", staff.responses, name="responses"),
    path("manage/<int:pk>/results/", staff.results, name="results"),
    path("manage/<int:pk>/export.csv", staff.export_csv, name="export-csv"),
    path("manage/<int:pk>/export.xlsx", staff.export_xlsx, name="export-xlsx"),
    path("manage/<int:pk>/access-codes/", staff.access_codes, name="access-codes"),
    # Coding: codebooks (staff)
    path("coding/codebooks/", coding.codebook_list, name="codebook-list"),
    path("coding/codebooks/new/", coding.codebook_create, name="codebook-create"),
    path("coding/codebooks/import/", coding.codebook_import, name="codebook-import"),
    path("coding/codebooks/<int:pk>/", coding.codebook_detail, name="codebook-detail"),
    path("coding/codebooks/<int:pk>/edit/", coding.codebook_edit, name="codebook-edit"),
    path(
        "coding/codebooks/<int:pk>/shared-theme/",
        shared_themes.codebook_shared_theme,
        name="codebook-shared-theme",
    ),
    path("coding/codebooks/<int:pk>/export.qdc", coding.codebook_export, name="codebook-export"),
    path("coding/codebooks/<int:pk>/codes/new/", coding.code_create, name="code-create"),
    path("coding/codes/<int:pk>/edit/", coding.code_edit, name="code-edit"),
    path("coding/codes/<int:pk>/merge/", coding.code_merge, name="code-merge"),
    # Coding a consultation: staff code, lead coders set up and settle, managers read
    path("manage/<int:pk>/coding/", coding.coding_overview, name="coding-overview"),
    path("manage/<int:pk>/coding/leads/", coding.coding_leads, name="coding-leads"),
    path("manage/<int:pk>/coding/sync/", coding.coding_sync, name="coding-sync"),
    path("manage/<int:pk>/coding/publish/", coding.coding_publish, name="coding-publish"),
    path(
        "manage/<int:pk>/coding/questions/<int:question_pk>/setup/",
        coding.coding_setup,
        name="coding-setup",
    ),
    path(
        "manage/<int:pk>/coding/questions/<int:question_pk>/queue/",
        coding.coding_queue,
        name="coding-queue",
    ),
    path(
        "manage/<int:pk>/coding/questions/<int:question_pk>/agreement/",
        coding.coding_agreement,
        name="coding-agreement",
    ),
    path("manage/<int:pk>/coding/answers/<str:item_id>/", coding.coding_item, name="coding-item"),
    path("manage/<int:pk>/coding/review/", coding.coding_review, name="coding-review"),
    path(
        "manage/<int:pk>/coding/review/<str:item_id>/", coding.coding_settle, name="coding-settle"
    ),
    path(
        "manage/<int:pk>/coding/export.qdpx", coding.coding_export_qdpx, name="coding-export-qdpx"
    ),
    path("manage/<int:pk>/report/", coding.coding_report, name="coding-report"),
    path(
        "manage/<int:pk>/report/questions/<int:question_pk>/",
        coding.coding_report_question,
        name="coding-report-question",
    ),
    path(
        "manage/<int:pk>/report/questions/<int:question_pk>/answers.csv",
        coding.coding_export_csv,
        name="coding-export-csv",
    ),
    path(
        "manage/<int:pk>/report/export.xlsx", coding.coding_export_xlsx, name="coding-export-xlsx"
    ),
    # Anyone, once a lead coder publishes the consultation's themes
    path("themes/<int:pk>/questions/<int:question_pk>/", coding.theme, name="theme"),
    # Data steward
    path("steward/", steward.lookup, name="steward-lookup"),
    path("steward/<str:reference>/", steward.reidentify, name="steward-reidentify"),
]
