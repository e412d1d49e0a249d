"""Links that travel: canonical URLs, Open Graph / Twitter tags, JSON-LD, sitemap, copy link."""

import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.urls import reverse

from careers.models import Category, Occupation, Task
from profiles.views import PAGE_SIZE
from salaries.models import Area, Wage

IPM = "11-3051.00"
SITE = "http://127.0.0.1:8000"
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


class HeadParser(HTMLParser):
    """Collects <meta>, <link rel=canonical> and <script> tags of a page."""

    def __init__(self):
        super().__init__()
        self.meta = {}
        self.canonical = []
        self.scripts = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta":
            key = a.get("property") or a.get("name")
            if key:
                self.meta[key] = a.get("content")
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a["href"])
        elif tag == "script":
            self._script = {"attrs": a, "text": ""}
            self.scripts.append(self._script)

    def handle_data(self, data):
        if self._script is not None:
            self._script["text"] += data

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def parse(response) -> HeadParser:
    assert response.status_code == 200
    parser = HeadParser()
    parser.feed(response.content.decode())
    return parser


def ld_blocks(parser) -> list[dict]:
    return [
        json.loads(s["text"])
        for s in parser.scripts
        if s["attrs"].get("type") == "application/ld+json"
    ]


@pytest.fixture
def ipm(demo):
    return Occupation.objects.get(code=IPM)


def newest_wage(occ):
    return Wage.objects.filter(occupation=occ, area__kind="national").order_by("-release_year")[0]


# --- canonical URLs ---------------------------------------------------------------


def test_index_canonical_keeps_meaningful_params_in_a_fixed_order(client, many):
    url = reverse("careers:index")
    cat = Category.objects.get(code="15").slug
    messy = (
        f"utm_source=news&zone=3&fbclid=abc&sort=pay&category={cat}&ai=high"
        "&education=&gclid=x&outlook=bright"
    )
    reordered = f"outlook=bright&sort=pay&ai=high&zone=3&category={cat}"
    got = canonical_of(client, f"{url}?{messy}")
    assert got == canonical_of(client, f"{url}?{reordered}")
    query = got.split("?", 1)[1]
    for name in ("utm_source", "fbclid", "gclid", "education"):
        assert f"{name}=" not in query
    for pair in (f"category={cat}", "outlook=bright", "ai=high", "zone=3", "sort=pay"):
        assert pair in query.split("&")
    assert canonical_of(client, f"{url}?page=1&utm_medium=email") == f"{SITE}/careers/"


@pytest.fixture
def many(make_occupation):
    for i in range(PAGE_SIZE + 3):
        make_occupation(code=f"15-{1000 + i}.00", title=f"Analyst {i:02d}")


def canonical_of(client, url, params=None):
    parser = parse(client.get(url, params or {}))
    assert len(parser.canonical) == 1
    assert parser.meta["og:url"] == parser.canonical[0]
    return parser.canonical[0]


def test_index_canonical_drops_tracking_and_page_one(client, many):
    cat = Category.objects.get(code="15")
    url = reverse("careers:index")
    got = canonical_of(client, url, {"utm_source": "x", "category": cat.slug, "page": "1"})
    assert got == f"{SITE}/careers/?category={cat.slug}"
    assert canonical_of(client, url, {"fbclid": "abc"}) == f"{SITE}/careers/"


def test_index_canonical_names_the_page_actually_shown(client, many):
    url = reverse("careers:index")
    assert canonical_of(client, url, {"page": "2"}) == f"{SITE}/careers/?page=2"
    # Out of range falls back to the last page (2); junk falls back to page 1.
    assert canonical_of(client, url, {"page": "999"}) == f"{SITE}/careers/?page=2"
    assert canonical_of(client, url, {"page": "abc"}) == f"{SITE}/careers/"


def test_career_canonical_ignores_query_strings(client, ipm):
    got = canonical_of(client, ipm.get_absolute_url(), {"utm_campaign": "x", "ref": "mail"})
    assert got == f"{SITE}{ipm.get_absolute_url()}"


# --- Open Graph and Twitter cards on every public page ------------------------------

SHARE_TAGS = [
    "description",
    "og:title",
    "og:description",
    "og:url",
    "og:type",
    "og:site_name",
    "og:image",
    "twitter:card",
    "twitter:title",
    "twitter:description",
]


def public_pages(occ):
    return [
        reverse("careers:home"),
        reverse("careers:index"),
        occ.get_absolute_url(),
        reverse("careers:changes", args=[occ.slug]),
        reverse("careers:feedback", args=[occ.slug]),
        reverse("careers:about_data"),
        reverse("careers:about_ai"),
    ]


def test_every_public_page_has_open_graph_and_twitter_tags(client, ipm):
    image = f"{SITE}/static/img/share-card.png"
    assert (Path(settings.BASE_DIR) / "static" / "img" / "share-card.png").is_file()
    for url in public_pages(ipm):
        meta = parse(client.get(url)).meta
        for tag in SHARE_TAGS:
            assert meta.get(tag), f"{url} lacks {tag}"
        assert meta["og:site_name"] == settings.SITE_NAME
        assert meta["og:image"] == image
        assert meta["og:url"].startswith(SITE + "/")
        assert meta["twitter:card"] == "summary_large_image"
        assert meta["twitter:title"] == meta["og:title"], url
        assert meta["twitter:description"] == meta["og:description"], url


def test_career_share_description_carries_the_national_median(client, ipm):
    meta = parse(client.get(ipm.get_absolute_url())).meta
    wage = newest_wage(ipm)
    expected = (
        f"national median pay ${wage.annual_median:,} a year (BLS OEWS May {wage.release_year})"
    )
    for tag in ("description", "og:description", "twitter:description"):
        assert expected in meta[tag], tag
    assert meta["og:title"] == meta["twitter:title"] == ipm.title
    assert meta["og:type"] == "article"


def test_other_pages_fall_back_to_their_title_and_description(client, db):
    meta = parse(client.get(reverse("careers:about_data"))).meta
    assert meta["og:title"].startswith("About the data")
    assert meta["og:description"] == meta["description"]
    assert meta["og:type"] == "website"


# --- JSON-LD ------------------------------------------------------------------------


def test_career_jsonld_is_an_occupation_with_salary_percentiles(client, ipm):
    blocks = ld_blocks(parse(client.get(ipm.get_absolute_url())))
    occ = next(b for b in blocks if b["@type"] == "Occupation")
    url = f"{SITE}{ipm.get_absolute_url()}"
    wage = newest_wage(ipm)
    assert occ["@context"] == "https://schema.org"
    assert occ["name"] == ipm.title
    assert occ["url"] == url and occ["mainEntityOfPage"]["@id"] == url
    assert occ["sameAs"] == f"https://www.onetonline.org/link/summary/{IPM}"
    onet = occ["occupationalCategory"][0]
    assert onet["@type"] == "CategoryCode" and onet["codeValue"] == IPM
    assert onet["inCodeSet"]["name"] == "O*NET-SOC"
    assert occ["occupationLocation"] == [{"@type": "Country", "name": "US"}]
    annual = occ["estimatedSalary"][0]
    assert annual["@type"] == "MonetaryAmountDistribution"
    assert annual["currency"] == "USD" and annual["duration"] == "P1Y"
    assert [annual[k] for k in ("percentile10", "percentile25", "median")] == [
        wage.annual_p10,
        wage.annual_p25,
        wage.annual_median,
    ]
    assert [annual["percentile75"], annual["percentile90"]] == [wage.annual_p75, wage.annual_p90]
    assert f"BLS OEWS May {wage.release_year}" in annual["name"]
    assert "National" in annual["description"]
    hourly = occ["estimatedSalary"][1]
    assert hourly["duration"] == "PT1H" and hourly["median"] == float(wage.hourly_median)
    education = occ["educationRequirements"]
    assert education["@type"] == "EducationalOccupationalCredential"
    assert education["name"] == ipm.education.typical_education
    assert education["credentialCategory"] == "bachelor degree"
    assert occ["experienceRequirements"]["@type"] == "OccupationalExperienceRequirements"
    core = list(ipm.tasks.filter(kind="core").order_by("position", "id"))
    assert occ["responsibilities"] == [t.statement for t in core]
    assert occ["skills"] and all(s["@type"] == "DefinedTerm" for s in occ["skills"])
    assert occ["alternateName"] and len(occ["alternateName"]) <= 10


def test_career_jsonld_breadcrumb(client, ipm):
    blocks = ld_blocks(parse(client.get(ipm.get_absolute_url())))
    crumbs = next(b for b in blocks if b["@type"] == "BreadcrumbList")["itemListElement"]
    assert [c["name"] for c in crumbs] == ["Home", "Careers", "Management", ipm.title]
    assert [c["position"] for c in crumbs] == [1, 2, 3, 4]
    assert crumbs[-1]["item"] == f"{SITE}{ipm.get_absolute_url()}"


def test_jsonld_cannot_break_out_of_its_script_element(client, make_occupation):
    title = "Evil </script><script>alert(1)</script> & <!-- co"
    occ = make_occupation(title=title, description="Ends </SCRIPT > here")
    Task.objects.create(occupation=occ, statement="</script><img src=x onerror=alert(2)>")
    response = client.get(occ.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    parser = parse(response)
    # Only the page's own scripts: two JSON-LD blocks and the copy-link file.
    kinds = [s["attrs"].get("type") or s["attrs"].get("src") for s in parser.scripts]
    # Two data blocks; every other script is an external file (the CSP allows no inline code).
    assert kinds.count("application/ld+json") == 2
    assert "/static/js/copy-link.js" in kinds
    assert all(k == "application/ld+json" or k.startswith("/static/js/") for k in kinds)
    occ_ld = ld_blocks(parser)[0]
    assert occ_ld["name"] == title
    assert occ_ld["description"] == "Ends </SCRIPT > here"
    assert occ_ld["responsibilities"] == ["</script><img src=x onerror=alert(2)>"]


def test_career_without_wages_has_no_salary_in_jsonld(client, make_occupation):
    occ = make_occupation()
    occ_ld = ld_blocks(parse(client.get(occ.get_absolute_url())))[0]
    assert occ_ld["@type"] == "Occupation" and "estimatedSalary" not in occ_ld


def test_top_coded_percentiles_are_flagged_in_jsonld(client, make_occupation):
    occ = make_occupation(code="11-1011.00", title="Chief Executives")
    area = Area.objects.create(kind="national", code="99", name="United States", slug="us")
    Wage.objects.create(
        occupation=occ,
        area=area,
        release_year=2024,
        soc_code="11-1011",
        annual_p10=80000,
        annual_median=206000,
        annual_p90=239200,
        top_coded=["annual_p90"],
        annual_only=True,
    )
    salaries = ld_blocks(parse(client.get(occ.get_absolute_url())))[0]["estimatedSalary"]
    assert len(salaries) == 1  # annual only: no hourly distribution
    # "#" is a floor, not a figure: no value is claimed, the description says "or more".
    assert "percentile90" not in salaries[0]
    assert salaries[0]["median"] == 206000
    assert "percentile90: $239,200 or more (BLS top code" in salaries[0]["description"]
    assert "percentile25" not in salaries[0]


# --- copy-link button ---------------------------------------------------------------


def test_career_page_has_a_copy_link_box_that_works_without_js(client, ipm):
    html = client.get(ipm.get_absolute_url()).content.decode()
    box = re.search(r"<div class=\"share-link\" data-copy-link>.*?</div>\s*</div>", html, re.S)
    assert box, "copy-link box missing"
    box = box.group(0)
    url = f"{SITE}{ipm.get_absolute_url()}"
    assert '<label for="share-url">Link to this page</label>' in box
    assert re.search(rf'<input id="share-url"[^>]* value="{re.escape(url)}" readonly>', box)
    assert re.search(r'<button type="button" class="copy-link" hidden>Copy link</button>', box)
    assert 'role="status" aria-live="polite"' in box
    assert '<script src="/static/js/copy-link.js" defer></script>' in html
    assert " onclick=" not in html and "style=" not in html


def test_career_page_links_its_open_data(client, ipm):
    html = client.get(ipm.get_absolute_url()).content.decode()
    json_url = reverse("careers:detail_json", args=[ipm.slug])
    assert (
        f'<a href="{json_url}" type="application/json">Download this page\'s data (JSON)</a>'
        in html.replace("&#39;", "'")
    )
    assert f'href="{reverse("careers:catalog_csv")}"' in html


# --- sitemap and robots.txt ---------------------------------------------------------


def sitemap_urls(client) -> dict[str, str | None]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return {
        u.findtext("s:loc", namespaces=SITEMAP_NS): u.findtext("s:lastmod", namespaces=SITEMAP_NS)
        for u in root.findall("s:url", SITEMAP_NS)
    }


def test_sitemap_lists_every_active_career_and_no_inactive_one(client, demo, make_occupation):
    gone = make_occupation(is_active=False, title="Retired Occupation")
    urls = sitemap_urls(client)
    active = list(Occupation.objects.active())
    assert len(active) >= 22
    for occ in active:
        loc = f"{SITE}{occ.get_absolute_url()}"
        assert loc in urls, occ.slug
        assert urls[loc] == occ.updated_on.isoformat()
    assert f"{SITE}{gone.get_absolute_url()}" not in urls
    career_locs = [u for u in urls if re.match(rf"{SITE}/careers/[^/?]+/$", u)]
    assert len(career_locs) == len(active)
    for name in ("home", "index", "about_data", "about_ai"):
        assert f"{SITE}{reverse(f'careers:{name}')}" in urls
    assert f"{SITE}/careers/?category=management" in urls


def test_sitemap_lastmod_falls_back_to_the_newest_import(client, make_occupation):
    from django.utils import timezone

    from careers.models import DataSource

    occ = make_occupation(updated_on=None)
    DataSource.objects.create(key="x", name="X", imported_at=timezone.now())
    urls = sitemap_urls(client)
    assert urls[f"{SITE}{occ.get_absolute_url()}"] == timezone.now().date().isoformat()


def test_sitemap_lists_the_state_pages_of_states_with_wages(client, demo):
    with_wages = Area.objects.create(kind="state", code="06", name="California", slug="california")
    Area.objects.create(kind="state", code="02", name="Alaska", slug="alaska")
    occ = Occupation.objects.get(code=IPM)
    Wage.objects.create(occupation=occ, area=with_wages, release_year=2024, soc_code="11-3051")
    urls = sitemap_urls(client)
    assert f"{SITE}/pay/california/" in urls
    assert f"{SITE}/pay/alaska/" not in urls


def test_sitemap_query_count(client, demo, django_assert_num_queries):
    # pages 1 (newest import date), categories 2 (items, lastmod), careers 1 (each row
    # carries updated_on), states 2: the same for 22 careers or a thousand.
    with django_assert_num_queries(6):
        assert client.get("/sitemap.xml").status_code == 200


def test_robots_txt_points_to_the_sitemap(client, db):
    text = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {SITE}/sitemap.xml" in text.splitlines()
    # The admin is not named: robots.txt would reveal a non-default ADMIN_URL.
    assert "admin" not in text and "Disallow: /*/feedback/" in text


# --- og:url follows a page's own canonical; copy link on the compare page ------------


def test_og_url_follows_a_canonical_built_by_the_view(client, many):
    # The index builds its canonical from cleaned filters (bad values dropped): og:url
    # and twitter tags must name that same address, not the raw query string.
    params = {"category": "computer-and-mathematical", "zone": "4", "pay_min": "abc", "x": "1"}
    parser = parse(client.get(reverse("careers:index"), params))
    assert parser.meta["og:url"] == parser.canonical[0]
    assert "pay_min" not in parser.canonical[0] and "x=1" not in parser.canonical[0]


def test_compare_page_has_a_copy_link_to_its_canonical_address(client, demo):
    response = client.get(reverse("careers:compare"), {"c": f"{IPM},29-1141.00", "utm_x": "1"})
    parser = parse(response)
    url = parser.canonical[0]
    assert url == f"{SITE}/compare/?c={IPM},29-1141.00" and parser.meta["og:url"] == url
    html = response.content.decode()
    assert re.search(rf'<input id="share-url"[^>]* value="{re.escape(url)}" readonly>', html)
    assert '<button type="button" class="copy-link" hidden>Copy link</button>' in html
    assert '<script src="/static/js/copy-link.js" defer></script>' in html


def test_compare_page_with_one_career_has_nothing_to_share_yet(client, demo):
    html = client.get(reverse("careers:compare"), {"c": IPM}).content.decode()
    assert "data-copy-link" not in html


def test_search_canonical_is_the_cleaned_query(client, many):
    # Was a Python repr: ?q=Query%28text%3D%27analyst%27...
    url = reverse("careers:search")
    got = canonical_of(client, url, {"q": "  analyst \t", "page": "2", "utm_source": "x"})
    assert got == f"{SITE}/search/?q=analyst&page=2"
    assert canonical_of(client, url, {"q": "analyst"}) == f"{SITE}/search/?q=analyst"
    assert canonical_of(client, url) == f"{SITE}/search/"


def test_descriptions_fit_in_160_characters_cut_at_a_space(client, ipm):
    from profiles.templating import meta_text

    assert meta_text("Short and\n   sweet.") == "Short and sweet."
    long = "Pay &amp; training " + "word " * 60
    cut = meta_text(long)
    seen = html.unescape(cut)
    assert 150 <= len(seen) <= 160 and seen.endswith(" word\u2026")
    assert ("Pay & training " + "word " * 60).startswith(seen[:-1])  # cut at a space
    assert cut.startswith("Pay &amp; training ")  # the entity counts as one character, kept whole
    for url in public_pages(ipm):
        meta = parse(client.get(url)).meta
        assert len(meta["description"]) <= 160, url
        assert meta["og:description"] == meta["twitter:description"] == meta["description"]
