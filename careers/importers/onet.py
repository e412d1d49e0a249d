"""O*NET database (text format) importer: both the 30.2 and the 30.3+ file layouts.

30.3 renamed and split several files (Skills -> Essential + Transferable Skills,
Technology Skills -> Software Skills with new columns, Interests -> Career Interest
Types, Education, Training, and Experience -> Education + Training and Experience,
Alternate Titles -> Job Titles). `detect_layout` tells which one it was given.
"""

import re
from collections import defaultdict
from collections.abc import Callable
from datetime import date

from django.db.models import Q

from careers import services as cs
from careers.models import (
    RIASEC,
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
from careers.soc import ONET_CODE_RE, soc_of

from .readers import ImportFileError, Row, Source

CODE = "O*NET-SOC Code"
# Published range of each rating scale (Scales Reference.txt).
SCALE_RANGES = {"IM": (1, 5), "LV": (0, 7), "WI": (-3, 3), "OI": (1, 7)}
# Interest high points (scale IH): 1-6 name a RIASEC type in O*NET's order, 0 none.
HIGH_POINTS = ["1.B.1.g", "1.B.1.h", "1.B.1.i"]
# Education, Training, and Experience distributions shown on the page: key -> scale.
DISTRIBUTIONS = {
    "required_education": "RL",
    "related_experience": "RW",
    "on_the_job_training": "OJ",
}
# O*NET's Task Type column, kept as published; an empty cell is "not rated" like "n/a".
TASK_TYPES = {
    "core": Task.Kind.CORE,
    "supplemental": Task.Kind.SUPPLEMENTAL,
    "n/a": Task.Kind.NOT_RATED,
    "": Task.Kind.NOT_RATED,
}
TASK_ORDER = {Task.Kind.CORE: 0, Task.Kind.NOT_RATED: 1, Task.Kind.SUPPLEMENTAL: 2}
LAYOUT_2 = "30.2 and earlier"
LAYOUT_3 = "30.3 and later"

MONTHS = {
    m: i
    for i, m in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}


def detect_layout(src: Source) -> str:
    new = [
        "Software Skills.txt",
        "Essential Skills.txt",
        "Job Titles.txt",
        "Career Interest Types.txt",
        "Education.txt",
    ]
    old = [
        "Technology Skills.txt",
        "Skills.txt",
        "Alternate Titles.txt",
        "Interests.txt",
        "Education, Training, and Experience.txt",
    ]
    if any(src.has(n) for n in new):
        return LAYOUT_3
    if any(src.has(n) for n in old) or src.has("Occupation Data.txt"):
        return LAYOUT_2
    raise ImportFileError(src.path, None, "no O*NET files found (expected 'Occupation Data.txt')")


def release_of(src: Source) -> tuple[str, date | None]:
    """('O*NET 30.2', date(2026, 2, 1)) from 'Read Me.txt', or a generic name."""
    if not src.has("Read Me.txt"):
        return "O*NET", None
    text = src.read_bytes("Read Me.txt").decode("utf-8", "replace")
    m = re.search(r"O\*NET\s+([\d.]+)\s+Database", text)
    name = f"O*NET {m.group(1)}" if m else "O*NET"
    d = re.search(
        r"(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})\s+Release",
        text,
        re.I,
    )
    return name, (date(int(d.group(2)), MONTHS[d.group(1).lower()], 1) if d else None)


class OnetImport:
    def __init__(self, src: Source, log: Callable[[str], None]):
        self.src, self.log = src, log
        self.summary = cs.Summary()
        self.layout = detect_layout(src)
        self.release, self.release_date = release_of(src)
        self.occ: dict[str, int] = {}
        self.file_counts: dict[str, int] = {}

    # -- helpers ---------------------------------------------------------------------------
    def rows(self, name: str, columns: list[str], *, optional: bool = True):
        if not self.src.has(name):
            if not optional:
                raise ImportFileError(self.src.path, None, f"required file '{name}' is missing")
            self.log(f"  {name}: not present, skipped")
            return None
        out = list(self.src.tab_rows(name, columns))
        self.file_counts[name] = len(out)
        self.log(f"  {name}: {len(out):,} rows")
        return out

    def occ_id(self, row: Row) -> int:
        code = row.text(CODE)
        try:
            return self.occ[code]
        except KeyError:
            if not ONET_CODE_RE.match(code):
                row.fail(f"malformed O*NET-SOC code {code!r}")
            row.fail(f"unknown O*NET-SOC code {code} (not in Occupation Data)")

    # -- steps -----------------------------------------------------------------------------
    def run(self) -> cs.Summary:
        self.log(f"O*NET files at {self.src.path}: {self.release}, layout {self.layout}")
        self.summary.add("category", cs.sync_categories())
        self.occupations()
        self.job_zones()
        self.tasks()
        self.ratings()
        self.technology()
        self.titles()
        self.related()
        self.education()
        return self.summary

    def occupations(self):
        rows = self.rows("Occupation Data.txt", [CODE, "Title", "Description"], optional=False)
        cats = cs.category_ids()
        items = []
        for r in rows:
            code = r.text(CODE)
            if not ONET_CODE_RE.match(code):
                r.fail(f"malformed O*NET-SOC code {code!r}")
            if code[:2] not in cats:
                r.fail(f"unknown SOC major group {code[:2]}")
            items.append((r, code, r.text("Title")))
        slugs = cs.assign_slugs([(code, title) for _, code, title in items])
        data = [
            {
                "code": code,
                "soc_code": soc_of(code),
                "title": title,
                "slug": slugs[code],
                "description": r.text("Description", required=False),
                "category_id": cats[code[:2]],
                "is_active": True,
                "data_release": self.release,
                "updated_on": self.release_date,
            }
            for r, code, title in items
        ]
        counts = cs.upsert(Occupation, ("code",), data)
        present = {code for _, code, _ in items}
        gone = Occupation.objects.filter(is_active=True).exclude(code__in=present)
        retired = gone.update(is_active=False)
        if retired:
            self.log(f"  {retired} occupation(s) not in {self.release} marked inactive")
            counts.updated += retired
        self.summary.add("occupation", counts)
        self.occ = dict(Occupation.objects.filter(code__in=present).values_list("code", "id"))

    @property
    def scope(self) -> Q:
        return Q(occupation_id__in=list(self.occ.values()))

    def job_zones(self):
        rows = self.rows("Job Zones.txt", [CODE, "Job Zone"])
        ref = self.rows("Job Zone Reference.txt", ["Job Zone", "Name"])
        zones = {1, 2, 3, 4, 5}
        if ref:
            zones = self.job_zone_reference(ref)
        if rows is None:
            return
        data = []
        for r in rows:
            zone = r.number("Job Zone")
            if zone is None or int(zone) != zone or int(zone) not in zones:
                r.fail(f"job zone {r.get('Job Zone')!r} is not one of {sorted(zones)}")
            data.append({"code": r.text(CODE), "job_zone": int(zone)})
            self.occ_id(r)
        self.summary.add("occupation (job zone)", cs.upsert(Occupation, ("code",), data))

    def job_zone_reference(self, ref) -> set[int]:
        """What each zone means (name, experience, education, training), as published."""
        data = []
        for r in ref:
            zone = r.number("Job Zone")
            if zone is None or int(zone) != zone or not 1 <= zone <= 5:
                r.fail(f"job zone {r.get('Job Zone')!r} is not a whole number from 1 to 5")
            data.append(
                {
                    "zone": int(zone),
                    "name": r.text("Name")[:120],
                    "experience": r.text("Experience", required=False),
                    "education": r.text("Education", required=False),
                    "job_training": r.text("Job Training", required=False),
                    "examples": r.text("Examples", required=False),
                    "svp_range": r.text("SVP Range", required=False)[:40],
                }
            )
        zones = {d["zone"] for d in data}
        self.summary.add(
            "job zone reference",
            cs.upsert(JobZone, ("zone",), data, scope=Q(zone__in=[1, 2, 3, 4, 5]), prune=True),
        )
        return zones

    def descriptions(self) -> dict[str, str] | None:
        """Element ID -> O*NET's definition, from Content Model Reference (None when absent)."""
        rows = self.rows(
            "Content Model Reference.txt", ["Element ID", "Element Name", "Description"]
        )
        if rows is None:
            return None
        return {r.text("Element ID"): r.text("Description", required=False) for r in rows}

    def tasks(self):
        rows = self.rows("Task Statements.txt", [CODE, "Task ID", "Task", "Task Type"])
        if rows is None:
            return
        ratings = self.rows("Task Ratings.txt", [CODE, "Task ID", "Scale ID", "Data Value"])
        importance = {}
        for r in ratings or []:
            if r.text("Scale ID") == "IM":
                importance[(r.text(CODE), int(r.number("Task ID")))] = r.number("Data Value")
        per_occ = defaultdict(list)
        for r in rows:
            occ = self.occ_id(r)
            task_id = r.number("Task ID")
            if task_id is None or task_id != int(task_id):
                r.fail(f"Task ID {r.get('Task ID')!r} is not a whole number")
            task_type = r.text("Task Type", required=False)
            kind = TASK_TYPES.get(task_type.lower())
            if kind is None:
                r.fail(f"Task Type {task_type!r} is not one of Core, Supplemental or n/a")
            per_occ[occ].append(
                {
                    "occupation_id": occ,
                    "onet_task_id": int(task_id),
                    "statement": r.text("Task"),
                    "kind": kind,
                    "importance": importance.get((r.text(CODE), int(task_id))),
                }
            )
        data = []
        for tasks in per_occ.values():
            # Core, then not rated, then supplemental; within each by rated importance when
            # Task Ratings was given, else file order.
            tasks.sort(key=lambda t: (TASK_ORDER[t["kind"]], -(t["importance"] or 0)))
            for pos, t in enumerate(tasks, 1):
                data.append({**t, "position": pos})
        self.summary.add(
            "task",
            cs.upsert(Task, ("occupation_id", "onet_task_id"), data, scope=self.scope, prune=True),
        )

    def workbooks(self) -> list[str]:
        """The Excel files the run will read (where a text file is absent), in order."""
        return [
            excel
            for name, _domain, _imp, _lvl, excel in self._descriptor_files()
            if self._reads_excel(name, excel)
        ]

    def _reads_excel(self, name: str, excel: str | None) -> bool:
        """Whether a descriptor file is read from its Excel fallback (the text one is absent)."""
        return bool(excel) and not self.src.has(name) and self.src.has(excel)

    def _descriptor_files(self):
        """(file name, domain, importance scale, level scale, Excel fallback)."""
        files = [
            ("Abilities.txt", Descriptor.ABILITY, "IM", "LV", "Abilities.xlsx"),
            ("Knowledge.txt", Descriptor.KNOWLEDGE, "IM", "LV", "Knowledge.xlsx"),
            ("Work Styles.txt", Descriptor.WORK_STYLE, "WI", None, None),
        ]
        if self.layout == LAYOUT_3:
            files += [
                ("Essential Skills.txt", Descriptor.SKILL, "IM", "LV", None),
                ("Transferable Skills.txt", Descriptor.SKILL, "IM", "LV", None),
                ("Career Interest Types.txt", Descriptor.INTEREST, "OI", None, None),
            ]
        else:
            files += [
                ("Skills.txt", Descriptor.SKILL, "IM", "LV", "Skills.xlsx"),
                ("Interests.txt", Descriptor.INTEREST, "OI", None, None),
            ]
        return files

    def ratings(self):
        columns = [CODE, "Element ID", "Element Name", "Scale ID", "Data Value"]
        descriptors, values, domains = {}, {}, set()
        high_points: dict[int, dict[str, int]] = {}
        definitions = self.descriptions()
        for name, domain, imp_scale, lvl_scale, excel in self._descriptor_files():
            if self.src.has(name):
                rows = self.rows(name, columns)
            elif self._reads_excel(name, excel):
                rows = list(self.src.xlsx_rows(excel, columns))
                self.file_counts[excel] = len(rows)
                self.log(
                    f"  {name}: absent, read the official Excel file {excel}: {len(rows):,} rows"
                )
            else:
                self.log(f"  {name}: not present, skipped")
                continue
            domains.add(domain)
            for r in rows:
                scale = r.text("Scale ID")
                if scale == "IH" and domain == Descriptor.INTEREST:
                    self._high_point(r, high_points)
                    continue
                if scale not in (imp_scale, lvl_scale):
                    continue
                occ = self.occ_id(r)
                eid = r.text("Element ID")
                if eid not in descriptors:  # ~120,000 rows name ~150 descriptors
                    descriptors[eid] = {
                        "element_id": eid,
                        "name": r.text("Element Name"),
                        "domain": domain,
                    }
                    if definitions is not None:
                        descriptors[eid]["description"] = definitions.get(eid, "")
                value = r.number("Data Value")
                low, high = SCALE_RANGES[scale]
                if not low <= value <= high:
                    r.fail(f"Data Value {value:g} is outside the {scale} scale ({low} to {high})")
                slot = values.get((occ, eid))
                if slot is None:  # the importance row and the level row share one slot
                    slot = values[(occ, eid)] = {
                        "occupation_id": occ,
                        "element_id": eid,
                        "importance": None,
                        "level": None,
                    }
                slot["importance" if scale == imp_scale else "level"] = round(value, 2)
        self.summary.add("descriptor", cs.upsert(Descriptor, ("element_id",), descriptors.values()))
        ids = dict(Descriptor.objects.values_list("element_id", "id"))
        data = []
        for v in values.values():
            eid = v.pop("element_id")
            data.append({**v, "descriptor_id": ids[eid]})
        self.summary.add(
            "rating",
            cs.upsert(
                Rating, ("occupation_id", "descriptor_id"), data, scope=self.scope, prune=True
            ),
        )
        if Descriptor.INTEREST in domains:
            self.interest_codes(high_points)

    def _high_point(self, r: Row, high_points: dict) -> None:
        eid = r.text("Element ID")
        if eid not in HIGH_POINTS:
            r.fail(f"unknown interest high point {eid!r} (expected {', '.join(HIGH_POINTS)})")
        value = r.number("Data Value")
        if int(value) != value or not 0 <= value <= len(RIASEC):
            r.fail(f"interest high point {value:g} is not a whole number from 0 to {len(RIASEC)}")
        high_points.setdefault(self.occ_id(r), {})[eid] = int(value)

    def interest_codes(self, high_points: dict[int, dict[str, int]]) -> None:
        """The Holland code of each occupation: its first, second and third high points."""
        data = []
        code_of = {occ: code for code, occ in self.occ.items()}
        for occ in self.occ.values():
            points = high_points.get(occ, {})
            letters = ""
            for eid in HIGH_POINTS:
                value = points.get(eid, 0)
                if not value:
                    break  # a missing high point ends the code (O*NET leaves later ones 0)
                letter = RIASEC[value - 1][0]
                if letter not in letters:
                    letters += letter
            data.append({"code": code_of[occ], "interest_code": letters})
        self.summary.add("occupation (Holland code)", cs.upsert(Occupation, ("code",), data))

    def technology(self):
        if self.layout == LAYOUT_3 or self.src.has("Software Skills.txt"):
            rows = self.rows(
                "Software Skills.txt",
                [CODE, "Workplace Example", "Element ID", "Element Name", "Hot Technology"],
            )
            name_col, code_col, cat_col = "Workplace Example", "Element ID", "Element Name"
        else:
            rows = self.rows(
                "Technology Skills.txt",
                [CODE, "Example", "Commodity Code", "Commodity Title", "Hot Technology"],
            )
            name_col, code_col, cat_col = "Example", "Commodity Code", "Commodity Title"
        if rows is None:
            return
        data = []
        for r in rows:
            data.append(
                {
                    "occupation_id": self.occ_id(r),
                    "name": r.text(name_col)[:255],
                    "category_code": r.text(code_col, required=False)[:20],
                    "category": r.text(cat_col, required=False)[:255],
                    "hot": r.text("Hot Technology", required=False).upper() == "Y",
                    "in_demand": (r.get("In Demand") or "").strip().upper() == "Y",
                }
            )
        self.summary.add(
            "technology skill",
            cs.upsert(
                TechnologySkill, ("occupation_id", "name"), data, scope=self.scope, prune=True
            ),
        )

    def titles(self):
        if self.src.has("Job Titles.txt"):
            rows, col = self.rows("Job Titles.txt", [CODE, "Job Title"]), "Job Title"
        else:
            rows, col = (
                self.rows("Alternate Titles.txt", [CODE, "Alternate Title"]),
                "Alternate Title",
            )
        reported = self.rows("Sample of Reported Titles.txt", [CODE, "Reported Job Title"])
        data = []
        for r in rows or []:
            short = r.text("Short Title", required=False)
            data.append(
                {
                    "occupation_id": self.occ_id(r),
                    "title": r.text(col)[:255],
                    "kind": AlternateTitle.ALTERNATE,
                    "short_title": "" if short.lower() == "n/a" else short[:150],
                    "sources": r.text("Source(s)", required=False)[:60],
                    "in_my_next_move": False,
                }
            )
        for r in reported or []:
            data.append(
                {
                    "occupation_id": self.occ_id(r),
                    "title": r.text("Reported Job Title")[:255],
                    "kind": AlternateTitle.REPORTED,
                    "short_title": "",
                    "sources": "",
                    "in_my_next_move": r.text("Shown in My Next Move", required=False).upper()
                    == "Y",
                }
            )
        if rows is None and reported is None:
            return
        self.summary.add(
            "alternate title",
            cs.upsert(
                AlternateTitle,
                ("occupation_id", "title", "kind"),
                data,
                scope=self.scope,
                prune=True,
            ),
        )

    def related(self):
        rows = self.rows(
            "Related Occupations.txt", [CODE, "Related O*NET-SOC Code", "Relatedness Tier", "Index"]
        )
        if rows is None:
            return
        data = []
        for r in rows:
            occ = self.occ_id(r)
            other = r.text("Related O*NET-SOC Code")
            if other not in self.occ:
                r.fail(f"unknown related O*NET-SOC code {other}")
            if self.occ[other] == occ:
                continue
            data.append(
                {
                    "occupation_id": occ,
                    "related_id": self.occ[other],
                    "tier": r.text("Relatedness Tier", required=False)[:30],
                    "rank": int(r.number("Index")),
                }
            )
        self.summary.add(
            "related occupation",
            cs.upsert(
                RelatedOccupation,
                ("occupation_id", "related_id"),
                data,
                scope=self.scope,
                prune=True,
            ),
        )

    def education(self):
        """O*NET Education, Training, and Experience: the 'Required Level of Education'
        distribution as {category: percent} (education_levels) and the required education,
        related experience and on-the-job training distributions with their survey details
        (distributions)."""
        columns = [CODE, "Element ID", "Scale ID", "Category", "Data Value"]
        cat_columns = ["Scale ID", "Category", "Category Description"]
        if self.src.has("Education.txt"):  # 30.3: the file was split in two
            rows = self.rows("Education.txt", columns)
            cats = self.rows("Education Categories.txt", cat_columns) or []
            training = self.rows("Training and Experience.txt", columns)
            cats += self.rows("Training and Experience Categories.txt", cat_columns) or []
            if rows is not None or training is not None:
                rows = (rows or []) + (training or [])
        else:
            rows = self.rows("Education, Training, and Experience.txt", columns)
            cats = self.rows("Education, Training, and Experience Categories.txt", cat_columns)
        if rows is None:
            return
        published = {}  # (scale, category) -> the category's text as published
        labels = {}
        for r in cats or []:
            scale, cat = r.text("Scale ID"), r.text("Category")
            text = r.text("Category Description")
            published[(scale, cat)] = text
            if scale == "RL":
                labels[cat] = text.split(" - ")[0].split(" (")[0]
        scales = {scale: key for key, scale in DISTRIBUTIONS.items()}
        levels = defaultdict(dict)
        found: dict[int, dict] = defaultdict(dict)
        for r in rows:
            occ = self.occ_id(r)
            scale = r.text("Scale ID")
            if scale not in scales:
                continue
            cat = r.text("Category")
            value = r.number("Data Value")
            if not 0 <= value <= 100:
                r.fail(f"Data Value {value:g} is not a percentage (0 to 100)")
            if scale == "RL" and value:
                levels[occ][labels.get(cat, f"Category {cat}")] = round(value, 1)
            dist = found[occ].setdefault(
                scales[scale],
                {
                    "element_id": r.text("Element ID"),
                    "scale": scale,
                    "n": _whole(r.get("N")),
                    "date": r.text("Date", required=False),
                    "domain_source": r.text("Domain Source", required=False),
                    "categories": [],
                },
            )
            if not cat.isdigit():
                r.fail(f"category {cat!r} of scale {scale} is not a number")
            dist["categories"].append(
                {
                    "category": int(cat),
                    "label": published.get((scale, cat), f"Category {cat}"),
                    "percent": round(value, 2),
                    "suppress": r.text("Recommend Suppress", required=False).upper() == "Y",
                }
            )
        for dists in found.values():
            for dist in dists.values():
                dist["categories"].sort(key=lambda c: c["category"])
        data = [
            {
                "occupation_id": occ,
                "education_levels": dict(levels.get(occ, {})),
                "distributions": dict(found.get(occ, {})),
            }
            for occ in self.occ.values()
            if occ in levels or occ in found
        ]
        self.summary.add("education (O*NET levels)", cs.upsert(Education, ("occupation_id",), data))


def _whole(value) -> int | None:
    """O*NET's N column: a respondent count, or None where it says n/a."""
    try:
        return int(float(str(value).strip()))
    except (TypeError, ValueError):
        return None
