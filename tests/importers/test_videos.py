"""import_videos: a CSV of O*NET-SOC code, video URL and poster URL, hosts on the allow-list
only; a bad line names the file and line and changes nothing."""

import pytest
from django.core.management.base import CommandError
from django.test import override_settings

from careers.models import Occupation

from .dbstate import changed_rows, run

pytestmark = pytest.mark.django_db

CDN = "https://cdn.careeronestop.org/OccVids/OccupationVideos"
GOOD = (
    "onet_code,video_url,poster_url\r\n"
    f"11-3051.00,{CDN}/11-3051.00.mp4,{CDN}/11-3051.00.jpg\r\n"
    f"29-1141.00,{CDN}/29-1141.00.mp4,\r\n"
)


@pytest.fixture
def careers(make_occupation):
    return [
        make_occupation(code="11-3051.00", title="Industrial Production Managers"),
        make_occupation(code="29-1141.00", title="Registered Nurses"),
        make_occupation(code="15-1252.00", title="Software Developers"),
    ]


def videos():
    return {
        code: (video, poster)
        for code, video, poster in Occupation.objects.exclude(video_url="").values_list(
            "code", "video_url", "video_poster_url"
        )
    }


def write(tmp_path, text):
    path = tmp_path / "videos.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_sets_videos_and_posters_and_a_rerun_changes_nothing(tmp_path, careers):
    path = write(tmp_path, GOOD)
    out = run("import_videos", path)
    assert "videos.csv: 2 video(s)" in out
    assert videos() == {
        "11-3051.00": (f"{CDN}/11-3051.00.mp4", f"{CDN}/11-3051.00.jpg"),
        "29-1141.00": (f"{CDN}/29-1141.00.mp4", ""),
    }
    assert changed_rows(run("import_videos", path)) == 0


def test_a_file_without_a_header_works_too(tmp_path, careers):
    run("import_videos", write(tmp_path, GOOD.split("\r\n", 1)[1]))
    assert set(videos()) == {"11-3051.00", "29-1141.00"}


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (
            "15-1252.00,https://videos.example.org/a.mp4,",
            "video URL: host 'videos.example.org' is not allowed for career videos "
            "(allowed: cdn.careeronestop.org)",
        ),
        (f"15-1252.00,{CDN}/a.mp4,http://cdn.careeronestop.org/a.jpg", "poster URL: "),
        (
            f"15-1252.00,{CDN}/a.mp4,https://img.example.org/a.jpg",
            "poster URL: host 'img.example.org'",
        ),
        (f"99-9999.00,{CDN}/a.mp4,", "unknown O*NET-SOC code 99-9999.00"),
        (f"15-1252,{CDN}/a.mp4,", "malformed O*NET-SOC code '15-1252'"),
        (f"11-3051.00,{CDN}/again.mp4,", "11-3051.00 is listed twice (also on line 2)"),
        ("15-1252.00,,", "the video URL is empty"),
        (f"15-1252.00,{CDN}/a.mp4,,extra", "expected 3 columns"),
    ],
)
def test_a_bad_line_names_file_and_line_and_changes_nothing(tmp_path, careers, line, problem):
    run("import_videos", write(tmp_path, GOOD))
    before = videos()
    path = write(tmp_path, GOOD + line + "\r\n")
    with pytest.raises(CommandError) as exc:
        run("import_videos", path)
    message = str(exc.value)
    assert f"videos.csv, line 4: {problem}" in message and "Nothing was changed." in message
    assert videos() == before


def test_the_allow_list_setting_decides(tmp_path, careers):
    path = write(tmp_path, "15-1252.00,https://videos.example.org/a.mp4,\r\n")
    with override_settings(CAREER_VIDEO_HOSTS=["videos.example.org"]):
        run("import_videos", path)
    assert videos() == {"15-1252.00": ("https://videos.example.org/a.mp4", "")}


def test_dry_run_saves_nothing(tmp_path, careers):
    run("import_videos", write(tmp_path, GOOD), dry_run=True)
    assert videos() == {}
