from django.conf import settings
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path(settings.ADMIN_URL, admin.site.urls),
    path("", include("profiles.urls")),
]

handler404 = "profiles.views.page_not_found"
handler500 = "profiles.views.server_error"
