"""The interest profiler, its results and the skill moves, on the demo data set."""

import json
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.urls import reverse

from careers import matching
from careers.matching import RIASEC
from careers.models import InterestProfile, Occupation, SkillMove
from careers.services import refresh_derived
from profiles import explore

IPM = "11-3051.00"
RESULTS = reverse("careers:interest_results")
PROFILER = reverse("careers:interests")


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def ranked_titles(html: str) -> list[str]:
    block = re.search(r'<ol class="cards match-list".*?</ol>', html, re.S)
    return (
        re.findall(r'class="card-title" href="[^"]+">([^<]+)</a>', block.group(0)) if block else []
    )


def answer_all(client, answer_for) -> str:
    """Walk every page of the profiler as a browser without JavaScript does (each submit
    a GET of the page's own fields plus the hidden answers so far); the redirect URL."""
    response = client.get(PROFILER)
    for page in range(1, explore.PAGES + 1):
        html = text(response)
        hidden = dict(re.findall(r'<input type="hidden" name="(a|p)" value="([^"]*)"', html))
        assert hidden["p"] == str(page)
        params = {**hidden, "go": "next"}
        for item in explore.page_items(page):
            params[item.field] = answer_for(item)
        response = client.get(PROFILER, params)
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]
    return response["Location"]


def pure(letter):
    return lambda item: explore.LIKE if item.letter == letter else explore.DISLIKE


# -- the items and the arithmetic -------------------------------------------------------------


def test_items_are_our_own_short_statements_six_or_more_per_type():
    assert len(explore.ITEMS) <= 60
    for letter in RIASEC:
        assert sum(1 for i in explore.ITEMS if i.letter == letter) >= 6
    texts = [i.text for i in explore.ITEMS]
    assert len(set(texts)) == len(texts)
    assert all(len(t) <= 70 for t in texts)
    # Each page mixes the types: two of each on every page.
    for page in range(1, explore.PAGES + 1):
        letters = [i.letter for i in explore.page_items(page)]
        assert sorted(letters) == sorted(RIASEC * 2)


def test_scores_count_two_per_like_and_one_per_not_sure():
    answers = "".join(
        explore.LIKE if i.letter == "R" else explore.UNSURE if i.letter == "I" else explore.DISLIKE
        for i in explore.ITEMS
    )
    assert explore.score_answers(answers) == {"R": 20, "I": 10, "A": 0, "S": 0, "E": 0, "C": 0}


def test_pearson_is_symmetric_and_undefined_for_a_flat_profile():
    a, b = [5, 1, 2, 7, 3, 3], [4, 2, 2, 6, 1, 5]
    assert matching.pearson(a, b) == pytest.approx(matching.pearson(b, a))
    assert matching.pearson(a, a) == pytest.approx(1.0)
    assert matching.pearson(a, [10 * x + 3 for x in a]) == pytest.approx(1.0)  # scale-free
    assert matching.pearson([3] * 6, a) is None


def test_high_point_code_breaks_ties_in_riasec_order():
    assert matching.high_point_code([1, 5, 5, 2, 0, 0]) == "IAS"
    profile = explore.Profile(dict(zip(RIASEC, [1, 5, 5, 2, 0, 0], strict=True)), "scores")
    assert profile.ties == ["I"]


def test_rank_by_interest_is_the_rounded_pearson_correlation():
    person = [3, 14, 9, 18, 5, 2]
    careers = [("a", [1.2, 4.1, 2.2, 6.5, 2.0, 1.1]), ("b", [6.0, 2.0, 1.0, 1.5, 3.0, 4.0])]
    ranked = matching.rank_by_interest(person, careers)
    assert [key for _r, key in ranked] == ["a", "b"]
    for r, key in ranked:
        assert r == round(matching.pearson(person, dict(careers)[key]), 4)
    assert matching.rank_by_interest([2] * 6, careers) == []


def test_closest_careers_uses_each_pair_once_in_both_directions():
    vectors = {
        1: [0.1, 0.9, 0.4, 0.3],
        2: [0.2, 0.8, 0.5, 0.1],
        3: [0.9, 0.1, 0.2, 0.7],
        4: [0.5, 0.5, 0.9, 0.2],
    }
    closest = matching.closest_careers(vectors, keep=3)
    sims = {(a, b): s for a, row in closest.items() for b, s in row}
    for (a, b), s in sims.items():
        assert sims[(b, a)] == s
        assert s == round(matching.pearson(vectors[a], vectors[b]), 4)
    assert closest[1][0][0] == 2


def test_closest_careers_keep_the_best_with_ties_to_the_lower_id_and_skip_flat_profiles():
    import random

    rng = random.Random(7)
    vectors = {i: [rng.choice((0.0, 0.25, 0.5, 1.0)) for _ in range(6)] for i in range(1, 60)}
    vectors[60] = [0.5] * 6  # flat: no shape, so it matches nothing and nothing matches it
    vectors[61] = list(vectors[5])  # a twin: correlation 1 with 5
    closest = matching.closest_careers(vectors, keep=5)

    assert 60 not in closest and all(60 not in {b for b, _ in row} for row in closest.values())
    assert closest[5][0] == (61, 1.0) and closest[61][0] == (5, 1.0)
    for a, row in closest.items():
        everyone = sorted(
            (-round(matching.pearson(vectors[a], vectors[b]), 4), b)
            for b in vectors
            if b != a and not matching.is_flat(vectors[b])
        )
        assert row == [(b, -s) for s, b in everyone[:5]]


# -- the profiler, without JavaScript ---------------------------------------------------------


@pytest.mark.django_db
def test_answering_redirects_to_a_results_url_holding_only_the_scores(client, demo):
    location = answer_all(client, pure("S"))
    url = urlsplit(location)
    assert url.path == RESULTS
    assert parse_qsl(url.query) == [(x, "20" if x == "S" else "0") for x in RIASEC]


@pytest.mark.django_db
def test_direct_entry_gives_the_same_ranking_as_answering(client, demo):
    location = answer_all(client, pure("R"))
    answered = ranked_titles(text(client.get(location)))
    direct = ranked_titles(text(client.get(RESULTS + "?R=20&I=0&A=0&S=0&E=0&C=0")))
    assert answered and answered == direct
    # The same shape on another scale ranks the same.
    assert ranked_titles(text(client.get(RESULTS + "?R=40&I=1&A=1&S=1&E=1&C=1"))) == direct


@pytest.mark.django_db
def test_a_page_with_missing_answers_comes_back_with_errors_and_keeps_the_rest(client, demo):
    first = explore.page_items(1)
    params = {"a": "", "p": "1", "go": "next", first[0].field: explore.LIKE}
    html = text(client.get(PROFILER, params))
    assert f"{len(first) - 1} activities have no answer yet" in html
    assert html.count("Choose like, not sure or dislike.") == len(first) - 1
    assert re.search(rf'name="{first[0].field}" value="2"[^>]* checked>', html)
    assert 'name="p" value="1"' in html


@pytest.mark.django_db
def test_previous_page_keeps_answers_and_bad_answer_strings_are_cleared(client, demo):
    answers = explore.LIKE * 12
    html = text(client.get(PROFILER, {"a": answers, "p": "2", "go": "back"}))
    assert 'name="p" value="1"' in html and "checked" in html
    html = text(client.get(PROFILER, {"a": "9<script>", "p": "7"}))
    assert "could not be read, so they were cleared" in html and "<script>" not in html


@pytest.mark.django_db
def test_answer_pages_are_never_cached_and_results_are_cached_by_their_scores(client, demo):
    assert "no-store" in client.get(PROFILER, {"a": "2", "p": "1"})["Cache-Control"]
    assert "no-store" in client.get(PROFILER)["Cache-Control"]
    first = client.get(RESULTS + "?code=SIA")
    assert "public" in first["Cache-Control"]
    other = client.get(RESULTS + "?code=RCE")
    assert "Your interests: RCE" in other.content.decode()  # not SIA's cached page
    again = client.get(RESULTS + "?code=SIA&utm_source=mail")
    assert again["X-Page-Cache"] == "hit" and "Your interests: SIA" in again.content.decode()


# -- results ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_results_explain_the_code_and_chart_the_scores(client, demo):
    html = text(client.get(RESULTS + "?R=3&I=14&A=9&S=18&E=5&C=2"))
    assert "Your interests: SIA" in html
    assert "S, Social" in html and "I, Investigative" in html and "A, Artistic" in html
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in html
    assert (
        "Realistic 3; Investigative 14; Artistic 9; Social 18; Enterprising 5; Conventional 2."
        in html
    )
    table = re.search(r'<table class="interest-table">.*?</table>', html, re.S).group(0)
    assert '<th scope="row">S Social</th><td>18</td>' in table
    assert f"{InterestProfile.objects.count()} careers ranked; showing 1 to 20." in html
    assert len(ranked_titles(html)) == 20


@pytest.mark.django_db
def test_a_flat_profile_gets_a_message_not_a_ranking(client, demo):
    html = text(client.get(RESULTS + "?R=7&I=7&A=7&S=7&E=7&C=7"))
    assert "Your six scores are all the same" in html
    assert ranked_titles(html) == []
    location = answer_all(client, lambda item: explore.UNSURE)
    html = text(client.get(location))
    assert "all the same" in html and ranked_titles(html) == []


@pytest.mark.django_db
def test_a_holland_code_is_ranked_by_the_same_measure(client, demo):
    html = text(client.get(RESULTS + "?code=sia"))
    by_code = ranked_titles(html)
    assert "Your interests: SIA" in html and 'role="img"' not in html
    assert by_code == ranked_titles(text(client.get(RESULTS + "?R=0&I=2&A=1&S=3&E=0&C=0")))


@pytest.mark.parametrize(
    "query, message",
    [
        (
            "?R=5&I=3",
            "Enter all six scores; missing: Artistic, Social, Enterprising, Conventional.",
        ),
        ("?code=SXZ", "Enter one to three different letters"),
        ("?code=SSI", "Enter one to three different letters"),
        ("?R=500&I=1&A=1&S=1&E=1&C=1", "less than or equal to 100"),
        ("?R=abc&I=1&A=1&S=1&E=1&C=1", "Enter a number."),
        ("?code=SI&R=1&I=1&A=1&S=1&E=1&C=2", "Enter six scores or a code, not both."),
    ],
)
@pytest.mark.django_db
def test_bad_direct_entry_re_renders_the_form_with_errors(client, demo, query, message):
    html = text(client.get(RESULTS + query))
    assert message in html
    assert ranked_titles(html) == []


@pytest.mark.django_db
def test_filters_narrow_the_ranking_and_bad_values_are_reported(client, demo):
    profile = explore.EntryForm({"code": "RCI"}).profile()
    full = [m.card.title for m in explore.interest_matches(profile, {})]
    assert ranked_titles(text(client.get(RESULTS + "?code=RCI"))) == full[:20]
    zone2 = ranked_titles(text(client.get(RESULTS + "?code=RCI&zone=2")))
    allowed = set(
        Occupation.objects.filter(job_zone__lte=2, interest_profile__isnull=False).values_list(
            "title", flat=True
        )
    )
    assert zone2 and set(zone2) == allowed and len(zone2) < len(full)
    assert zone2 == [t for t in full if t in allowed]  # same order, fewer careers
    pay = ranked_titles(text(client.get(RESULTS + "?code=RCI&pay_min=100000")))
    assert pay and len(pay) < len(full)
    html = text(client.get(RESULTS + "?code=RCI&ai=nonsense&zone=9"))
    assert "“nonsense” is not a valid value" in html and ranked_titles(html) == full[:20]


@pytest.mark.django_db
def test_results_page_reads_two_queries(client, demo, django_assert_num_queries):
    # Every career's six ratings for the ranking, then the cards of the page shown.
    with django_assert_num_queries(2):
        text(client.get(RESULTS + "?R=3&I=14&A=9&S=18&E=5&C=2&zone=4&pay_min=40000&ai=high"))
    with django_assert_num_queries(0):  # the flat profile and the bare form need no data
        text(client.get(RESULTS + "?R=1&I=1&A=1&S=1&E=1&C=1"))


@pytest.mark.django_db
def test_method_page_and_items_json(client, demo):
    html = text(client.get(reverse("careers:interest_method")))
    assert "Not a test of ability" in html and "Pearson correlation" in html
    data = json.loads(client.get(reverse("careers:interest_items")).content)
    assert [i["text"] for i in data["items"]] == [i.text for i in explore.ITEMS]
    assert {a["label"]: a["points"] for a in data["answers"]} == {
        "Like": 2,
        "Not sure": 1,
        "Dislike": 0,
    }
    assert "items.json" in text(client.get(reverse("careers:about_data")))


@pytest.mark.django_db
def test_profiler_is_linked_from_home_and_header(client, demo):
    html = text(client.get(reverse("careers:home")))
    assert html.count(f'href="{PROFILER}"') == 2  # the header's link and the home page's


# -- moves ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_moves_are_symmetric_where_both_directions_are_kept(demo):
    pairs = {(m.occupation_id, m.target_id): m.similarity for m in SkillMove.objects.all()}
    both = [(a, b) for (a, b) in pairs if (b, a) in pairs]
    assert both
    assert all(pairs[(a, b)] == pairs[(b, a)] for a, b in both)


@pytest.mark.django_db
def test_derived_tables_are_a_no_op_on_a_second_run(demo):
    summary = refresh_derived()
    for table in ("interest profile", "skill move"):
        counts = summary.tables[table]
        assert (counts.created, counts.updated, counts.deleted) == (0, 0, 0), table
        assert counts.unchanged > 0


@pytest.mark.django_db
def test_moves_page_lists_closest_careers_with_what_changes(client, demo):
    ipm = Occupation.objects.get(code=IPM)
    moves = list(SkillMove.objects.filter(occupation=ipm).order_by("rank"))
    html = text(client.get(reverse("careers:moves", args=[ipm.slug])))
    block = re.search(r'<ol class="cards move-list">.*?</ol>', html, re.S).group(0)
    titles = re.findall(r'class="card-title" href="[^"]+">([^<]+)</a>', block)
    assert titles == [m.target.title for m in moves if m.target.is_active]
    assert f'href="/compare/?c={IPM},{moves[0].target.code}"' in block
    first = moves[0]
    if first.gaps:
        assert first.gaps[0][0] in block


@pytest.mark.parametrize("slug_of", ["ipm", "other"])
@pytest.mark.django_db
def test_moves_page_query_count_is_constant(client, demo, django_assert_num_queries, slug_of):
    occ = (
        Occupation.objects.get(code=IPM)
        if slug_of == "ipm"
        else Occupation.objects.exclude(code=IPM).order_by("code").last()
    )
    with django_assert_num_queries(2):
        text(client.get(reverse("careers:moves", args=[occ.slug]) + "?zone=5&pay_min=1&ai=high"))


@pytest.mark.django_db
def test_career_page_links_moves_and_similar_interests_and_json_has_them(client, demo):
    ipm = Occupation.objects.get(code=IPM)
    html = text(client.get(ipm.get_absolute_url()))
    assert 'id="moves-h"' in html and reverse("careers:moves", args=[ipm.slug]) in html
    scores = ipm.interest_profile.scores
    assert f"{RESULTS}?R={scores[0]:g}&amp;I={scores[1]:g}" in html
    data = json.loads(client.get(reverse("careers:detail_json", args=[ipm.slug])).content)
    assert data["interests"]["similar_interests_url"].endswith(
        f"?R={scores[0]:g}&I={scores[1]:g}&A={scores[2]:g}&S={scores[3]:g}&E={scores[4]:g}&C={scores[5]:g}"
    )
    assert len(data["skill_moves"]["closest"]) == min(
        10, SkillMove.objects.filter(occupation=ipm).count()
    )
    assert data["interest_matches"] and ipm.code not in [
        m["code"] for m in data["interest_matches"]
    ]
    correlations = [m["correlation"] for m in data["interest_matches"]]
    assert correlations == sorted(correlations, reverse=True)


def test_unknown_career_moves_is_404(client, db):
    assert client.get(reverse("careers:moves", args=["no-such-career"])).status_code == 404


@pytest.mark.django_db
def test_compare_links_each_career_to_its_moves(client, demo):
    html = text(client.get(reverse("careers:compare") + "?c=11-3051.00,35-2014.00"))
    for code in ("11-3051.00", "35-2014.00"):
        slug = Occupation.objects.get(code=code).slug
        assert f'class="compare-moves" href="{reverse("careers:moves", args=[slug])}"' in html


@pytest.mark.django_db
def test_answers_and_scores_stay_out_of_the_request_log(client, demo, caplog):
    with caplog.at_level("INFO", logger="careers.request"):
        client.get(PROFILER, {"a": "2" * 12, "p": "2"})
        client.get(RESULTS + "?R=1&I=2&A=3&S=4&E=5&C=6")
        client.get(RESULTS + "?R=1&I=2&A=3&S=4&E=5&C=6")  # a cache hit
        client.get(reverse("careers:index") + "?zone=2")
    paths = [r.path for r in caplog.records if r.name == "careers.request"]
    assert paths == [
        f"{PROFILER}?[not logged]",
        f"{RESULTS}?[not logged]",
        f"{RESULTS}?[not logged]",
        reverse("careers:index") + "?zone=2",
    ]
