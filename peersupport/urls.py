from django.urls import path

from peersupport import views, views_expenses, views_helpline, views_matching

app_name = "peersupport"

urlpatterns = [
    # Mentors
    path("sessions/", views.occurrence_list, name="occurrence-list"),
    path("sessions/<int:pk>/", views.occurrence_detail, name="occurrence-detail"),
    path("sessions/<int:pk>/sign-up/", views.signup_create, name="signup-create"),
    path("sessions/<int:pk>/withdraw/", views.signup_withdraw, name="signup-withdraw"),
    path("my-sessions/", views.my_schedule, name="my-schedule"),
    path("certificates/", views.certificate_list, name="certificate-list"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate-detail"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/new-address/", views.calendar_regenerate, name="calendar-regenerate"),
    path("calendar/turn-off/", views.calendar_revoke, name="calendar-revoke"),
    path("calendar/<str:token>/sessions.ics", views.calendar_feed, name="calendar-feed"),
    # Helpline rota (mentors)
    path("helpline/", views_helpline.shift_list, name="shift-list"),
    path("helpline/shifts/<int:pk>/", views_helpline.shift_detail, name="shift-detail"),
    path("helpline/shifts/<int:pk>/sign-up/", views_helpline.shift_signup, name="shift-signup"),
    path("helpline/shifts/<int:pk>/drop/", views_helpline.shift_drop, name="shift-drop"),
    path("helpline/shifts/<int:pk>/offer-swap/", views_helpline.swap_offer, name="swap-offer"),
    path("helpline/swaps/<int:pk>/take/", views_helpline.swap_accept, name="swap-accept"),
    path("helpline/swaps/<int:pk>/withdraw/", views_helpline.swap_withdraw, name="swap-withdraw"),
    path(
        "helpline/when-i-cannot/",
        views_helpline.unavailability_list,
        name="unavailability-list",
    ),
    path(
        "helpline/when-i-cannot/<int:pk>/remove/",
        views_helpline.unavailability_delete,
        name="unavailability-delete",
    ),
    # Mentoring matches (members and mentors)
    path("ask-for-a-mentor/", views_matching.request_create, name="request-create"),
    path("my-requests/", views_matching.my_requests, name="my-requests"),
    path(
        "my-requests/<int:pk>/withdraw/",
        views_matching.request_withdraw,
        name="request-withdraw",
    ),
    path("mentoring/", views_matching.mentoring_home, name="mentoring"),
    path("mentoring/what-i-offer/", views_matching.match_profile_edit, name="match-profile"),
    path("mentoring/matches/<int:pk>/", views_matching.match_detail, name="match-detail"),
    path("mentoring/matches/<int:pk>/answer/", views_matching.match_respond, name="match-respond"),
    path(
        "mentoring/matches/<int:pk>/contacts/new/",
        views_matching.contact_create,
        name="contact-create",
    ),
    path("safeguarding/raise/", views_matching.concern_create, name="concern-create"),
    # Travel expenses (mentors)
    path("expenses/", views_expenses.claim_list, name="claim-list"),
    path("expenses/new/", views_expenses.claim_create, name="claim-create"),
    path("expenses/<int:pk>/", views_expenses.claim_detail, name="claim-detail"),
    path("expenses/<int:pk>/change/", views_expenses.claim_edit, name="claim-edit"),
    path("expenses/<int:pk>/send/", views_expenses.claim_submit, name="claim-submit"),
    path("expenses/<int:pk>/delete/", views_expenses.claim_delete, name="claim-delete"),
    path("expenses/<int:pk>/receipt/", views_expenses.claim_receipt, name="claim-receipt"),
    # Public
    path("check-a-certificate/", views.certificate_verify, name="certificate-verify"),
    # Minutes of the Consultation Group
    path("minutes/", views.minutes_list, name="minutes-list"),
    path("minutes/<int:pk>/", views.minutes_detail, name="minutes-detail"),
    # Staff
    path("staff/", views.staff_home, name="staff-home"),
    path("staff/mentors/", views.mentor_list, name="mentor-list"),
    path("staff/mentors/refer/", views.referral_create, name="referral-create"),
    path("staff/mentors/<int:pk>/", views.mentor_detail, name="mentor-detail"),
    path("staff/mentors/<int:pk>/assess/", views.assessment_create, name="assessment-create"),
    path(
        "staff/mentors/<int:pk>/training/", views.qualification_create, name="qualification-create"
    ),
    path("staff/mentors/<int:pk>/activate/", views.mentor_activate, name="mentor-activate"),
    path("staff/mentors/<int:pk>/pause/", views.mentor_pause, name="mentor-pause"),
    path("staff/mentors/<int:pk>/leave/", views.mentor_leave, name="mentor-leave"),
    path("staff/series/", views.series_list, name="series-list"),
    path("staff/series/new/", views.series_create, name="series-create"),
    path("staff/series/<int:pk>/", views.series_detail, name="series-detail"),
    path("staff/series/<int:pk>/edit/", views.series_edit, name="series-edit"),
    path("staff/sessions/<int:pk>/edit/", views.occurrence_edit, name="occurrence-edit"),
    path("staff/sessions/<int:pk>/cancel/", views.occurrence_cancel, name="occurrence-cancel"),
    path("staff/sessions/<int:pk>/book/", views.signup_assign, name="signup-assign"),
    path("staff/sessions/<int:pk>/attendance/", views.attendance_record, name="attendance-record"),
    path("staff/sessions/<int:pk>/minutes/", views.minutes_edit, name="minutes-edit"),
    path("staff/certificate-rules/", views.rule_list, name="rule-list"),
    path("staff/certificate-rules/<int:pk>/", views.rule_edit, name="rule-edit"),
    # Staff: helpline rota
    path("staff/helpline/", views_helpline.shift_coverage, name="shift-coverage"),
    path("staff/helpline/patterns/new/", views_helpline.pattern_create, name="pattern-create"),
    path("staff/helpline/patterns/<int:pk>/", views_helpline.pattern_edit, name="pattern-edit"),
    path(
        "staff/helpline/shifts/<int:pk>/ask-free-mentors/",
        views_helpline.shift_invite,
        name="shift-invite",
    ),
    path(
        "staff/helpline/shifts/<int:pk>/assign/", views_helpline.shift_assign, name="shift-assign"
    ),
    path(
        "staff/helpline/shifts/<int:pk>/cancel/", views_helpline.shift_cancel, name="shift-cancel"
    ),
    path("staff/helpline/rota/<int:pk>/remove/", views_helpline.shift_remove, name="shift-remove"),
    # Staff: matching
    path("staff/matching/", views_matching.matching_home, name="matching-home"),
    path("staff/matching/refer/", views_matching.staff_referral, name="match-referral"),
    path(
        "staff/matching/requests/<int:pk>/",
        views_matching.request_detail,
        name="request-detail",
    ),
    path(
        "staff/matching/requests/<int:pk>/match/",
        views_matching.match_create,
        name="match-create",
    ),
    path("staff/matching/matches/<int:pk>/move/", views_matching.match_move, name="match-move"),
    path(
        "staff/matching/do-not-match/",
        views_matching.do_not_match_list,
        name="do-not-match-list",
    ),
    path(
        "staff/matching/do-not-match/<int:pk>/remove/",
        views_matching.do_not_match_delete,
        name="do-not-match-delete",
    ),
    path(
        "staff/mentors/<int:pk>/matching/",
        views_matching.staff_match_profile_edit,
        name="staff-match-profile",
    ),
    # Staff: safeguarding
    path("staff/safeguarding/", views_matching.concern_list, name="concern-list"),
    path("staff/safeguarding/<int:pk>/", views_matching.concern_detail_view, name="concern-detail"),
    path(
        "staff/safeguarding/<int:pk>/note/",
        views_matching.concern_update,
        name="concern-update",
    ),
    # Staff: travel expenses
    path("staff/expenses/", views_expenses.expenses_staff, name="expenses-staff"),
    path("staff/expenses/<int:pk>/decide/", views_expenses.claim_decide, name="claim-decide"),
    path("staff/expenses/paid/", views_expenses.claims_mark_paid, name="claims-mark-paid"),
    path("staff/expenses/export/", views_expenses.expenses_export, name="expenses-export"),
    path("staff/expenses/mileage-rates/", views_expenses.mileage_rates, name="mileage-rates"),
]
