from django.urls import reverse


def test_about_data_lists_sources_counts_and_attribution(client, demo):
    html = client.get(reverse("careers:about_data")).content.decode()
    assert "Demo dataset" in html
    assert '<th scope="row">Occupations (current release)</th><td>22</td>' in html
    assert "OEWS May 2024, national: 22 rows" in html
    assert "Used under the CC BY 4.0 license" in html


def test_about_ai_resilience_explains_the_formula(client, db):
    html = client.get(reverse("careers:about_ai")).content.decode()
    assert "exposure percentile &times; (1 &minus; 0.4 &times; human advantage / 100)" in html
    assert "2.B.1.a (1 to 5)" in html  # Social Perceptiveness among the human-advantage elements
    assert "partial assessment" in html
