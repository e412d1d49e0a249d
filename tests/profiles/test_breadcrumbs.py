"""Every page below home says where it is: one trail, the current page marked last."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

IPM = "/careers/industrial-production-managers/"
MANAGEMENT = "/careers/?category=management"


def crumbs(html):
    """(text, href, is current) for each link of the page's breadcrumb trail."""
    nav = re.search(r'<nav class="breadcrumb" aria-label="Breadcrumb">(.*?)</nav>', html, re.S)
    assert nav, "no breadcrumb trail"
    assert html.count('aria-label="Breadcrumb"') == 1
    return [
        (text.strip(), href, bool(current))
        for href, current, text in re.findall(
            r'<a href="([^"]*)"( aria-current="page")?>([^<]*)</a>', nav.group(1)
        )
    ]


def trail(*pairs):
    """Expected crumbs: the last pair is the current page."""
    return [(name, url, i == len(pairs) - 1) for i, (name, url) in enumerate(pairs)]


HOME, CAREERS = ("Home", "/"), ("Careers", "/careers/")
CAREER = ("Industrial Production Managers", IPM)


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/careers/", trail(HOME, CAREERS)),
        (MANAGEMENT, trail(HOME, CAREERS, ("Management", MANAGEMENT))),
        (IPM, trail(HOME, CAREERS, ("Management", MANAGEMENT), CAREER)),
        (
            IPM + "changes/",
            trail(HOME, CAREERS, ("Management", MANAGEMENT), CAREER, ("Changes", IPM + "changes/")),
        ),
        (
            IPM + "feedback/",
            trail(
                HOME,
                CAREERS,
                ("Management", MANAGEMENT),
                CAREER,
                ("Improve this page", IPM + "feedback/"),
            ),
        ),
        (
            "/compare/?c=11-3051.00",
            trail(HOME, CAREERS, ("Compare", "/compare/?c=11-3051.00")),
        ),
    ],
)
def test_trail(client, demo, path, expected):
    assert crumbs(client.get(path).content.decode()) == expected


def test_a_rejected_form_keeps_its_trail(client, demo):
    response = client.post(IPM + "feedback/", {"message": ""})
    assert response.status_code == 200 and b'aria-invalid="true"' in response.content
    html = response.content.decode()
    assert crumbs(html)[-1] == ("Improve this page", IPM + "feedback/", True)


@pytest.mark.parametrize("path", ["/", "/search/?q=nurse", "/about/data/", "/pay/"])
def test_top_level_pages_have_no_trail(client, demo, path):
    assert 'aria-label="Breadcrumb"' not in client.get(path).content.decode()


def _path(url):
    assert url.startswith(settings.SITE_URL), url  # absolute, on the site's own address
    return url.removeprefix(settings.SITE_URL)


def test_trail_and_its_structured_data_agree(client, demo):
    html = client.get(IPM).content.decode()
    ld = re.search(r'"@type": ?"BreadcrumbList".*?\]', html, re.S).group(0)
    names = re.findall(r'"name": ?"([^"]+)"', ld)
    items = [_path(u) for u in re.findall(r'"item": ?"([^"]+)"', ld)]
    assert list(zip(names, items, strict=True)) == [(name, url) for name, url, _ in crumbs(html)]
    assert reverse("careers:detail", args=["industrial-production-managers"]) == items[-1]
