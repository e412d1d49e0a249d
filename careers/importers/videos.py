"""Career videos from a CSV of O*NET-SOC code, video URL and poster URL.

The list is an editor's choice, not an agency file: each address must be https on a
host in settings.CAREER_VIDEO_HOSTS (the page's Content-Security-Policy allows media and
images from exactly those), and every problem names the line, so a bad list changes
nothing.
"""

import csv
import io
from collections.abc import Callable
from pathlib import Path

from careers import services as cs
from careers.models import Occupation
from careers.soc import ONET_CODE_RE
from careers.validators import video_url_problem

from .readers import ImportFileError

HEADER_WORDS = ("code", "o*net", "onet", "soc")


def _is_header(fields: list[str]) -> bool:
    first = fields[0].strip().lower() if fields else ""
    return not ONET_CODE_RE.match(first) and any(w in first for w in HEADER_WORDS)


def import_videos(path: Path, log: Callable[[str], None]) -> cs.Summary:
    path = Path(path)
    label = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(label, None, f"cannot read the file ({exc.strerror})") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(label, data[: exc.start].count(b"\n") + 1, "not valid UTF-8") from exc
    known = set(Occupation.objects.values_list("code", flat=True))
    seen: dict[str, int] = {}
    rows = []
    for line, fields in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        if not any(f.strip() for f in fields):
            continue
        if line == 1 and _is_header(fields):
            continue
        if len(fields) not in (2, 3):
            raise ImportFileError(
                label,
                line,
                f"expected 3 columns (O*NET-SOC code, video URL, poster URL), found {len(fields)}",
            )
        code, video, poster = (f.strip() for f in [*fields, ""][:3])
        if not ONET_CODE_RE.match(code):
            raise ImportFileError(label, line, f"malformed O*NET-SOC code {code[:20]!r}")
        if code not in known:
            raise ImportFileError(label, line, f"unknown O*NET-SOC code {code}")
        if code in seen:
            raise ImportFileError(
                label, line, f"{code} is listed twice (also on line {seen[code]})"
            )
        seen[code] = line
        if not video:
            raise ImportFileError(label, line, "the video URL is empty")
        for what, url in (("video URL", video), ("poster URL", poster)):
            problem = url and video_url_problem(url)
            if problem:
                raise ImportFileError(label, line, f"{what}: {problem}")
        rows.append({"code": code, "video_url": video, "video_poster_url": poster})
    log(f"  {path.name}: {len(rows):,} video(s)")
    summary = cs.Summary()
    summary.add("occupation (video)", cs.upsert(Occupation, ("code",), rows))
    return summary
