"""What a career PAYS: OEWS wage percentiles by area and release."""

from django.db import models
from django.db.models import F, Q

from careers.models import Occupation
from careers.soc import SOC_CODE_PATTERN


class Area(models.Model):
    class Kind(models.TextChoices):
        NATIONAL = "national", "National"
        STATE = "state", "State"
        METRO = "metro", "Metropolitan area"
        NONMETRO = "nonmetro", "Nonmetropolitan area"

    # Shorthand (Area.STATE is Area.Kind.STATE).
    NATIONAL, STATE, METRO, NONMETRO = Kind.NATIONAL, Kind.STATE, Kind.METRO, Kind.NONMETRO
    KIND_CHOICES = Kind.choices
    # OEWS AREA_TYPE codes: 1 national, 2 state, 3 territory, 4 metropolitan, 6 nonmetropolitan.
    OEWS_TYPES = {1: NATIONAL, 2: STATE, 3: STATE, 4: METRO, 6: NONMETRO}

    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    code = models.CharField(
        max_length=10, help_text="OEWS AREA code: 99 national, FIPS state, CBSA metro"
    )
    name = models.CharField(max_length=150)
    state = models.CharField(max_length=2, blank=True, help_text="Postal abbreviation (PRIM_STATE)")
    slug = models.SlugField(max_length=160, unique=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code"], name="area_unique_kind_code")
        ]

    def __str__(self):
        return self.name


class WageQuerySet(models.QuerySet):
    def current(self):
        """Newest release first, so `.first()` per area is the default shown."""
        return self.order_by("-release_year")

    def current_national(self):
        """National rows, newest release first: the first row per occupation is "the
        national wage" every page, card, export and sitemap shows. One definition, so a
        new release (or a change of what counts as current) moves all of them at once."""
        return self.filter(area__kind=Area.NATIONAL).current()


class Wage(models.Model):
    """One OEWS estimate row mapped to one O*NET occupation."""

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="wages")
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="wages")
    release_year = models.PositiveSmallIntegerField(help_text="OEWS reference year (May estimates)")
    soc_code = models.CharField(
        max_length=7, help_text="The OEWS occupation code the figures are for"
    )
    soc_title = models.CharField(max_length=200, blank=True)
    is_broader = models.BooleanField(
        default=False,
        help_text="True when the figures are for the broader SOC occupation, shared by several O*NET codes.",
    )
    employment = models.PositiveIntegerField(null=True, blank=True)
    annual_mean = models.PositiveIntegerField(null=True, blank=True)
    annual_p10 = models.PositiveIntegerField(null=True, blank=True)
    annual_p25 = models.PositiveIntegerField(null=True, blank=True)
    annual_median = models.PositiveIntegerField(null=True, blank=True)
    annual_p75 = models.PositiveIntegerField(null=True, blank=True)
    annual_p90 = models.PositiveIntegerField(null=True, blank=True)
    hourly_mean = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p10 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p25 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_median = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p75 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    hourly_p90 = models.DecimalField(max_digits=7, decimal_places=2, null=True, blank=True)
    # BLS "#": the wage is at or above the top code; the stored value is that top code.
    top_coded = models.JSONField(
        default=list,
        blank=True,
        help_text='Fields at or above the top-coded wage, e.g. ["annual_p90"]',
    )
    annual_only = models.BooleanField(
        default=False, help_text="BLS publishes annual wages only (e.g. teachers)"
    )

    objects = WageQuerySet.as_manager()

    class Meta:
        ordering = ["occupation", "area", "-release_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["occupation", "area", "release_year"], name="wage_unique_occ_area_release"
            ),
            models.CheckConstraint(
                condition=Q(soc_code__regex=SOC_CODE_PATTERN), name="wage_soc_format"
            ),
            models.CheckConstraint(
                condition=Q(release_year__gte=1997, release_year__lte=2100),
                name="wage_release_year_range",
            ),
            # Percentiles never decrease. A NULL comparison is unknown, which a CHECK accepts.
            models.CheckConstraint(
                condition=Q(annual_p10__lte=F("annual_p25")), name="wage_annual_p10_le_p25"
            ),
            models.CheckConstraint(
                condition=Q(annual_p25__lte=F("annual_median")), name="wage_annual_p25_le_p50"
            ),
            models.CheckConstraint(
                condition=Q(annual_median__lte=F("annual_p75")), name="wage_annual_p50_le_p75"
            ),
            models.CheckConstraint(
                condition=Q(annual_p75__lte=F("annual_p90")), name="wage_annual_p75_le_p90"
            ),
            models.CheckConstraint(
                condition=Q(hourly_p10__lte=F("hourly_p25")), name="wage_hourly_p10_le_p25"
            ),
            models.CheckConstraint(
                condition=Q(hourly_p25__lte=F("hourly_median")), name="wage_hourly_p25_le_p50"
            ),
            models.CheckConstraint(
                condition=Q(hourly_median__lte=F("hourly_p75")), name="wage_hourly_p50_le_p75"
            ),
            models.CheckConstraint(
                condition=Q(hourly_p75__lte=F("hourly_p90")), name="wage_hourly_p75_le_p90"
            ),
        ]
        indexes = [models.Index(fields=["area", "release_year"], name="wage_area_release_idx")]

    def __str__(self):
        return f"{self.occupation.code} {self.area} {self.release_year}"

    @property
    def annual_percentiles(self):
        return [
            self.annual_p10,
            self.annual_p25,
            self.annual_median,
            self.annual_p75,
            self.annual_p90,
        ]
