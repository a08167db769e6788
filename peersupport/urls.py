from django.urls import include, path

from peersupport import views

app_name = "peersupport"

urlpatterns = [
    path("staff/", views.staff_home, name="staff-home"),
    # The features: their own urls.py, no namespace of their own.
    path("", include("peersupport.sessions.urls")),
    path("", include("peersupport.certificates.urls")),
    path("", include("peersupport.mentors.urls")),
    path("", include("peersupport.helpline.urls")),
    path("", include("peersupport.matching.urls")),
    path("", include("peersupport.expenses.urls")),
]
