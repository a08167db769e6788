from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from core import views as core_views

# The admin's own login is replaced by allauth's, so rate limits and 2FA apply there too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]  # allauth documents wrapping it
admin.site.site_header = settings.SERVICE_NAME
admin.site.site_title = settings.SERVICE_NAME

urlpatterns = [
    path("", include("core.urls")),
    path("", include("users.urls")),
    path("council/", include("council.urls")),
    path("consultations/", include("consultations.urls")),
    path("peer-support/", include("peersupport.urls")),
    path("action-plan/", include("actionplan.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
]

handler400 = core_views.error_400
handler403 = core_views.error_403
handler404 = core_views.error_404
handler500 = core_views.error_500
