"""The header, the home page's ways in, and numbered pages: how readers move around."""

import re

import pytest


@pytest.mark.django_db
def test_header_names_the_main_destinations_in_order(client):
    html = client.get("/about/data/").content.decode()
    nav = re.search(r'<nav aria-label="Main">(.*?)</nav>', html, re.S).group(1)
    links = re.findall(r'<a href="([^"]+)">([^<]+)</a>', nav)
    assert links == [
        ("/careers/", "Careers"),
        ("/compare/", "Compare"),
        ("/pay/", "Pay by state"),
        ("/about/ai-resilience/", "AI resilience"),
        ("/about/data/", "About"),
    ]
    assert html.count('type="search"') == 1  # the header's box


def test_home_has_one_search_box_and_clear_ways_in(demo, client):
    html = client.get("/").content.decode()
    assert html.count('type="search"') == 1 and 'id="home-search"' in html
    paths = re.search(r'<nav class="paths" aria-label="Ways in">(.*?)</nav>', html, re.S).group(1)
    assert 'href="#categories-h"' in paths and 'href="/compare/"' in paths
    assert 'href="/careers/"' in paths and 'href="/pay/"' in paths


def test_index_pages_are_numbered_with_gaps(client, make_occupation, monkeypatch):
    monkeypatch.setattr("profiles.views.PAGE_SIZE", 2)
    for i in range(1, 26):
        make_occupation(code=f"15-{1000 + i}.00", title=f"Career {i:03d}", slug=f"career-{i}")
    html = client.get("/careers/", {"page": 7}).content.decode()
    nav = re.search(r'<nav class="pagination" aria-label="Pages">(.*?)</nav>', html, re.S).group(1)
    assert '<span aria-current="page">7</span>' in nav
    numbers = re.findall(r'page=(\d+)"><span class="visually-hidden">Page </span>\d+</a>', nav)
    assert "Page 7 of 13" in nav
    assert numbers == ["1", "5", "6", "8", "9", "13"]  # 1 … 5 6 [7] 8 9 … 13
    assert nav.count('class="ellipsis"') == 2
    assert 'rel="prev"' in nav and 'rel="next"' in nav
