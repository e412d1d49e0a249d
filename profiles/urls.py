from django.contrib.sitemaps.views import sitemap
from django.urls import path

from config.core.pagecache import public_page

from . import explore_views, views
from .sitemaps import SITEMAPS

app_name = "careers"

urlpatterns = [
    path("", views.home, name="home"),
    path("careers/", views.career_index, name="index"),
    path("careers/<str:key>/", views.career_detail, name="detail"),
    path("careers/<slug:slug>/feedback/", views.feedback, name="feedback"),
    path("careers/<slug:slug>/feedback/thanks/", views.feedback_thanks, name="feedback_thanks"),
    path("careers/<slug:slug>/changes/", views.changes, name="changes"),
    path("about/data/", views.about_data, name="about_data"),
    path("about/ai-resilience/", views.about_ai_resilience, name="about_ai"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("healthz", views.healthz, name="healthz"),
    path("careers/<slug:slug>/pay/", views.area_pay, name="area_pay"),
    path("pay/", views.state_index, name="state_index"),
    path("pay/<slug:slug>/", views.state_pay, name="state_pay"),
    path("compare/", views.compare, name="compare"),
    # Open data. No clash with careers/<key>/ above: that one ends in a slash.
    path("careers/<str:key>.json", views.career_json, name="detail_json"),
    path("careers.csv", views.catalog_csv, name="catalog_csv"),
    path(
        "sitemap.xml",
        # Django's sitemap view reads ?p= (the page of a long sitemap).
        public_page(sitemap, params=("p",), defaults={"p": "1"}),
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("explore/interests/", explore_views.interest_profiler, name="interests"),
    path("explore/interests/results/", explore_views.interest_results, name="interest_results"),
    path("explore/interests/how-it-works/", explore_views.interest_method, name="interest_method"),
    path("explore/interests/items.json", explore_views.interest_items_json, name="interest_items"),
    path("careers/<slug:slug>/moves/", explore_views.moves, name="moves"),
    path("search/", views.search, name="search"),
    path("search/suggest.json", views.suggest, name="suggest"),
]
