"""Mentoring matches and safeguarding concerns, for members, mentors and staff."""

from django.urls import path

from peersupport.matching import views

# No app_name: included into peersupport/urls.py, so the names stay ``peersupport:...``.
urlpatterns = [
    # Mentoring matches (members and mentors)
    path("ask-for-a-mentor/", views.request_create, name="request-create"),
    path("ask-for-a-mentor/check/", views.request_check, name="request-check"),
    path("my-requests/", views.my_requests, name="my-requests"),
    path(
        "my-requests/<int:pk>/withdraw/",
        views.request_withdraw,
        name="request-withdraw",
    ),
    path("mentoring/", views.mentoring_home, name="mentoring"),
    path("mentoring/what-i-offer/", views.match_profile_edit, name="match-profile"),
    path("mentoring/matches/<int:pk>/", views.match_detail, name="match-detail"),
    path("mentoring/matches/<int:pk>/answer/", views.match_respond, name="match-respond"),
    path(
        "mentoring/matches/<int:pk>/contacts/new/",
        views.contact_create,
        name="contact-create",
    ),
    path("safeguarding/raise/", views.concern_create, name="concern-create"),
    # Staff: matching
    path("staff/matching/", views.matching_home, name="matching-home"),
    path("staff/matching/refer/", views.staff_referral, name="match-referral"),
    path(
        "staff/matching/requests/<int:pk>/",
        views.request_detail,
        name="request-detail",
    ),
    path(
        "staff/matching/requests/<int:pk>/match/",
        views.match_create,
        name="match-create",
    ),
    path("staff/matching/matches/<int:pk>/move/", views.match_move, name="match-move"),
    path(
        "staff/matching/do-not-match/",
        views.do_not_match_list,
        name="do-not-match-list",
    ),
    path(
        "staff/matching/do-not-match/<int:pk>/remove/",
        views.do_not_match_delete,
        name="do-not-match-delete",
    ),
    path(
        "staff/mentors/<int:pk>/matching/",
        views.staff_match_profile_edit,
        name="staff-match-profile",
    ),
    # Staff: safeguarding
    path("staff/safeguarding/", views.concern_list, name="concern-list"),
    path("staff/safeguarding/<int:pk>/", views.concern_detail_view, name="concern-detail"),
    path(
        "staff/safeguarding/<int:pk>/note/",
        views.concern_update,
        name="concern-update",
    ),
]
