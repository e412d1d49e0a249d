from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from config.core.security import admin_login

# The admin names the site it runs, not "Django administration".
admin.site.site_header = f"{settings.SITE_NAME}: moderation and content"
admin.site.site_title = f"{settings.SITE_NAME} admin"
admin.site.index_title = "Moderation queue and career content"

urlpatterns = [
    # Resolves before the admin's own "login/" (reverse("admin:login") gives the same path).
    path(f"{settings.ADMIN_URL}login/", admin_login, name="admin_login_limited"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("profiles.urls")),
]

handler404 = "profiles.views.page_not_found"
handler500 = "profiles.views.server_error"
