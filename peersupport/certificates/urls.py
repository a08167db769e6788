"""Certificates: a person's own, the public check, and the rules staff edit."""

from django.urls import path

from peersupport.certificates import views

# No app_name: included into peersupport/urls.py, so the names stay ``peersupport:...``.
urlpatterns = [
    path("certificates/", views.certificate_list, name="certificate-list"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate-detail"),
    # Public
    path("check-a-certificate/", views.certificate_verify, name="certificate-verify"),
    # Staff
    path("staff/certificate-rules/", views.rule_list, name="rule-list"),
    path("staff/certificate-rules/<int:pk>/", views.rule_edit, name="rule-edit"),
]
