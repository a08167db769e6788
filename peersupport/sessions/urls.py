"""Sessions: signing up, my sessions, the calendar feed, minutes, and staff running series."""

from django.urls import path

from peersupport.sessions import views

# No app_name: included into peersupport/urls.py, so the names stay ``peersupport:...``.
urlpatterns = [
    # Mentors
    path("sessions/", views.occurrence_list, name="occurrence-list"),
    path("sessions/<int:pk>/", views.occurrence_detail, name="occurrence-detail"),
    path("sessions/<int:pk>/sign-up/", views.signup_create, name="signup-create"),
    path("sessions/<int:pk>/withdraw/", views.signup_withdraw, name="signup-withdraw"),
    path("my-sessions/", views.my_schedule, name="my-schedule"),
    path("calendar/", views.calendar_settings, name="calendar"),
    path("calendar/new-address/", views.calendar_regenerate, name="calendar-regenerate"),
    path("calendar/turn-off/", views.calendar_revoke, name="calendar-revoke"),
    path("calendar/<str:token>/sessions.ics", views.calendar_feed, name="calendar-feed"),
    # Minutes of the Consultation Group
    path("minutes/", views.minutes_list, name="minutes-list"),
    path("minutes/<int:pk>/", views.minutes_detail, name="minutes-detail"),
    # Staff
    path("staff/series/", views.series_list, name="series-list"),
    path("staff/series/new/", views.series_create, name="series-create"),
    path("staff/series/<int:pk>/", views.series_detail, name="series-detail"),
    path("staff/series/<int:pk>/edit/", views.series_edit, name="series-edit"),
    path("staff/sessions/<int:pk>/edit/", views.occurrence_edit, name="occurrence-edit"),
    path("staff/sessions/<int:pk>/cancel/", views.occurrence_cancel, name="occurrence-cancel"),
    path("staff/sessions/<int:pk>/book/", views.signup_assign, name="signup-assign"),
    path("staff/sessions/<int:pk>/attendance/", views.attendance_record, name="attendance-record"),
    path("staff/sessions/<int:pk>/minutes/", views.minutes_edit, name="minutes-edit"),
]
