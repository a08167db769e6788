"""Travel expenses: mentors' claims and the staff pages that decide and pay them."""

from django.urls import path

from peersupport.expenses import views

# No app_name: included into peersupport/urls.py, so the names stay ``peersupport:...``.
urlpatterns = [
    # Travel expenses (mentors)
    path("expenses/", views.claim_list, name="claim-list"),
    path("expenses/new/", views.claim_create, name="claim-create"),
    path("expenses/<int:pk>/", views.claim_detail, name="claim-detail"),
    path("expenses/<int:pk>/change/", views.claim_edit, name="claim-edit"),
    path("expenses/<int:pk>/send/", views.claim_submit, name="claim-submit"),
    path("expenses/<int:pk>/delete/", views.claim_delete, name="claim-delete"),
    path("expenses/<int:pk>/receipt/", views.claim_receipt, name="claim-receipt"),
    # Staff: travel expenses
    path("staff/expenses/", views.expenses_staff, name="expenses-staff"),
    path("staff/expenses/<int:pk>/decide/", views.claim_decide, name="claim-decide"),
    path("staff/expenses/paid/", views.claims_mark_paid, name="claims-mark-paid"),
    path("staff/expenses/export/", views.expenses_export, name="expenses-export"),
    path("staff/expenses/mileage-rates/", views.mileage_rates, name="mileage-rates"),
]
