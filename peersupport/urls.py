from django.urls import include, path

from peersupport import views

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
    # The features: their own urls.py, no namespace of their own.
    path("", include("peersupport.helpline.urls")),
    path("", include("peersupport.matching.urls")),
    path("", include("peersupport.expenses.urls")),
]
