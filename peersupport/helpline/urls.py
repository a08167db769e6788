"""The helpline rota: mentors' shifts and the staff coverage pages."""

from django.urls import path

from peersupport.helpline import views

# No app_name: included into peersupport/urls.py, so the names stay ``peersupport:...``.
urlpatterns = [
    # Helpline rota (mentors)
    path("helpline/", views.shift_list, name="shift-list"),
    path("helpline/shifts/<int:pk>/", views.shift_detail, name="shift-detail"),
    path("helpline/shifts/<int:pk>/sign-up/", views.shift_signup, name="shift-signup"),
    path("helpline/shifts/<int:pk>/drop/", views.shift_drop, name="shift-drop"),
    path("helpline/shifts/<int:pk>/offer-swap/", views.swap_offer, name="swap-offer"),
    path("helpline/swaps/<int:pk>/take/", views.swap_accept, name="swap-accept"),
    path("helpline/swaps/<int:pk>/withdraw/", views.swap_withdraw, name="swap-withdraw"),
    path(
        "helpline/when-i-cannot/",
        views.unavailability_list,
        name="unavailability-list",
    ),
    path(
        "helpline/when-i-cannot/<int:pk>/remove/",
        views.unavailability_delete,
        name="unavailability-delete",
    ),
    # The call log (issue 16)
    path("helpline/shifts/<int:pk>/calls/new/", views.call_create, name="call-create"),
    path("staff/helpline/calls/", views.call_report, name="call-report"),
    path(
        "staff/helpline/calls/<int:pk>/follow-up-done/",
        views.call_follow_up_done,
        name="call-follow-up-done",
    ),
    path("staff/helpline/services/", views.local_service_list, name="local-service-list"),
    path("staff/helpline/services/<int:pk>/", views.local_service_edit, name="local-service-edit"),
    # Staff: helpline rota
    path("staff/helpline/", views.shift_coverage, name="shift-coverage"),
    path("staff/helpline/patterns/new/", views.pattern_create, name="pattern-create"),
    path("staff/helpline/patterns/<int:pk>/", views.pattern_edit, name="pattern-edit"),
    path(
        "staff/helpline/shifts/<int:pk>/ask-free-mentors/",
        views.shift_invite,
        name="shift-invite",
    ),
    path("staff/helpline/shifts/<int:pk>/assign/", views.shift_assign, name="shift-assign"),
    path("staff/helpline/shifts/<int:pk>/cancel/", views.shift_cancel, name="shift-cancel"),
    path("staff/helpline/rota/<int:pk>/remove/", views.shift_remove, name="shift-remove"),
]
