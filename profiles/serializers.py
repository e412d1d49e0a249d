"""Machine-readable forms of the career page: schema.org JSON-LD, open-data JSON and CSV.

Everything here turns data already fetched by a selector into plain dicts and rows,
so the formats cannot drift from the page and add no queries of their own.
"""

import json
from decimal import Decimal

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from careers import ai_resilience
from careers.models import Occupation
from salaries.charts import money_text

from .explore import similar_interests_query
from .share import absolute

FORMAT_VERSION = 1
ONET_ONLINE = "https://www.onetonline.org/link/summary/{code}"
ONET_TAXONOMY = "https://www.onetcenter.org/taxonomy.html"
SOC_2018 = "https://www.bls.gov/soc/2018/"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
ALTERNATE_NAMES_IN_JSONLD = 10
PERCENTILES = [("p10", "percentile10"), ("p25", "percentile25"), ("median", "median")]
PERCENTILES += [("p75", "percentile75"), ("p90", "percentile90")]
WAGE_FIELDS = ["p10", "p25", "median", "p75", "p90", "mean"]

# BLS typical entry education -> the credential categories search engines understand.
CREDENTIAL_CATEGORIES = {
    "High school diploma or equivalent": "high school",
    "Postsecondary nondegree award": "professional certificate",
    "Associate's degree": "associate degree",
    "Bachelor's degree": "bachelor degree",
    "Master's degree": "postgraduate degree",
    "Doctoral or professional degree": "postgraduate degree",
}
NO_CREDENTIAL = "No formal educational credential"
EXPERIENCE_MONTHS = {"5 years or more": 60}

_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def ld_json_script(data) -> str:
    """A <script type="application/ld+json"> block that data can never break out of.

    <, > and & are written as JSON unicode escapes, so '</script>' or '<!--' in a
    title stays inside the string (the same rule as Django's json_script).
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def _num(value):
    """Decimals as JSON numbers; integers stay integers."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _compact(d: dict) -> dict:
    return {k: v for k, v in d.items() if v not in (None, "", [], {})}


def onet_attribution(release: str = "") -> str:
    """The attribution O*NET's CC BY 4.0 license asks for, naming the release when known."""
    what = f"{release} Database" if release else "the O*NET Database"
    return (
        f"This site incorporates information from {what} by the U.S. Department of Labor, "
        "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. "
        "O*NET(R) is a trademark of USDOL/ETA."
    )


def wage_label(wage) -> str:
    return f"BLS OEWS May {wage.release_year}, {wage.area.name}"


# --- schema.org JSON-LD -------------------------------------------------------------


def _salary_distribution(wage, kind: str) -> dict | None:
    """One MonetaryAmountDistribution (annual or hourly); None when BLS published no figures."""
    top_coded = wage.top_coded or []
    # A top-coded figure ("#") is only a floor: it is named in the description, never
    # given as a percentile value, so nothing here claims an exact wage BLS did not publish.
    top = [(f, schema) for f, schema in PERCENTILES if f"{kind}_{f}" in top_coded]
    values = {
        schema: _num(getattr(wage, f"{kind}_{field}"))
        for field, schema in PERCENTILES
        if f"{kind}_{field}" not in top_coded
    }
    if all(v is None for v in values.values()) and not top:
        return None
    notes = [f"National {kind} wage percentiles, {wage_label(wage)}."]
    if wage.is_broader:
        notes.append(
            f"Figures for {wage.soc_code} {wage.soc_title}".strip()
            + ", a BLS occupation that includes this career."
        )
    if top:
        floor = money_text(getattr(wage, f"{kind}_{top[0][0]}"), True)
        notes.append(
            f"{', '.join(schema for _, schema in top)}: {floor} (BLS top code; not an exact figure)."
        )
    return _compact(
        {
            "@type": "MonetaryAmountDistribution",
            "name": f"{wage_label(wage)} ({kind})",
            "description": " ".join(notes),
            "currency": "USD",
            "duration": "P1Y" if kind == "annual" else "PT1H",
            **values,
        }
    )


def _education_requirements(education):
    text = education.typical_education if education else ""
    if not text:
        return None
    if text == NO_CREDENTIAL:
        return "no requirements"
    return _compact(
        {
            "@type": "EducationalOccupationalCredential",
            "name": text,
            "credentialCategory": CREDENTIAL_CATEGORIES.get(text),
            "description": f"Typical entry-level education ({education.source or 'BLS'}).",
        }
    )


def _experience_requirements(education):
    text = education.related_experience if education else ""
    if not text:
        return None
    description = (
        "No related work experience is typically needed."
        if text == "None"
        else f"Related work experience: {text.lower()}."
    )
    return _compact(
        {
            "@type": "OccupationalExperienceRequirements",
            "description": description,
            "monthsOfExperience": EXPERIENCE_MONTHS.get(text),
        }
    )


def occupation_jsonld(page) -> dict:
    """schema.org Occupation for a career page (figures as shown on the page)."""
    occ = page.occupation
    url = absolute(occ.get_absolute_url())
    codes = [
        {
            "@type": "CategoryCode",
            "codeValue": occ.code,
            "name": occ.title,
            "inCodeSet": {"@type": "CategoryCodeSet", "name": "O*NET-SOC", "url": ONET_TAXONOMY},
        },
        {
            "@type": "CategoryCode",
            "codeValue": occ.soc_code,
            "inCodeSet": {"@type": "CategoryCodeSet", "name": "SOC 2018", "url": SOC_2018},
        },
    ]
    salaries = []
    if page.wage is not None:
        salaries.append(_salary_distribution(page.wage, "annual"))
        if not page.wage.annual_only:
            salaries.append(_salary_distribution(page.wage, "hourly"))
    education = page.education
    skills = [
        {
            "@type": "DefinedTerm",
            "name": r.name,
            "termCode": r.element_id,
            "inDefinedTermSet": "O*NET Skills",
        }
        for r in page.skills
    ]
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "Occupation",
            "@id": f"{url}#occupation",
            "name": occ.title,
            "alternateName": [t.title for t in page.alternate_titles[:ALTERNATE_NAMES_IN_JSONLD]],
            "description": occ.description or occ.summary,
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "sameAs": ONET_ONLINE.format(code=occ.code) if occ.is_active else None,
            "occupationalCategory": codes,
            "occupationLocation": [{"@type": "Country", "name": "US"}],
            "estimatedSalary": [s for s in salaries if s],
            "educationRequirements": _education_requirements(education),
            "experienceRequirements": _experience_requirements(education),
            "qualifications": education.license_required if education else None,
            "skills": skills,
            # Core tasks, and those O*NET has not rated; supplemental ones are not the job's core.
            "responsibilities": [t.statement for t in page.core_tasks + page.unrated_tasks],
        }
    )


def breadcrumb_jsonld(trail) -> dict:
    """The page's breadcrumb trail (profiles.breadcrumbs) for search engines."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i, "name": name, "item": absolute(path)}
            for i, (name, path) in enumerate(trail, start=1)
        ],
    }


# --- open data: one career as JSON ------------------------------------------------


def _rating(r) -> dict:
    return {
        "element_id": r.element_id,
        "name": r.name,
        "importance": r.importance,
        "level": r.level,
    }


def _card(c) -> dict:
    return {
        "code": c.code,
        "title": c.title,
        "category": c.category_name,
        "url": absolute(c.get_absolute_url()),
        "json_url": absolute(reverse("careers:detail_json", args=[c.slug])),
        "national_median_annual_wage": c.median_pay,
        # BLS "#": the median is at or above the figure given (the top code), not equal to it.
        "national_median_top_coded": c.median_top_coded,
        "ai_resilience_label": c.ai_label or None,
    }


def _wage(w) -> dict:
    return {
        "release": f"May {w.release_year}",
        "release_year": w.release_year,
        "area": {"kind": w.area.kind, "code": w.area.code, "name": w.area.name},
        "state": w.area.state or None,
        "soc_code": w.soc_code,
        "soc_title": w.soc_title,
        "for_broader_soc": w.is_broader,
        "employment": w.employment,
        "annual": {f: getattr(w, f"annual_{f}") for f in WAGE_FIELDS},
        "hourly": None
        if w.annual_only
        else {f: _num(getattr(w, f"hourly_{f}")) for f in WAGE_FIELDS},
        "annual_only": w.annual_only,
        "top_coded": sorted(w.top_coded or []),
    }


def _distribution(d, release: str) -> dict:
    return {
        "element": d.title,
        "respondents": d.respondents,
        "n": d.n,
        "date": d.date,
        "domain_source": d.domain_source,
        "categories": [
            {
                "category": s.category,
                "name": s.name,
                "label": s.label,
                "percent": s.percent,
                "low_precision": s.suppress,
            }
            for s in d.shares
        ],
        "source": f"{release or 'O*NET'}, Education, Training, and Experience ({d.title}); "
        "CC BY 4.0",
    }


def _job_zone(page) -> dict | None:
    jz = page.job_zone
    if jz is None:
        return None
    release = page.occupation.data_release or "O*NET"
    return {
        "zone": jz.zone,
        "name": jz.name or None,
        "experience": jz.experience or None,
        "education": jz.education or None,
        "job_training": jz.job_training or None,
        "source": f"{release}, Job Zones"
        + (" and Job Zone Reference" if jz.name else "")
        + "; CC BY 4.0",
    }


def _interests(page) -> dict | None:
    i = page.interests
    if i is None:
        return None
    return {
        "holland_code": i.code or None,
        "high_points": [s.name for s in i.high_points],
        "scale": "O*NET Occupational Interests (OI), 1 to 7",
        "scores": [
            {"letter": s.letter, "name": s.name, "score": s.score, "description": s.description}
            for s in i.scores
        ],
        "source": f"{page.occupation.data_release or 'O*NET'}, Interests; CC BY 4.0",
        # The profiler's results for these six ratings: careers with similar interests.
        "similar_interests_url": absolute(
            reverse("careers:interest_results") + similar_interests_query(page.interest_profile)
        )
        if page.interest_profile is not None
        else None,
    }


def _education(e, page=None) -> dict | None:
    if e is None:
        return None
    release = page.occupation.data_release if page is not None else ""
    distributions = page.distributions if page is not None else []
    return {
        "typical_entry_education": e.typical_education,
        "related_work_experience": e.related_experience,
        "on_the_job_training": e.on_the_job_training,
        "license_or_certification": e.license_required,
        "training_time": e.training_time,
        "years_of_education_after_high_school": _num(e.years_of_education),
        "tuition_low": e.cost_low,
        "tuition_high": e.cost_high,
        "required_level_of_education_percent": e.education_levels or {},
        "distributions": {d.key: _distribution(d, release) for d in distributions},
        "source": e.source,
        "cost_source": e.cost_source,
        "cost_source_url": e.cost_source_url,
    }


def _outlook(o) -> dict | None:
    if o is None:
        return None
    return {
        "period": o.period,
        "period_start": o.period_start,
        "period_end": o.period_end,
        "employment_start": o.employment_start,
        "employment_end": o.employment_end,
        "change_percent": _num(o.change_percent),
        "annual_openings": o.annual_openings,
        "soc_code": o.soc_code,
        # Set when Table 1.2 projects this career only within a group (e.g. 21-1018).
        "soc_title": o.soc_title or None,
        "entry_education": o.entry_education,
        "work_experience": o.work_experience,
        "on_the_job_training": o.on_the_job_training,
        "source": o.source,
    }


def _ai(a) -> dict | None:
    if a is None:
        return None
    return {
        "label": a.label or None,
        "label_text": a.get_label_display() if a.label else "Partial assessment",
        "score": a.score,
        "reason": a.reason,
        "score_percentile": a.score_percentile,
        "inputs": {
            "exposure_percentile": a.exposure_percentile,
            "exposure_band": a.exposure_band,
            "exposure_spread": a.exposure_spread,
            "exposure_sources": a.exposure_sources,
            "sources_disagree": a.sources_disagree,
            "source_percentiles": {
                k: (a.source_percentiles or {}).get(k) for k in ai_resilience.SOURCE_KEYS
            },
            "human_advantage": a.human_advantage,
            "human_advantage_band": a.human_advantage_band,
            "growth_percent": a.growth_percent,
            "growth_band": a.growth_band,
            "growth_period": a.growth_period,
        },
        "points": {
            "start": 50 if a.score is not None else None,
            "exposure": a.exposure_points,
            "human_advantage": a.human_points,
            "outlook": a.outlook_points,
        },
        "method_version": a.method_version,
        "method_url": absolute(reverse("careers:about_ai")),
        "updated_on": a.updated_on.isoformat() if a.updated_on else None,
        "sources": list(a.sources or []),
    }


def _dataset(s) -> dict:
    return {
        "key": s.key,
        "name": s.name,
        "publisher": s.publisher,
        "release": s.release,
        "license": s.license,
        "url": s.url,
        "attribution": s.attribution,
        "imported_at": s.imported_at.isoformat() if s.imported_at else None,
    }


def _section_sources(page) -> dict:
    occ = page.occupation
    pay = None
    if page.wage is not None:
        pay = (
            "U.S. Bureau of Labor Statistics, Occupational Employment and Wage Statistics, "
            f"May {page.wage.release_year}; public domain"
        )
    education = page.education
    return {
        "occupation": f"{occ.data_release or 'O*NET'}, O*NET-SOC {occ.code}; CC BY 4.0",
        "tasks_ratings_technology_titles_related": f"{occ.data_release or 'O*NET'}; CC BY 4.0",
        "pay": pay,
        "outlook": page.outlook.source if page.outlook else None,
        "education": education.source if education else None,
        "tuition": education.cost_source if education else None,
        "ai_resilience": list(page.ai.sources or []) if page.ai else None,
        "progression": "OEWS wage percentiles; years of experience per stage are a rule of thumb",
        "job_zone": _job_zone(page)["source"] if page.job_zone else None,
        "interests": f"{occ.data_release or 'O*NET'}, Interests; CC BY 4.0"
        if page.interests
        else None,
        "work_styles": f"{occ.data_release or 'O*NET'}, Work Styles (impact, -3 to +3); CC BY 4.0"
        if page.work_styles
        else None,
        "education_distributions": (
            f"{occ.data_release or 'O*NET'}, Education, Training, and Experience; CC BY 4.0"
        )
        if page.distributions
        else None,
        "video": page.video["credit"] if page.video else None,
        # Our own prose, never under an agency's name.
        "summary_and_license_note": "Written by this site's editors"
        if occ.summary or (education and education.license_required)
        else None,
    }


def _pay_history(series) -> dict | None:
    """The national series the page charts: published figures and, with CPI-U, adjusted."""
    if series is None:
        return None
    return {
        "soc_2018": series.soc_code,
        "comparable_from": series.comparable_from,
        "not_comparable_before_because": series.break_reason or None,
        "dollars": f"May {series.base_year}" if series.adjusted else "nominal",
        "releases_imported": series.releases,
        "points": [
            {
                "year": p.year,
                "published_code": p.soc_code,
                "published_title": p.soc_title,
                "annual_p25": p.p25,
                "annual_median": p.median,
                "annual_p75": p.p75,
                "top_coded": list(p.top_coded),
                **(
                    {
                        "adjusted_p25": p.shown_p25,
                        "adjusted_median": p.shown_median,
                        "adjusted_p75": p.shown_p75,
                    }
                    if series.adjusted
                    else {}
                ),
            }
            for p in series.points
        ],
        "changes": [
            {
                "from": c.start,
                "to": c.end,
                "median_change": None if c.pct is None else round(c.pct, 4),
                "all_occupations_change": None if c.all_pct is None else round(c.all_pct, 4),
            }
            for c in series.changes
        ],
    }


def _match(m) -> dict:
    return {**_card(m.card), "interest_code": m.code, "correlation": m.correlation}


def _move(mv) -> dict:
    return {
        **_card(mv.card),
        "similarity": mv.similarity,
        "national_median_difference": mv.pay_difference,
        "job_zone": mv.job_zone,
        "typical_education": mv.education or None,
        "skills_to_strengthen": [
            {"skill": name, "level_here": here, "level_there": there}
            for name, here, there in mv.gaps
        ],
    }


def career_data(page, wages, sources, matches=()) -> dict:
    """One career as open data: everything the page shows, plus every release and state.

    wages: the occupation's national and state Wage rows (area selected);
    sources: DataSource rows; matches: explore.Match rows, the careers with the closest
    interest profiles. Contributed experience notes are left out: their
    authors gave them to the page, not to an open-data license.
    """
    occ = page.occupation
    release = occ.data_release
    return {
        "format_version": FORMAT_VERSION,
        "url": absolute(occ.get_absolute_url()),
        "json_url": absolute(reverse("careers:detail_json", args=[occ.slug])),
        "occupation": {
            "code": occ.code,
            "soc_code": occ.soc_code,
            "title": occ.title,
            "slug": occ.slug,
            "summary": occ.summary,
            "description": occ.description,
            "category": {"code": occ.category.code, "name": occ.category.name},
            "job_zone": occ.job_zone,
            "bright_outlook": occ.bright_outlook,
            "is_active": occ.is_active,
            "data_release": release,
            "updated_on": occ.updated_on.isoformat() if occ.updated_on else None,
            "video_url": occ.video_url or None,
            "video_poster_url": occ.video_poster_url or None,
            "holland_code": occ.interest_code or None,
            "inside_markdown": occ.inside,
            "onet_online_url": ONET_ONLINE.format(code=occ.code),
        },
        "tasks": [
            {
                "statement": t.statement,
                "kind": t.kind,
                "importance": t.importance,
                "onet_task_id": t.onet_task_id,
            }
            for t in page.tasks
        ],
        "abilities": [_rating(r) for r in page.abilities],
        "skills": [_rating(r) for r in page.skills],
        "knowledge": [_rating(r) for r in page.knowledge],
        "work_styles": [{**_rating(r), "description": r.description} for r in page.work_styles],
        "technology": [
            {"name": t.name, "category": t.category, "hot": t.hot, "in_demand": t.in_demand}
            for t in page.technology
        ],
        "alternate_titles": [{"title": t.title, "kind": t.kind} for t in page.alternate_titles],
        "related": [_card(c) for c in page.related],
        "same_category": [_card(c) for c in page.same_category],
        "job_zone": _job_zone(page),
        "interests": _interests(page),
        "interest_matches": [_match(m) for m in matches],
        "skill_moves": {
            "method_url": absolute(reverse("careers:interest_method") + "#moves"),
            "all_url": absolute(reverse("careers:moves", args=[occ.slug])),
            "closest": [_move(mv) for mv in page.moves],
        },
        "education": _education(page.education, page),
        "outlook": _outlook(page.outlook),
        "ai_resilience": _ai(page.ai),
        "pay": {
            "shown": _wage(page.wage) if page.wage else None,
            "progression": [
                {
                    "stage": s.name,
                    "percentile": s.percentile,
                    "years_of_experience": s.years,
                    "annual_wage": s.wage,
                    "typical_low": s.low,
                    "typical_high": s.high,
                    "top_coded": s.top_coded,
                }
                for s in page.progression
            ],
            "national": [_wage(w) for w in wages if w.area.kind == "national"],
            "states": [_wage(w) for w in wages if w.area.kind == "state"],
            "over_time": _pay_history(page.pay_history),
        },
        "sources": {
            "sections": _section_sources(page),
            "datasets": [_dataset(s) for s in sources],
        },
        "license": {
            "onet": {
                "license": "CC BY 4.0",
                "url": CC_BY,
                "attribution": onet_attribution(release),
            },
            "bls": "U.S. government work, public domain (OEWS, Employment Projections)",
            "aioe": "Felten, Raj & Seamans (2021), Strategic Management Journal; cite when reused",
        },
    }


# --- open data: the catalog as CSV ----------------------------------------------

CSV_COLUMNS = [
    ("onet_code", "O*NET-SOC code, e.g. 29-1141.00"),
    ("soc_code", "SOC 2018 code the BLS figures are published for"),
    ("title", "Occupation title (O*NET)"),
    ("category", "SOC major group"),
    ("url", "The career page on this site"),
    ("median_annual_wage", "National median annual wage, USD (BLS OEWS)"),
    ("p10_annual_wage", "National 10th-percentile annual wage, USD"),
    ("p90_annual_wage", "National 90th-percentile annual wage, USD"),
    ("wage_top_coded", "Wage columns at or above the BLS top code (the figure is a floor)"),
    ("wage_release", "OEWS release of the wages, e.g. May 2024"),
    ("wage_for_broader_soc", "true when the wages are for the broader SOC occupation"),
    ("typical_education", "Typical entry-level education (BLS Employment Projections)"),
    ("training_time", "Typical time to get in, e.g. 4 years"),
    ("growth_percent", "Projected change in employment over projection_period, %"),
    ("projection_period", "BLS projection period, e.g. 2024-34"),
    ("annual_openings", "Projected openings each year"),
    ("bright_outlook", "true when O*NET flags a bright outlook"),
    (
        "ai_resilience_label",
        "high, moderate or low (thirds of assessed occupations); blank for a partial assessment",
    ),
    ("ai_resilience_score", "0-100, higher is more resilient; blank when not computed"),
    ("job_zone", "O*NET Job Zone, 1-5 (preparation needed); blank when not rated"),
    ("holland_code", "O*NET interest high points as RIASEC letters, strongest first"),
    ("ai_exposure_consensus", "Consensus exposure percentile of the sources it has, 0-100"),
    ("ai_exposure_spread", "Highest minus lowest source percentile"),
    ("ai_exposure_sources", "How many of the five exposure sources score it"),
    *(
        (f"ai_exposure_{key}", f"{s.short} percentile among occupations ({s.authors} {s.year})")
        for key, s in ai_resilience.EXPOSURE_SOURCES.items()
    ),
]
CSV_HEADER = [name for name, _ in CSV_COLUMNS]
# Spreadsheets run cells that start with these as formulas; text cells get a leading '.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value) -> str:
    value = value or ""
    return f"'{value}" if value.startswith(_FORMULA_START) else value


def _bool(value) -> str:
    return "true" if value else "false"


def catalog_row(occ: Occupation) -> list:
    """One CSV row; occ carries .latest_wage (or None) set by selectors.catalog."""
    w = occ.latest_wage
    edu = getattr(occ, "education", None)
    out = getattr(occ, "outlook", None)
    ai = getattr(occ, "ai_resilience", None)
    top = (
        [f.removeprefix("annual_") for f in (w.top_coded or []) if f.startswith("annual_")]
        if w
        else []
    )
    return [
        occ.code,
        occ.soc_code,
        _text(occ.title),
        _text(occ.category.name),
        absolute(occ.get_absolute_url()),
        w.annual_median if w else "",
        w.annual_p10 if w else "",
        w.annual_p90 if w else "",
        " ".join(top),
        f"May {w.release_year}" if w else "",
        _bool(w.is_broader) if w else "",
        _text(edu.typical_education) if edu else "",
        _text(edu.training_time) if edu else "",
        "" if out is None or out.change_percent is None else _num(out.change_percent),
        out.period if out else "",
        "" if out is None or out.annual_openings is None else out.annual_openings,
        _bool(occ.bright_outlook),
        (ai.label if ai else "") or "",
        "" if ai is None or ai.score is None else round(ai.score, 1),
        "" if occ.job_zone is None else occ.job_zone,
        occ.interest_code,
        *_exposure_cells(ai),
    ]


def _exposure_cells(ai) -> list:
    if ai is None or ai.exposure_percentile is None:
        return [""] * (3 + len(ai_resilience.SOURCE_KEYS))
    given = ai.source_percentiles or {}
    return [
        ai.exposure_percentile,
        ai.exposure_spread,
        ai.exposure_sources,
        *(given.get(k, "") for k in ai_resilience.SOURCE_KEYS),
    ]
