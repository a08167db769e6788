from django.urls import include, path

from consultations.views import answering, steward
from consultations.views.staff import answers, questions
from consultations.views.staff import consultations as staff

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
    path("manage/<int:pk>/questions/new/", questions.question_create, name="question-create"),
    path(
        "manage/<int:pk>/questions/<int:question_pk>/edit/",
        questions.question_edit,
        name="question-edit",
    ),
    path(
        "manage/<int:pk>/questions/<int:question_pk>/delete/",
        questions.question_delete,
        name="question-delete",
    ),
    path(
        "manage/<int:pk>/questions/<int:question_pk>/move/",
        questions.question_move,
        name="question-move",
    ),
    path("manage/<int:pk>/enter/", answers.staff_entry, name="staff-entry"),
    path("manage/<int:pk>/responses/", answers.responses, name="responses"),
    path("manage/<int:pk>/results/", answers.results, name="results"),
    path("manage/<int:pk>/export.csv", answers.export_csv, name="export-csv"),
    path("manage/<int:pk>/export.xlsx", answers.export_xlsx, name="export-xlsx"),
    path("manage/<int:pk>/access-codes/", staff.access_codes, name="access-codes"),
    # Coding: codebooks, the coding queue, review and reports (consultations/coding/urls.py)
    path("", include("consultations.coding.urls")),
    # Data steward
    path("steward/", steward.lookup, name="steward-lookup"),
    path("steward/<str:reference>/", steward.reidentify, name="steward-reidentify"),
]
