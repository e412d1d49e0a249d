"""Reading the database and the commands' output back, for assertions."""

import io
import re

from django.apps import apps
from django.core.management import call_command

from careers.models import (
    AlternateTitle,
    Descriptor,
    Education,
    JobZone,
    Occupation,
    Rating,
    RelatedOccupation,
    Task,
    TechnologySkill,
)

PROJECT_APPS = ("careers", "salaries", "profiles")
JOB_ZONE_COLUMNS = ("zone", "name", "experience", "education", "job_training", "examples")


def run(command: str, *args, **options) -> str:
    """call_command with the output captured; returns what the command printed."""
    out = io.StringIO()
    call_command(command, *[str(a) for a in args], stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


def table_counts() -> dict[str, int]:
    """Row count of every table of the project's apps."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label in PROJECT_APPS
    }


SUMMARY_LINE = re.compile(r"^(?P<table>\S.*?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$")


def parse_summary(output: str) -> dict[str, tuple[int, int, int, int, int]]:
    """The printed table: {table: (created, updated, unchanged, skipped, deleted)}."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.split()[:2] == ["table", "created"])
    table = {}
    for line in lines[start + 1 :]:
        m = SUMMARY_LINE.match(line)
        if not m:
            break
        table[m.group("table")] = tuple(int(g) for g in m.groups()[1:])
    assert table, output
    return table


def changed_rows(output: str) -> int:
    """created + updated + deleted over the printed table."""
    return sum(c + u + d for c, u, _, _, d in parse_summary(output).values())


OCCUPATION_FIELDS = (
    "code",
    "soc_code",
    "title",
    "slug",
    "description",
    "category__code",
    "job_zone",
    "interest_code",
    "is_active",
)


def onet_snapshot() -> dict:
    """Everything the O*NET importer writes, keyed by natural keys (not primary keys)."""
    return {
        "occupations": sorted(Occupation.objects.values_list(*OCCUPATION_FIELDS)),
        "tasks": sorted(
            Task.objects.values_list(
                "occupation__code", "onet_task_id", "statement", "kind", "importance", "position"
            )
        ),
        "descriptors": sorted(
            Descriptor.objects.values_list("element_id", "name", "domain", "description")
        ),
        "job_zones": sorted(JobZone.objects.values_list(*JOB_ZONE_COLUMNS)),
        "ratings": sorted(
            Rating.objects.values_list(
                "occupation__code", "descriptor__element_id", "importance", "level"
            )
        ),
        "technology": sorted(
            TechnologySkill.objects.values_list(
                "occupation__code", "name", "category", "hot", "in_demand"
            )
        ),
        "titles": sorted(
            AlternateTitle.objects.values_list(
                "occupation__code", "title", "kind", "short_title", "sources"
            )
        ),
        "related": sorted(
            RelatedOccupation.objects.values_list(
                "occupation__code", "related__code", "tier", "rank"
            )
        ),
        "education_levels": dict(
            Education.objects.values_list("occupation__code", "education_levels")
        ),
        "distributions": dict(Education.objects.values_list("occupation__code", "distributions")),
    }
