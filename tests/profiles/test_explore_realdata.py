"""The profiler and the moves on the real O*NET data (skipped on a fresh machine)."""

import pytest
from django.urls import reverse

from careers.matching import RIASEC
from careers.models import InterestProfile, Occupation, SkillMove

from .test_explore import RESULTS, answer_all, pure, ranked_titles, text

pytestmark = [pytest.mark.realdata, pytest.mark.django_db]


@pytest.mark.parametrize("letter", RIASEC)
def test_a_pure_type_gets_careers_of_that_type_in_its_top_ten(client, real_data, letter):
    location = answer_all(client, pure(letter))
    titles = ranked_titles(text(client.get(location)))[:10]
    assert len(titles) == 10
    profiles = {
        p.occupation.title: p
        for p in InterestProfile.objects.filter(
            occupation__title__in=titles, occupation__is_active=True
        ).select_related("occupation")
    }
    for title in titles:
        scores = dict(zip(RIASEC, profiles[title].scores, strict=True))
        assert max(scores, key=scores.get) == letter, (title, scores)


def test_direct_entry_matches_answering_on_the_real_data(client, real_data):
    answered = ranked_titles(text(client.get(answer_all(client, pure("E")))))
    assert answered == ranked_titles(text(client.get(RESULTS + "?R=0&I=0&A=0&S=0&E=20&C=0")))


def test_every_active_career_with_ratings_has_its_profile_and_moves(real_data):
    assert InterestProfile.objects.count() == 923
    with_moves = SkillMove.objects.values("occupation_id").distinct().count()
    assert with_moves == 894
    assert not SkillMove.objects.filter(target__is_active=False).exists()


def test_moves_are_symmetric_on_the_real_data(real_data):
    pairs = {
        (a, b): s
        for a, b, s in SkillMove.objects.values_list("occupation_id", "target_id", "similarity")
    }
    both = [(a, b) for a, b in pairs if (b, a) in pairs]
    assert len(both) > 10_000
    assert all(pairs[(a, b)] == pairs[(b, a)] for a, b in both)


def test_registered_nurses_move_first_to_other_nursing_work(client, real_data):
    rn = Occupation.objects.get(code="29-1141.00")
    first = [m.target.title for m in SkillMove.objects.filter(occupation=rn).order_by("rank")[:5]]
    assert sum("Nurse" in t for t in first) >= 3, first


@pytest.mark.parametrize("code", ["29-1141.00", "11-3051.00", "47-2111.00"])
def test_query_counts_on_the_real_data(client, real_data, django_assert_num_queries, code):
    occ = Occupation.objects.get(code=code)
    with django_assert_num_queries(2):
        text(client.get(reverse("careers:moves", args=[occ.slug]) + "?zone=4&outlook=growing"))
    with django_assert_num_queries(2):
        text(client.get(RESULTS + "?R=3&I=14&A=9&S=18&E=5&C=2&pay_min=50000"))
    with django_assert_num_queries(13):
        text(client.get(occ.get_absolute_url()))
