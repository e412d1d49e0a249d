"""/sitemap.xml: every public page worth indexing, with absolute URLs on SITE_URL.

URLs use SITE_URL (not the request's host) so the sitemap names the same
addresses as the canonical links, whichever host name served it.
"""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from careers.models import DataSource, Occupation
from config.core.siteurl import site_url

from .pay import states_with_pay
from .selectors import categories_with_counts


def newest_import():
    """The date the newest data set was imported, or None on an empty site."""
    at = DataSource.objects.aggregate(at=Max("imported_at"))["at"]
    return at.date() if at else None


class SiteSitemap(Sitemap):
    def get_protocol(self, protocol=None):
        return urlsplit(site_url()).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(site_url()).netloc

    def lastmod(self, item):
        if not hasattr(self, "_newest_import"):
            self._newest_import = newest_import()
        return self._newest_import


class PageSitemap(SiteSitemap):
    """Home, the index and the about pages."""

    changefreq = "monthly"

    def items(self):
        return ["careers:home", "careers:index", "careers:about_data", "careers:about_ai"]

    def location(self, item):
        return reverse(item)


class CategorySitemap(SiteSitemap):
    """The index filtered by category: the canonical listing of each major group."""

    changefreq = "monthly"

    def items(self):
        return list(categories_with_counts().order_by("code"))


class CareerSitemap(SiteSitemap):
    """Every active career; inactive ones keep their page but are not advertised."""

    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return Occupation.objects.active().only("slug", "updated_on").order_by("code")

    def lastmod(self, item):
        return item.updated_on or super().lastmod(item)


class StatePaySitemap(SiteSitemap):
    """/pay/<state>/ for every state with wages."""

    changefreq = "monthly"

    def items(self):
        return sorted(states_with_pay(), key=lambda a: a.slug)

    def location(self, item):
        return reverse("careers:state_pay", args=[item.slug])


SITEMAPS = {
    "pages": PageSitemap,
    "categories": CategorySitemap,
    "careers": CareerSitemap,
    "states": StatePaySitemap,
}
