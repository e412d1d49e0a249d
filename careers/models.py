"""What a career IS: occupations and everything O*NET and BLS Projections say about them."""

from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.urls import reverse

from .soc import ONET_CODE_PATTERN, SOC_CODE_PATTERN
from .validators import validate_video_url

# The six RIASEC interest types in O*NET's order; the letter is the Holland code's.
RIASEC = [
    ("R", "Realistic"),
    ("I", "Investigative"),
    ("A", "Artistic"),
    ("S", "Social"),
    ("E", "Enterprising"),
    ("C", "Conventional"),
]
INTEREST_NAMES = dict(RIASEC)


class Category(models.Model):
    """A SOC major group, e.g. 11 Management."""

    code = models.CharField(max_length=2, unique=True)
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=140, unique=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "categories"
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]{2}$"), name="category_code_2_digits"
            ),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("careers:index") + f"?category={self.slug}"


class JobZone(models.Model):
    """One row of O*NET's Job Zone Reference: what a zone means for preparation."""

    zone = models.PositiveSmallIntegerField(unique=True)
    name = models.CharField(max_length=120)
    experience = models.TextField(blank=True)
    education = models.TextField(blank=True)
    job_training = models.TextField(blank=True)
    examples = models.TextField(blank=True)
    svp_range = models.CharField("SVP range", max_length=40, blank=True)

    class Meta:
        ordering = ["zone"]
        constraints = [
            models.CheckConstraint(condition=Q(zone__gte=1, zone__lte=5), name="job_zone_ref_1_5"),
        ]

    def __str__(self):
        return f"{self.zone}: {self.name}"


# What a page shows of its occupation's Job Zone Reference row, read in the same query.
JOB_ZONE_FIELDS = ("name", "experience", "education", "job_training")


class OccupationQuerySet(models.QuerySet):
    def active(self):
        """Occupations in the current release: the ones the public site lists."""
        return self.filter(is_active=True)

    def with_job_zone(self):
        """Each occupation's Job Zone Reference texts as job_zone_<field> attributes.

        Annotated in the occupation's own query (the reference has five rows at most),
        so a page gets them without a query of its own.
        """
        ref = JobZone.objects.filter(zone=OuterRef("job_zone"))
        return self.annotate(
            **{f"job_zone_{f}": Subquery(ref.values(f)[:1]) for f in JOB_ZONE_FIELDS}
        )


class Occupation(models.Model):
    code = models.CharField("O*NET-SOC code", max_length=10, unique=True)
    soc_code = models.CharField("SOC code", max_length=7, db_index=True)
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    summary = models.CharField(
        max_length=300, blank=True, help_text="One line shown under the title and in link previews."
    )
    description = models.TextField(blank=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="occupations")
    job_zone = models.PositiveSmallIntegerField(null=True, blank=True)
    inside = models.TextField(
        "inside this career",
        blank=True,
        help_text="Editorial text in Markdown (raw HTML is not rendered).",
    )
    interest_code = models.CharField(
        "Holland code",
        max_length=3,
        blank=True,
        help_text="O*NET's interest high points as RIASEC letters, strongest first (imported).",
    )
    video_url = models.URLField(
        blank=True,
        validators=[validate_video_url],
        help_text="A video file on an allowed host (settings.CAREER_VIDEO_HOSTS).",
    )
    video_poster_url = models.URLField(
        "video poster URL",
        blank=True,
        validators=[validate_video_url],
        help_text="The still image shown until the video is played; same allowed hosts.",
    )
    featured = models.BooleanField(default=False)
    bright_outlook = models.BooleanField(default=False)
    is_active = models.BooleanField(
        default=True,
        help_text="False when the occupation is no longer in the latest O*NET release.",
    )
    data_release = models.CharField(max_length=40, blank=True, help_text='e.g. "O*NET 30.2"')
    updated_on = models.DateField(null=True, blank=True)

    objects = OccupationQuerySet.as_manager()

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=ONET_CODE_PATTERN), name="occupation_code_format"
            ),
            models.CheckConstraint(
                condition=Q(soc_code__regex=SOC_CODE_PATTERN), name="occupation_soc_format"
            ),
            models.CheckConstraint(
                condition=Q(job_zone__isnull=True) | Q(job_zone__gte=1, job_zone__lte=5),
                name="occupation_job_zone_1_5",
            ),
            models.CheckConstraint(
                condition=Q(interest_code__regex=r"^[RIASEC]{0,3}$"),
                name="occupation_interest_code_riasec",
            ),
            models.CheckConstraint(
                condition=Q(video_poster_url="") | ~Q(video_url=""),
                name="occupation_poster_needs_video",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.code})"

    def get_absolute_url(self):
        return reverse("careers:detail", args=[self.slug])


class Task(models.Model):
    class Kind(models.TextChoices):
        """O*NET's three Task Types, kept as published: a task O*NET has not rated
        ("n/a") is neither core nor supplemental, and is never shown as either."""

        CORE = "core", "Core"
        SUPPLEMENTAL = "supplemental", "Supplemental"
        NOT_RATED = "not_rated", "Not rated (n/a)"

    CORE, SUPPLEMENTAL, NOT_RATED = Kind.CORE, Kind.SUPPLEMENTAL, Kind.NOT_RATED

    # db_index=False here and on the other per-occupation tables below: the unique
    # constraint leads with occupation, so its index serves every lookup by occupation,
    # and a second index only slowed each import's bulk writes.
    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="tasks", db_index=False
    )
    onet_task_id = models.PositiveIntegerField(null=True, blank=True)
    statement = models.TextField()
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.NOT_RATED)
    importance = models.FloatField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["occupation", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["core", "supplemental", "not_rated"]), name="task_kind_known"
            ),
            models.UniqueConstraint(
                fields=["occupation", "onet_task_id"], name="task_unique_onet_id"
            ),
        ]

    def __str__(self):
        return self.statement[:80]


class Descriptor(models.Model):
    """An O*NET content-model element (an ability, skill, knowledge area, work style or interest)."""

    class Domain(models.TextChoices):
        ABILITY = "ability", "Ability"
        SKILL = "skill", "Skill"
        KNOWLEDGE = "knowledge", "Knowledge"
        WORK_STYLE = "work_style", "Work style"
        INTEREST = "interest", "Interest"

    # Shorthand (Descriptor.SKILL is Descriptor.Domain.SKILL).
    ABILITY, SKILL, KNOWLEDGE = Domain.ABILITY, Domain.SKILL, Domain.KNOWLEDGE
    WORK_STYLE, INTEREST = Domain.WORK_STYLE, Domain.INTEREST
    DOMAIN_CHOICES = Domain.choices

    element_id = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=150)
    domain = models.CharField(max_length=12, choices=DOMAIN_CHOICES, db_index=True)
    description = models.TextField(
        blank=True, help_text="O*NET's definition (Content Model Reference), as published."
    )

    class Meta:
        ordering = ["domain", "name"]

    def __str__(self):
        return f"{self.name} ({self.get_domain_display()})"


class Rating(models.Model):
    """How much a descriptor matters in an occupation.

    importance is O*NET's IM scale (1-5; work styles WI -3..3; interests OI 1-7);
    level is LV (0-7) where O*NET publishes one.
    """

    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="ratings", db_index=False
    )
    descriptor = models.ForeignKey(Descriptor, on_delete=models.CASCADE, related_name="ratings")
    importance = models.FloatField(null=True, blank=True)
    level = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["occupation", "descriptor"], name="rating_unique"),
            models.CheckConstraint(
                condition=Q(importance__isnull=True) | Q(importance__gte=-3, importance__lte=7),
                name="rating_importance_range",
            ),
            models.CheckConstraint(
                condition=Q(level__isnull=True) | Q(level__gte=0, level__lte=7),
                name="rating_level_range",
            ),
        ]

    def __str__(self):
        return f"{self.occupation.code} {self.descriptor.name}"


class TechnologySkill(models.Model):
    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="technology_skills", db_index=False
    )
    name = models.CharField(max_length=255)
    category_code = models.CharField(
        max_length=20, blank=True, help_text="UNSPSC commodity or 2.E element id"
    )
    category = models.CharField(max_length=255, blank=True)
    hot = models.BooleanField("hot technology", default=False)
    in_demand = models.BooleanField(default=False)

    class Meta:
        ordering = ["-hot", "-in_demand", "name"]
        constraints = [
            models.UniqueConstraint(fields=["occupation", "name"], name="techskill_unique"),
        ]

    def __str__(self):
        return self.name


class AlternateTitle(models.Model):
    class Kind(models.TextChoices):
        ALTERNATE = "alternate", "Alternate title"
        REPORTED = "reported", "Reported by workers"

    ALTERNATE, REPORTED = Kind.ALTERNATE, Kind.REPORTED  # shorthand
    KIND_CHOICES = Kind.choices

    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="alternate_titles", db_index=False
    )
    title = models.CharField(max_length=255)
    short_title = models.CharField(max_length=150, blank=True)
    kind = models.CharField(max_length=10, choices=KIND_CHOICES, default=ALTERNATE)
    sources = models.CharField(max_length=60, blank=True)
    # O*NET's "Shown in My Next Move" on a reported title: the few it picks as what
    # workers call the job, which the page lists first.
    in_my_next_move = models.BooleanField(default=False)

    class Meta:
        ordering = ["kind", "title"]
        constraints = [
            models.UniqueConstraint(fields=["occupation", "title", "kind"], name="alttitle_unique"),
        ]

    def __str__(self):
        return self.title


class SearchTerm(models.Model):
    """One stemmed word of an active occupation's search document, weighted at import.

    Built by careers.services.rebuild_search_index from the title, alternate and
    reported titles, tasks, technology examples and description (careers.search
    explains the BM25F weight), so a search reads a few index ranges instead of
    parsing thousands of task statements per query.
    """

    term = models.CharField(max_length=40)
    # No index of its own and no database-level foreign key: the table is rewritten as a
    # whole from the occupations, in the import's transaction, by the one function that
    # writes it, so a per-row check (one trigger per row at commit on PostgreSQL) and an
    # index no search reads cost seconds of every real import and guarded nothing. The
    # unique (term, occupation) index serves searches; Django still cascades deletes.
    occupation = models.ForeignKey(
        Occupation,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    weight = models.FloatField()

    class Meta:
        constraints = [
            # Its index (term first) is the one every search reads.
            models.UniqueConstraint(fields=["term", "occupation"], name="searchterm_unique"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="searchterm_weight_gt_0"),
        ]

    def __str__(self):
        return f"{self.term} {self.occupation_id} {self.weight:.3f}"


class SearchWord(models.Model):
    """A word as written in some search document: what misspellings are corrected to.

    head and tail (first and last three letters) are indexed because a typo rarely
    spoils both ends of a word; they fetch the few candidates a correction compares.
    """

    word = models.CharField(max_length=40, unique=True)
    head = models.CharField(max_length=3, db_index=True)
    tail = models.CharField(max_length=3, db_index=True)
    length = models.PositiveSmallIntegerField()
    in_title = models.BooleanField(help_text="in an occupation's own or alternate title")
    occupations = models.PositiveIntegerField(help_text="documents holding the word")

    def __str__(self):
        return self.word


class RelatedOccupation(models.Model):
    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="related_links", db_index=False
    )
    related = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="+")
    tier = models.CharField(max_length=30, blank=True, help_text="O*NET relatedness tier")
    rank = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["occupation", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["occupation", "related"], name="related_unique"),
            models.CheckConstraint(condition=~Q(occupation=F("related")), name="related_not_self"),
        ]

    def __str__(self):
        return f"{self.occupation.code} -> {self.related.code}"


class Education(models.Model):
    """How people get into the career: entry requirements, time and cost."""

    occupation = models.OneToOneField(
        Occupation, on_delete=models.CASCADE, related_name="education"
    )
    typical_education = models.CharField(max_length=120, blank=True)
    related_experience = models.CharField(max_length=120, blank=True)
    on_the_job_training = models.CharField(max_length=120, blank=True)
    license_required = models.CharField(
        "license or certification",
        max_length=255,
        blank=True,
        help_text="What is required, or blank when unknown.",
    )
    training_time = models.CharField(max_length=60, blank=True, help_text='e.g. "4-6 years"')
    years_of_education = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    cost_low = models.PositiveIntegerField(null=True, blank=True)
    cost_high = models.PositiveIntegerField(null=True, blank=True)
    cost_source = models.TextField(blank=True)
    cost_source_url = models.URLField(blank=True)
    # O*NET "Required Level of Education": share of workers per category, {category label: percent}.
    education_levels = models.JSONField(default=dict, blank=True)
    # O*NET Education, Training, and Experience: {"required_education" | "related_experience" |
    # "on_the_job_training": {"element_id", "scale", "n", "date", "domain_source",
    # "categories": [{"category", "label", "percent", "suppress"}, ...] in category order}}.
    # Lists, not objects, hold the order: PostgreSQL's jsonb does not keep key order.
    distributions = models.JSONField(default=dict, blank=True)
    source = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name_plural = "education"
        constraints = [
            models.CheckConstraint(
                condition=Q(cost_low__isnull=True)
                | Q(cost_high__isnull=True)
                | Q(cost_low__lte=F("cost_high")),
                name="education_cost_range_ordered",
            ),
        ]

    def __str__(self):
        return f"Education for {self.occupation.code}"


def period_label(start: int | None, end: int | None) -> str:
    """A projection period as BLS writes it: 2024-34."""
    return f"{start}-{str(end)[-2:]}" if start and end else ""


class Outlook(models.Model):
    """BLS Employment Projections for the occupation's SOC code."""

    occupation = models.OneToOneField(Occupation, on_delete=models.CASCADE, related_name="outlook")
    soc_code = models.CharField(
        max_length=7, blank=True, help_text="The Table 1.2 line item the projection is for"
    )
    soc_title = models.CharField(
        max_length=200,
        blank=True,
        help_text="Its BLS title, set when the line item is a group that includes this career",
    )
    employment_start = models.PositiveIntegerField(null=True, blank=True)
    employment_end = models.PositiveIntegerField(null=True, blank=True)
    change_percent = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    annual_openings = models.PositiveIntegerField(null=True, blank=True)
    period_start = models.PositiveSmallIntegerField(null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(null=True, blank=True)
    median_wage = models.PositiveIntegerField(null=True, blank=True)
    entry_education = models.CharField(max_length=120, blank=True)
    work_experience = models.CharField(max_length=120, blank=True)
    on_the_job_training = models.CharField(max_length=120, blank=True)
    source = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_start__lt=F("period_end")),
                name="outlook_period_ordered",
            ),
        ]

    def __str__(self):
        return f"Outlook for {self.occupation.code}"

    @property
    def period(self):
        return period_label(self.period_start, self.period_end)


class AIResilience(models.Model):
    """The explained AI-resilience assessment; computed by careers.ai_resilience."""

    class Label(models.TextChoices):
        HIGH = "high", "More resilient to current AI than most occupations"
        MODERATE = "moderate", "About as resilient to current AI as the typical occupation"
        LOW = "low", "Less resilient to current AI than most occupations"

    HIGH, MODERATE, LOW = Label.HIGH, Label.MODERATE, Label.LOW  # shorthand
    LABEL_CHOICES = Label.choices

    occupation = models.OneToOneField(
        Occupation, on_delete=models.CASCADE, related_name="ai_resilience"
    )
    label = models.CharField(
        max_length=10, choices=LABEL_CHOICES, blank=True, help_text="Blank: partial assessment"
    )
    score = models.FloatField(null=True, blank=True)
    score_percentile = models.FloatField(
        null=True, blank=True, help_text="Share of assessed occupations with a lower score"
    )
    reason = models.CharField(max_length=700)
    exposure_percentile = models.FloatField(
        null=True, blank=True, help_text="Consensus of the exposure sources (0-100)"
    )
    exposure_band = models.CharField(max_length=12, blank=True)
    exposure_spread = models.FloatField(
        null=True, blank=True, help_text="Highest minus lowest source percentile"
    )
    exposure_sources = models.PositiveSmallIntegerField(default=0, db_default=0)
    source_percentiles = models.JSONField(
        default=dict, blank=True, help_text="Each exposure source's percentile (copy of AIExposure)"
    )
    sources_disagree = models.BooleanField(default=False, db_default=False)
    exposure_points = models.FloatField(null=True, blank=True)
    human_advantage = models.FloatField(null=True, blank=True, help_text="0-100")
    human_advantage_band = models.CharField(max_length=12, blank=True)
    human_points = models.FloatField(null=True, blank=True)
    growth_percent = models.FloatField(null=True, blank=True)
    growth_band = models.CharField(max_length=20, blank=True)
    growth_period = models.CharField(max_length=12, blank=True)
    outlook_points = models.FloatField(null=True, blank=True)
    sources = models.JSONField(default=list, blank=True)
    method_version = models.CharField(max_length=10, blank=True)
    updated_on = models.DateField(null=True, blank=True)
    # Method 1.0 columns, no longer written: kept one release so the previous code
    # keeps working on this schema during a rolling deploy; drop them in the next.
    exposure_score = models.FloatField(null=True, blank=True, editable=False)
    automation_risk = models.FloatField(null=True, blank=True, editable=False)
    automation_risk_band = models.CharField(max_length=12, blank=True, editable=False)

    class Meta:
        verbose_name = "AI-resilience assessment"
        constraints = [
            models.CheckConstraint(
                condition=Q(exposure_percentile__isnull=True)
                | Q(exposure_percentile__gte=0, exposure_percentile__lte=100),
                name="ai_exposure_percentile_range",
            ),
            models.CheckConstraint(
                condition=Q(human_advantage__isnull=True)
                | Q(human_advantage__gte=0, human_advantage__lte=100),
                name="ai_human_advantage_range",
            ),
            models.CheckConstraint(
                condition=Q(exposure_spread__isnull=True)
                | Q(exposure_spread__gte=0, exposure_spread__lte=100),
                name="ai_exposure_spread_range",
            ),
            models.CheckConstraint(
                condition=Q(exposure_sources__lte=5), name="ai_exposure_sources_at_most_five"
            ),
        ]

    def __str__(self):
        return f"AI resilience for {self.occupation.code}"

    @property
    def is_partial(self):
        return not self.label


class AIExposure(models.Model):
    """One research source's exposure score for an occupation, and its percentile.

    Kept per source (not folded into AIResilience) so the page can show where the
    sources disagree and the method page can correlate them.
    """

    SOURCE_CHOICES = [
        ("aioe", "AIOE 2021"),
        ("lm_aioe", "Language-modeling AIOE 2023"),
        ("gpt4_beta", "GPT-4 rated exposure"),
        ("human_beta", "Human rated exposure"),
        ("microsoft", "Microsoft AI applicability"),
    ]

    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="ai_exposures"
    )
    source = models.CharField(max_length=12, choices=SOURCE_CHOICES)
    score = models.FloatField(help_text="As published, after mapping to this occupation")
    percentile = models.FloatField(help_text="Among the occupations this source covers (0-100)")
    mapped_from = models.CharField(
        max_length=120, help_text="The source's own code(s) this score comes from"
    )

    class Meta:
        verbose_name = "AI-exposure score"
        ordering = ["occupation_id", "source"]
        constraints = [
            models.UniqueConstraint(fields=["occupation", "source"], name="ai_exposure_once"),
            models.CheckConstraint(
                condition=Q(percentile__gte=0, percentile__lte=100),
                name="ai_exposure_source_percentile_range",
            ),
            models.CheckConstraint(
                condition=Q(source__in=["aioe", "lm_aioe", "gpt4_beta", "human_beta", "microsoft"]),
                name="ai_exposure_known_source",
            ),
        ]

    def __str__(self):
        return f"{self.source} for {self.occupation_id}"


class AIExposureSource(models.Model):
    """What the import learned about a source: coverage and rank agreement with the others.

    The correlation matrix is computed at import time and stored, so the method page
    shows the figures of the data actually loaded without recomputing them per request.
    """

    key = models.CharField(max_length=12, unique=True)
    release = models.CharField(max_length=60, blank=True)
    records = models.PositiveIntegerField(default=0, help_text="Rows in the source file")
    occupations = models.PositiveIntegerField(default=0, help_text="Occupations it scores here")
    unmatched = models.JSONField(default=list, blank=True, help_text="Its codes matching nothing")
    correlations = models.JSONField(
        default=dict, blank=True, help_text="Spearman rank correlation with each other source"
    )
    computed_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return self.key


class DataSource(models.Model):
    """One imported data set: what it is, which release, its license, when it was loaded."""

    key = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    publisher = models.CharField(max_length=200, blank=True)
    release = models.CharField(max_length=60, blank=True)
    license = models.CharField(max_length=120, blank=True)
    url = models.URLField(blank=True)
    attribution = models.TextField(blank=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    row_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["key"]

    def __str__(self):
        return f"{self.name} {self.release}"


class InterestProfile(models.Model):
    """An occupation's six O*NET interest ratings (OI scale, 1-7) on one row.

    Derived from the interest `Rating` rows after every import (careers.matching), so the
    interest profiler ranks every career with one query over ~900 rows instead of ~5,500.
    """

    occupation = models.OneToOneField(
        Occupation, on_delete=models.CASCADE, related_name="interest_profile"
    )
    realistic = models.FloatField()
    investigative = models.FloatField()
    artistic = models.FloatField()
    social = models.FloatField()
    enterprising = models.FloatField()
    conventional = models.FloatField()
    code = models.CharField(
        max_length=3, help_text="The three highest types, highest first (e.g. SIA)"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    realistic__gte=1,
                    realistic__lte=7,
                    investigative__gte=1,
                    investigative__lte=7,
                    artistic__gte=1,
                    artistic__lte=7,
                    social__gte=1,
                    social__lte=7,
                    enterprising__gte=1,
                    enterprising__lte=7,
                    conventional__gte=1,
                    conventional__lte=7,
                ),
                name="interest_profile_oi_range",
            ),
            models.CheckConstraint(
                condition=Q(code__regex=r"^[RIASEC]{1,3}$"), name="interest_profile_code_letters"
            ),
        ]

    def __str__(self):
        return f"Interests of {self.occupation_id}: {self.code}"

    @property
    def scores(self) -> tuple[float, float, float, float, float, float]:
        """The six ratings in RIASEC order."""
        return (
            self.realistic,
            self.investigative,
            self.artistic,
            self.social,
            self.enterprising,
            self.conventional,
        )


class SkillMove(models.Model):
    """A career whose O*NET skill and knowledge profile is close to this one's.

    Derived after every import (careers.matching): the similarity is symmetric, the list
    is not (each career keeps its own closest ones), and `gaps` holds the skills whose
    level rises most on the way from `occupation` to `target`.
    """

    occupation = models.ForeignKey(
        Occupation, on_delete=models.CASCADE, related_name="moves", db_index=False
    )
    target = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="+")
    # Not unique: an upsert that reorders a list would collide with itself half-way.
    rank = models.PositiveSmallIntegerField()
    similarity = models.FloatField()
    # [[skill name, level here, level there], ...], the biggest rise first (O*NET LV, 0-7).
    gaps = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["occupation", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["occupation", "target"], name="skillmove_unique"),
            models.CheckConstraint(condition=~Q(occupation=F("target")), name="skillmove_not_self"),
            models.CheckConstraint(
                condition=Q(similarity__gte=-1, similarity__lte=1),
                name="skillmove_similarity_range",
            ),
        ]

    def __str__(self):
        return f"{self.occupation_id} -> {self.target_id} ({self.similarity:.3f})"
