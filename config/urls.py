from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.core.security import admin_login

urlpatterns = [
    # Resolves before the admin's own "login/" (reverse("admin:login") gives the same path).
    path(f"{settings.ADMIN_URL}login/", admin_login, name="admin_login_limited"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("profiles.urls")),
]

handler404 = "profiles.views.page_not_found"
handler500 = "profiles.views.server_error"
