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


class WageHistory(models.Model):
    """One national OEWS figure as BLS published it, filed under the SOC 2018 code it is
    history of.

    Codes changed in 2019 (hybrid structure) and 2021 (SOC 2018). `link` says how the
    published code relates to the SOC 2018 one, so a series only continues where the
    change was one-to-one: a split or merged code is not one occupation's history.
    """

    SAME, RENAMED, SPLIT, MERGED, COMBINED = "same", "renamed", "split", "merged", "combined"
    LINK_CHOICES = [
        (SAME, "Same code"),
        (RENAMED, "Other code, one-to-one"),
        (SPLIT, "The published code also covered other occupations"),
        (MERGED, "One of several published codes merged into this one"),
        (COMBINED, "Published only within a combined (aggregate) code"),
    ]
    CONTINUES = (SAME, RENAMED)

    soc_2018 = models.CharField(max_length=7, help_text="The SOC 2018 code whose series this is")
    release_year = models.PositiveSmallIntegerField()
    soc_code = models.CharField(max_length=7, help_text="The code the figures were published under")
    soc_title = models.CharField(max_length=200, blank=True)
    link = models.CharField(max_length=8, choices=LINK_CHOICES)
    employment = models.PositiveIntegerField(null=True, blank=True)
    annual_p25 = models.PositiveIntegerField(null=True, blank=True)
    annual_median = models.PositiveIntegerField(null=True, blank=True)
    annual_p75 = models.PositiveIntegerField(null=True, blank=True)
    top_coded = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["soc_2018", "release_year", "soc_code"]
        verbose_name_plural = "wage history"
        constraints = [
            models.UniqueConstraint(
                fields=["soc_2018", "release_year", "soc_code"], name="wagehistory_unique"
            ),
            # At most one figure per year continues a series.
            models.UniqueConstraint(
                fields=["soc_2018", "release_year"],
                condition=Q(link__in=["same", "renamed"]),
                name="wagehistory_one_point_per_year",
            ),
            models.CheckConstraint(
                condition=Q(soc_2018__regex=SOC_CODE_PATTERN) & Q(soc_code__regex=SOC_CODE_PATTERN),
                name="wagehistory_soc_format",
            ),
            models.CheckConstraint(
                condition=Q(link__in=["same", "renamed", "split", "merged", "combined"]),
                name="wagehistory_link_valid",
            ),
            models.CheckConstraint(
                condition=~Q(link="same") | Q(soc_code=F("soc_2018")),
                name="wagehistory_same_means_same_code",
            ),
            models.CheckConstraint(
                condition=Q(release_year__gte=1997, release_year__lte=2100),
                name="wagehistory_year_range",
            ),
            models.CheckConstraint(
                condition=Q(annual_p25__lte=F("annual_median")), name="wagehistory_p25_le_p50"
            ),
            models.CheckConstraint(
                condition=Q(annual_median__lte=F("annual_p75")), name="wagehistory_p50_le_p75"
            ),
        ]

    def __str__(self):
        return f"{self.soc_2018} May {self.release_year} ({self.soc_code}, {self.link})"


class PriceIndex(models.Model):
    """CPI-U annual average (U.S. city average, all items), to show pay in today's dollars."""

    series_id = models.CharField(max_length=20)
    year = models.PositiveSmallIntegerField(unique=True)
    value = models.DecimalField(max_digits=8, decimal_places=3)

    class Meta:
        ordering = ["year"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gt=0), name="priceindex_positive"),
        ]

    def __str__(self):
        return f"{self.series_id} {self.year}: {self.value}"


class PayTrend(models.Model):
    """The 10-year median change per SOC 2018 code, derived from WageHistory after each
    import so the index can sort by it in SQL."""

    soc_code = models.CharField(max_length=7, unique=True)
    comparable_from = models.PositiveSmallIntegerField()
    latest_year = models.PositiveSmallIntegerField()
    change_10y = models.FloatField(null=True, blank=True, help_text="Nominal, as a fraction")
    change_10y_real = models.FloatField(
        null=True, blank=True, help_text="CPI-U adjusted, when a CPI file is imported"
    )

    class Meta:
        ordering = ["soc_code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(comparable_from__lte=F("latest_year")), name="paytrend_years_ordered"
            ),
        ]

    def __str__(self):
        return f"{self.soc_code} {self.comparable_from}-{self.latest_year}"
