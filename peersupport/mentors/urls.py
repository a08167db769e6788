"""The mentor lifecycle (staff): referral, assessment, training, pause, leaving."""

from django.urls import path

from peersupport.mentors import views

# No app_name: included into peersupport/urls.py, so the names stay ``peersupport:...``.
urlpatterns = [
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
]
