"""Inside this career, key abilities, the career video and the one invitation: built only
from imported figures, each statement citing its O*NET file."""

import csv
import io
import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from markupsafe import escape

from careers.models import Descriptor, Education, JobZone, Occupation, Rating
from profiles import inside
from profiles.contributions.models import Feedback

IPM = "11-3051.00"
VIDEO = "https://cdn.careeronestop.org/OccVids/OccupationVideos/11-3051.00.mp4"
POSTER = "https://cdn.careeronestop.org/OccVids/Posters/11-3051.00.jpg"


def page(client, occ):
    response = client.get(occ.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def dist(element_id, scale, shares, *, n=33, date="08/2021", source="Incumbent", labels=None):
    return {
        "element_id": element_id,
        "scale": scale,
        "n": n,
        "date": date,
        "domain_source": source,
        "categories": [
            {
                "category": cat,
                "label": (labels or {}).get(cat, f"Category {cat} - with a definition"),
                "percent": pct,
                "suppress": False,
            }
            for cat, pct in shares
        ],
    }


RL_LABELS = {
    2: "High School Diploma - or the equivalent (for example, GED)",
    3: "Post-Secondary Certificate - awarded for training completed after high school",
    6: "Bachelor's Degree",
}
RW_LABELS = {
    1: "None",
    6: "Over 1 year, up to and including 2 years",
    7: "Over 2 years, up to and including 4 years",
}
OJ_LABELS = {1: "None or short demonstration", 3: "Over 1 month, up to and including 3 months"}
# (element id, name, domain, importance, definition)
RATED = [
    ("1.D.1.i", "Leadership Orientation", "work_style", 2.43, "Taking charge."),
    ("1.D.1.a", "Innovation", "work_style", 1.85, "New ways of working."),
    ("1.D.2.c", "Empathy", "work_style", -0.45, "Caring about others."),
    ("1.B.1.a", "Realistic", "interest", 4.86, "Hands-on work."),
    ("1.B.1.b", "Investigative", "interest", 2.0, "Research."),
    ("1.B.1.c", "Artistic", "interest", 1.5, "Creative work."),
    ("1.B.1.d", "Social", "interest", 2.33, "Helping people."),
    ("1.B.1.e", "Enterprising", "interest", 5.61, "Leading and selling."),
    ("1.B.1.f", "Conventional", "interest", 5.0, "Procedures and data."),
    ("2.A.1.a", "Reading Comprehension", "skill", 3.75, ""),
]


@pytest.fixture
def rated(make_occupation):
    """A career with every O*NET part of "Inside this career", from figures of our own."""
    occ = make_occupation(
        code=IPM,
        title="Industrial Production Managers",
        slug="industrial-production-managers",
        job_zone=4,
        interest_code="ECR",
        data_release="O*NET 30.2",
    )
    JobZone.objects.create(
        zone=4,
        name="Job Zone Four: Considerable Preparation Needed",
        experience="Several years of related work.",
        education="Usually a four-year degree.",
        job_training="Some on the job.",
    )
    Education.objects.create(
        occupation=occ,
        distributions={
            "required_education": dist(
                "2.D.1", "RL", [(2, 29.42), (3, 16.21), (6, 54.37)], labels=RL_LABELS
            ),
            "related_experience": dist(
                "3.A.1", "RW", [(1, 0.0), (6, 40.0), (7, 40.0), (8, 20.0)], labels=RW_LABELS
            ),
            "on_the_job_training": dist(
                "3.A.3",
                "OJ",
                [(1, 0.3), (3, 99.7)],
                n=None,
                source="Occupational Expert",
                labels=OJ_LABELS,
            ),
        },
    )
    for eid, name, domain, importance, definition in RATED:
        d = Descriptor.objects.create(
            element_id=eid, name=name, domain=domain, description=definition
        )
        Rating.objects.create(occupation=occ, descriptor=d, importance=importance)
    return occ


def part(html, part_id):
    """One part of "Inside this career": a <details> that opens on its heading."""
    found = re.search(
        rf'<details id="{part_id}" class="inside-part">\s*<summary><h3>.*?</details>\s*(?=<details id|</section>)',
        html,
        re.S,
    )
    return found.group(0)


def test_job_zone_says_what_the_zone_means_and_where_from(client, rated):
    html = part(page(client, rated), "job-zone")
    assert (
        "O*NET places this career in Job Zone 4 of 5 "
        "(\u201cJob Zone Four: Considerable Preparation Needed\u201d)." in html
    )
    for text in (
        "Several years of related work.",
        "Usually a four-year degree.",
        "Some on the job.",
    ):
        assert text in html
    assert "Source: O*NET 30.2, Job Zones and Job Zone Reference" in html


def test_a_zone_without_its_reference_row_gives_the_number_only(client, rated):
    JobZone.objects.all().delete()
    html = part(page(client, rated), "job-zone")
    assert "O*NET places this career in Job Zone 4 of 5." in html
    assert "Job Zone Reference" not in html


def test_distributions_are_tables_whose_sentences_agree_with_them(client, rated):
    html = part(page(client, rated), "getting-in")
    tables = re.findall(r"<table.*?</table>", html, re.S)
    assert len(tables) == 3
    rows = [re.findall(r'<th scope="row">(.*?)</th>.*?</svg> ([^<]+)', t, re.S) for t in tables]
    assert rows[0] == [
        ("High School Diploma", "29%"),
        ("Post-Secondary Certificate", "16%"),
        (escape("Bachelor's Degree"), "54%"),
    ]
    assert rows[1] == [
        ("Over 1 year, up to and including 2 years", "40%"),
        ("Over 2 years, up to and including 4 years", "40%"),
        ("Category 8", "20%"),
    ]  # the 0% answer is left out
    assert rows[2] == [
        ("None or short demonstration", "less than 1%"),
        ("Over 1 month, up to and including 3 months", "100%"),
    ]
    assert escape("Most common answer: Bachelor's Degree (54% of workers).") in html
    assert (
        "Most common answers: Over 1 year, up to and including 2 years and Over 2 years, "
        "up to and including 4 years (40% of workers each)."
    ) in html
    assert (
        "Most common answer: Over 1 month, up to and including 3 months "
        "(100% of occupational experts)."
    ) in html
    assert 'width="54.4"' in tables[0]  # the bar is the figure
    assert (
        "Source: O*NET 30.2, Education, Training, and Experience (Required Level of Education: "
        "33 workers, August 2021; Related Work Experience: 33 workers, August 2021; "
        "On-the-Job Training: occupational experts, August 2021)"
    ) in html


def test_work_styles_that_matter_most_are_the_positive_ones_highest_first(client, rated):
    html = part(page(client, rated), "work-styles")
    names = re.findall(
        r"<li><strong>(.*?)</strong> <span class=\"score\">impact (.*?)</span>", html
    )
    assert names == [("Leadership Orientation", "+2.4"), ("Innovation", "+1.9")]
    assert "Empathy" not in html
    assert "Taking charge." in html and "Source: O*NET 30.2, Work Styles" in html


def test_interests_show_six_scores_and_the_holland_code_in_words(client, rated):
    html = part(page(client, rated), "interests")
    assert (
        "Holland code ECR: the work suits people whose strongest interest is Enterprising, "
        "then Conventional and Realistic."
    ) in html
    rows = re.findall(r'<th scope="row">(\w+) \((\w)\)</th>.*?</svg> ([\d.]+)', html, re.S)
    assert rows == [
        ("Realistic", "R", "4.9"),
        ("Investigative", "I", "2.0"),
        ("Artistic", "A", "1.5"),
        ("Social", "S", "2.3"),
        ("Enterprising", "E", "5.6"),
        ("Conventional", "C", "5.0"),
    ]
    assert html.count('class="strong"') == 3
    assert "Leading and selling." in html and "Source: O*NET 30.2, Interests" in html


def test_editor_text_and_published_notes_come_first(client, rated, experience_note):
    Occupation.objects.filter(pk=rated.pk).update(inside="Our **own** words.")
    note = experience_note(rated, "Long shifts, good team.")
    Feedback.objects.filter(pk=note.pk).update(status=Feedback.PUBLISHED)
    html = page(client, rated)
    order = ["<strong>own</strong>", 'id="notes"', 'id="job-zone"', 'id="getting-in"']
    order += ['id="work-styles"', 'id="interests"']
    positions = [html.index(marker) for marker in order]
    assert positions == sorted(positions)
    assert "Written by Career Compass's editors." in html
    assert "Do you work in this career?" not in html  # someone who does has spoken


def test_a_career_with_nothing_to_show_has_one_invitation_and_no_empty_boxes(
    client, make_occupation
):
    occ = make_occupation()
    html = page(client, occ)
    assert html.count("Do you work in this career?") == 1
    # Where "Inside this career" would be: after the tasks, before the pay.
    assert html.index('id="tasks-h"') < html.index('class="invite"') < html.index('id="pay-h"')
    assert f'href="/careers/{occ.slug}/feedback/?section=inside"' in html
    for gone in ('id="video"', 'id="inside"', 'id="notes"', "No video", "Be the first"):
        assert gone not in html, gone


def test_rated_career_without_a_voice_keeps_the_data_and_the_invitation(client, rated):
    html = page(client, rated)
    assert 'id="inside"' in html and html.count("Do you work in this career?") == 1


def test_key_abilities_heading_says_plainly_when_abilities_are_missing(client, rated):
    html = page(client, rated)
    section = re.search(r'<section id="abilities".*?</section>', html, re.S).group(0)
    assert "Key skills and work styles (ability ratings not available)" in section
    assert "<h3>Skills</h3>" in section and "<h3>Work styles</h3>" in section
    assert "not loaded" not in html and "Abilities.txt" not in html
    about = client.get(reverse("careers:about_data")).content.decode()
    assert "Abilities.txt" in about and "Key skills and work styles" in about


def test_key_abilities_heading_when_abilities_are_loaded(client, rated):
    d = Descriptor.objects.create(
        element_id="1.A.1.a.1", name="Oral Comprehension", domain="ability"
    )
    Rating.objects.create(occupation=rated, descriptor=d, importance=4.1)
    html = page(client, rated)
    assert '<h2 id="abilities-h">Key abilities</h2>' in html and "<h3>Work styles</h3>" not in html
    about = client.get(reverse("careers:about_data")).content.decode()
    assert "Abilities.txt" not in about


def test_the_video_is_a_poster_link_that_loads_nothing_until_pressed(client, rated):
    Occupation.objects.filter(pk=rated.pk).update(video_url=VIDEO, video_poster_url=POSTER)
    html = page(client, rated)
    section = re.search(r'<section id="video".*?</section>', html, re.S).group(0)
    assert f'<a class="video-play" href="{VIDEO}" data-video-src="{VIDEO}"' in section
    assert f'<img src="{POSTER}" alt=""' in section
    assert "<video" not in html and "<iframe" not in html  # the player comes with the press
    assert "/static/js/video.js" in html
    assert "Video from CareerOneStop (U.S. Department of Labor)." in section


def test_no_video_no_box_and_no_script(client, rated):
    html = page(client, rated)
    assert 'id="video"' not in html and "video.js" not in html


@pytest.mark.parametrize(
    "url",
    [
        "https://videos.example.org/a.mp4",
        "http://cdn.careeronestop.org/a.mp4",
        "https://cdn.careeronestop.org.example.org/a.mp4",
    ],
)
def test_video_fields_accept_only_https_on_allowed_hosts(rated, url):
    rated.video_url = url
    with pytest.raises(ValidationError) as exc:
        rated.full_clean()
    assert "video_url" in exc.value.message_dict
    rated.video_url, rated.video_poster_url = VIDEO, url
    with pytest.raises(ValidationError) as exc:
        rated.full_clean()
    assert list(exc.value.message_dict) == ["video_poster_url"]


def test_the_allow_list_is_a_setting(rated):
    rated.video_url = "https://videos.example.org/a.mp4"
    with override_settings(CAREER_VIDEO_HOSTS=["videos.example.org"]):
        rated.full_clean()


def test_a_poster_needs_a_video(rated):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Occupation.objects.filter(pk=rated.pk).update(video_url="", video_poster_url=POSTER)


def test_json_export_carries_job_zone_interests_and_distributions_with_sources(client, rated):
    Occupation.objects.filter(pk=rated.pk).update(video_url=VIDEO, video_poster_url=POSTER)
    data = json.loads(client.get(reverse("careers:detail_json", args=[rated.slug])).content)
    assert data["job_zone"] == {
        "zone": 4,
        "name": "Job Zone Four: Considerable Preparation Needed",
        "experience": "Several years of related work.",
        "education": "Usually a four-year degree.",
        "job_training": "Some on the job.",
        "source": "O*NET 30.2, Job Zones and Job Zone Reference; CC BY 4.0",
    }
    interests = data["interests"]
    assert interests["holland_code"] == "ECR"
    assert interests["high_points"] == ["Enterprising", "Conventional", "Realistic"]
    assert [(s["letter"], s["score"]) for s in interests["scores"]] == [
        ("R", 4.86), ("I", 2.0), ("A", 1.5), ("S", 2.33), ("E", 5.61), ("C", 5.0),
    ]  # fmt: skip
    assert interests["source"] == "O*NET 30.2, Interests; CC BY 4.0"
    dists = data["education"]["distributions"]
    assert list(dists) == ["required_education", "related_experience", "on_the_job_training"]
    rl = dists["required_education"]
    assert [(c["category"], c["name"], c["percent"]) for c in rl["categories"]] == [
        (2, "High School Diploma", 29.42),
        (3, "Post-Secondary Certificate", 16.21),
        (6, "Bachelor's Degree", 54.37),
    ]
    assert rl["categories"][0]["label"] == RL_LABELS[2]  # as published
    assert (rl["n"], rl["date"], rl["respondents"]) == (33, "08/2021", "workers")
    for d in dists.values():
        assert d["source"].startswith("O*NET 30.2, Education, Training, and Experience (")
    sections = data["sources"]["sections"]
    assert sections["job_zone"] == data["job_zone"]["source"]
    assert sections["interests"] == interests["source"]
    assert sections["work_styles"].startswith("O*NET 30.2, Work Styles")
    assert sections["education_distributions"].startswith("O*NET 30.2, Education, Training")
    assert sections["video"] == "CareerOneStop (U.S. Department of Labor)"
    assert data["occupation"]["holland_code"] == "ECR"
    assert data["occupation"]["video_poster_url"] == POSTER
    assert [w["description"] for w in data["work_styles"]][:1] == ["Taking charge."]


def test_compare_shows_job_zone_and_holland_code(client, rated, make_occupation):
    other = make_occupation(code="29-1141.00", title="Registered Nurses", slug="rn")
    html = client.get(reverse("careers:compare") + f"?c={IPM},{other.code}").content.decode()
    row = re.search(r"Job zone \(O\*NET preparation level\)</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r"<td>(.*?)</td>", row) == [
        "4 of 5: Job Zone Four: Considerable Preparation Needed",
        "Not rated",
    ]
    row = re.search(r"Interests \(Holland code\)</th>(.*?)</tr>", html, re.S).group(1)
    assert re.findall(r"<td>(.*?)</td>", row) == [
        "<strong>ECR</strong>: Enterprising, Conventional and Realistic",
        "Not rated",
    ]


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.0, "0%"), (0.3, "less than 1%"), (0.5, "1%"), (2.5, "3%"), (54.37, "54%"), (99.7, "100%")],
)
def test_percent_text_rounds_halves_up_and_never_says_zero_for_a_share(value, text):
    assert inside.percent_text(value) == text


def test_csv_carries_job_zone_and_holland_code(client, rated, make_occupation):
    make_occupation(code="29-1141.00", title="Registered Nurses", slug="rn")
    text = client.get(reverse("careers:catalog_csv")).content.decode("utf-8")
    rows = {r["onet_code"]: r for r in csv.DictReader(io.StringIO(text))}
    assert (rows[IPM]["job_zone"], rows[IPM]["holland_code"]) == ("4", "ECR")
    assert (rows["29-1141.00"]["job_zone"], rows["29-1141.00"]["holland_code"]) == ("", "")


def test_about_data_counts_the_careers_with_each_part(client, rated, make_occupation):
    make_occupation(code="29-1141.00", title="Registered Nurses", slug="rn")
    Occupation.objects.filter(pk=rated.pk).update(video_url=VIDEO)
    html = client.get(reverse("careers:about_data")).content.decode()
    table = re.search(r'<h2 id="sections">.*?</table>', html, re.S).group(0)
    assert "Careers in the current release (2)" in table
    cells = re.findall(r"</th><td>(\d+)</td>", table)
    assert cells == ["1", "1", "1", "1", "1", "1", "1"]
