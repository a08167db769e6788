"""The coding pages' addresses. Included by ``consultations/urls.py`` without a namespace of
its own, so the names stay ``consultations:codebook-list`` and so on."""

from django.urls import path

from consultations.coding import shared_themes
from consultations.coding.views import codebooks, queue, reports, review

urlpatterns = [
    # Coding: codebooks (staff)
    path("coding/codebooks/", codebooks.codebook_list, name="codebook-list"),
    path("coding/codebooks/new/", codebooks.codebook_create, name="codebook-create"),
    path("coding/codebooks/import/", codebooks.codebook_import, name="codebook-import"),
    path("coding/codebooks/<int:pk>/", codebooks.codebook_detail, name="codebook-detail"),
    path("coding/codebooks/<int:pk>/edit/", codebooks.codebook_edit, name="codebook-edit"),
    path(
        "coding/codebooks/<int:pk>/shared-theme/",
        shared_themes.codebook_shared_theme,
        name="codebook-shared-theme",
    ),
    path("coding/codebooks/<int:pk>/export.qdc", codebooks.codebook_export, name="codebook-export"),
    path("coding/codebooks/<int:pk>/codes/new/", codebooks.code_create, name="code-create"),
    path("coding/codes/<int:pk>/edit/", codebooks.code_edit, name="code-edit"),
    path("coding/codes/<int:pk>/merge/", codebooks.code_merge, name="code-merge"),
    # Coding a consultation: staff code, lead coders set up and settle, managers read
    path("manage/<int:pk>/coding/", codebooks.coding_overview, name="coding-overview"),
    path("manage/<int:pk>/coding/leads/", codebooks.coding_leads, name="coding-leads"),
    path("manage/<int:pk>/coding/sync/", codebooks.coding_sync, name="coding-sync"),
    path("manage/<int:pk>/coding/publish/", codebooks.coding_publish, name="coding-publish"),
    path(
        "manage/<int:pk>/coding/questions/<int:question_pk>/setup/",
        codebooks.coding_setup,
        name="coding-setup",
    ),
    path(
        "manage/<int:pk>/coding/questions/<int:question_pk>/queue/",
        queue.coding_queue,
        name="coding-queue",
    ),
    path(
        "manage/<int:pk>/coding/questions/<int:question_pk>/agreement/",
        reports.coding_agreement,
        name="coding-agreement",
    ),
    path("manage/<int:pk>/coding/answers/<str:item_id>/", queue.coding_item, name="coding-item"),
    path("manage/<int:pk>/coding/review/", review.coding_review, name="coding-review"),
    path(
        "manage/<int:pk>/coding/review/<str:item_id>/", review.coding_settle, name="coding-settle"
    ),
    path(
        "manage/<int:pk>/coding/export.qdpx", reports.coding_export_qdpx, name="coding-export-qdpx"
    ),
    path("manage/<int:pk>/report/", reports.coding_report, name="coding-report"),
    path(
        "manage/<int:pk>/report/questions/<int:question_pk>/",
        reports.coding_report_question,
        name="coding-report-question",
    ),
    path(
        "manage/<int:pk>/report/questions/<int:question_pk>/breakdown/",
        reports.coding_report_breakdown,
        name="coding-report-breakdown",
    ),
    path(
        "manage/<int:pk>/report/questions/<int:question_pk>/answers.csv",
        reports.coding_export_csv,
        name="coding-export-csv",
    ),
    path(
        "manage/<int:pk>/report/export.xlsx", reports.coding_export_xlsx, name="coding-export-xlsx"
    ),
    # Anyone, once a lead coder publishes the consultation's themes
    path("themes/<int:pk>/questions/<int:question_pk>/", reports.theme, name="theme"),
]
