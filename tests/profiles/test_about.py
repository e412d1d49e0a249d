from django.template.defaultfilters import floatformat
from django.urls import reverse
from markupsafe import escape

from careers.ai_resilience import EXPOSURE_SOURCES
from careers.models import AIExposure, AIExposureSource, AIResilience


def test_about_data_lists_sources_counts_and_attribution(client, demo):
    html = client.get(reverse("careers:about_data")).content.decode()
    assert "Demo dataset" in html
    assert '<th scope="row">Occupations (current release)</th><td>22</td>' in html
    assert "OEWS May 2024, national: 22 rows" in html
    assert "Used under the CC BY 4.0 license" in html


def test_about_ai_resilience_explains_the_formula(client, demo):
    html = client.get(reverse("careers:about_ai")).content.decode()
    assert (
        "<strong>Exposure points</strong> = 0.7 &times; (50 &minus; consensus percentile)" in html
    )
    assert "<strong>Human points</strong> = 0.2 &times; (human advantage &minus; 50)" in html
    assert "growing fast (5.0% or more): +5; growing (2.0% or more): +2" in html
    assert "2.B.1.a (1 to 5)" in html  # Social Perceptiveness among the human-advantage elements
    assert "partial assessment" in html


def test_about_ai_resilience_lists_every_source_with_license_and_attribution(client, demo):
    html = client.get(reverse("careers:about_ai")).content.decode()
    for source in EXPOSURE_SOURCES.values():
        assert f'<h3 id="src-{source.key}">{source.short}</h3>' in html
        assert escape(source.attribution) in html
        assert escape(source.paper) in html
    assert "not be read as AI's ability to replace jobs" in html
    assert "Copyright (c) 2024 OpenAI" in html
    # Coverage and correlations are those stored for what the demo loaded.
    for key in EXPOSURE_SOURCES:
        n = AIExposure.objects.filter(source=key).count()
        assert f"Scores {n} occupations here" in html
    rho = AIExposureSource.objects.get(key="aioe").correlations["lm_aioe"]
    assert rho is not None
    assert f"<td>{floatformat(rho, 2)}</td>" in html
    assert "Not loaded." not in html


def test_about_ai_resilience_label_distribution_is_live(client, demo):
    labeled = AIResilience.objects.exclude(label="")
    high = labeled.filter(label="high").count()
    html = client.get(reverse("careers:about_ai")).content.decode()
    share = round(100 * high / labeled.count())
    row = (
        '<tr><th scope="row">More resilient to current AI than most occupations</th>'
        f"<td>{high}</td><td>{share}%</td></tr>"
    )
    assert row in html
