"""Figures as words: one place for the rounding and banding every sentence shares.

A sentence built from a figure and the figure printed beside it must say the same, so
both are formatted here (the AI-resilience reason and its components, the outlook's
openings, the years of education) instead of once in Python and again in a template.
"""

from decimal import ROUND_HALF_UP, Decimal


def whole(value) -> str:
    """37.5 -> '38': half away from zero, as Django's floatformat rounds (Python's
    format() rounds half to even, which printed 36 beside a component's 37)."""
    if value is None or value == "":
        return ""
    return str(Decimal(str(value)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def signed(value) -> str:
    """'+5.2%', '-0.4%', '0.0%' for a change in percent; '' when there is none."""
    if value is None:
        return ""
    d = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if d == 0:
        return "0.0%"  # never "-0.0%"
    return f"{d:+}%"


def openings(value) -> str:
    """Annual openings as BLS publishes them (thousands, one decimal): 0.0 thousand is
    'fewer than 50', not '0'."""
    if value is None or value == "":
        return ""
    if value < 50:
        return "Fewer than 50"
    return f"{value:,}"


def years_of_education(value) -> str:
    """'About 4 years' after high school; none at all is said as such, never 'About 0 years'."""
    if value is None or value == "":
        return ""
    d = Decimal(str(value)).normalize()
    if d == 0:
        return "None beyond high school"
    text = f"{d:f}"
    return f"About {text} year" + ("" if d == 1 else "s")
