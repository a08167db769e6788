from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("words-we-use/", views.glossary_page, name="glossary"),
    path("healthz", views.healthz, name="healthz"),
    path("session/keep-alive/", views.session_keepalive, name="session-keepalive"),
    path("session/timed-out/", views.session_timeout, name="session-timeout"),
    path("messages/", views.inbox, name="inbox"),
    path("messages/read/", views.inbox_mark_read, name="inbox-read"),
    path("audit-log/", views.audit_log, name="audit-log"),
    path("jobs/<uuid:public_id>/", views.job_status, name="job"),
    path("jobs/<uuid:public_id>/download/", views.job_download, name="job-download"),
]
