"""The two or three plain sentences at the top of a career page, built from its figures.

Each sentence is written only when every figure it states is published, and states the
figure exactly as the section below it does (same rounding, same "or more" for a
top-coded value), so the summary can never disagree with the page.
"""

from careers import wording
from salaries.charts import money_text, wage_figure

# Entry requirements as BLS words them, turned into a phrase that reads in a sentence.
_ENTRY = {
    "No formal educational credential": "no formal educational credential",
    "High school diploma or equivalent": "a high school diploma or equivalent",
    "Some college, no degree": "some college but no degree",
    "Postsecondary nondegree award": "a postsecondary nondegree award",
    "Associate's degree": "an associate's degree",
    "Bachelor's degree": "a bachelor's degree",
    "Master's degree": "a master's degree",
    "Doctoral or professional degree": "a doctoral or professional degree",
}
_EXPERIENCE = {
    "5 years or more": "5 years or more of related work experience",
    "Less than 5 years": "less than 5 years of related work experience",
}
_TRAINING = {
    "Short-term on-the-job training": "short-term on-the-job training",
    "Moderate-term on-the-job training": "moderate-term on-the-job training",
    "Long-term on-the-job training": "long-term on-the-job training",
    "Apprenticeship": "an apprenticeship",
    "Internship/residency": "an internship or residency",
}


def pay_sentence(wage, all_occupations_median: int | None) -> str:
    """Half earn more than the median; compared with all occupations' median of the same
    release when that is known."""
    if wage is None:
        return ""
    median, top = wage_figure(wage, "annual_median")
    if median is not None:
        text = f"Half of workers earn more than {money_text(median, top)} a year"
        if all_occupations_median and not top:
            if median > all_occupations_median:
                side = "above"
            elif median < all_occupations_median:
                side = "below"
            else:
                side = "the same as"
            text += f", {side} the {money_text(all_occupations_median)} median for all occupations"
        return f"{text} (BLS OEWS May {wage.release_year})."
    hourly, top = wage_figure(wage, "hourly_median")
    if hourly is not None:
        return (
            f"Half of workers earn more than {money_text(hourly, top)} an hour "
            f"(BLS OEWS May {wage.release_year}); BLS publishes no annual figure."
        )
    return ""


def entry_sentence(education) -> str:
    """What BLS says it typically takes to get in."""
    if education is None or education.typical_education not in _ENTRY:
        return ""
    parts = [_ENTRY[education.typical_education]]
    if education.related_experience in _EXPERIENCE:
        parts.append(_EXPERIENCE[education.related_experience])
    if education.on_the_job_training in _TRAINING:
        parts.append(_TRAINING[education.on_the_job_training])
    needs = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    return f"Most people start with {needs}."


def outlook_sentence(outlook) -> str:
    """BLS's projection: the change in jobs and the openings each year."""
    if outlook is None or outlook.change_percent is None or not outlook.period_end:
        return ""
    change = outlook.change_percent
    if change > 0:
        trend = f"{wording.signed(change).lstrip('+')} more jobs"
    elif change < 0:
        trend = f"{wording.signed(change).lstrip('-')} fewer jobs"
    else:
        trend = "no change in the number of jobs"
    text = f"BLS projects {trend} from {outlook.period_start} to {outlook.period_end}"
    if outlook.annual_openings:
        openings = wording.openings(outlook.annual_openings)
        text += f", with {openings[0].lower() + openings[1:]} openings a year"
    return text + "."


def summary_sentences(page) -> list[str]:
    series = page.pay_history
    all_median = None
    if series is not None and page.wage is not None and series.latest == page.wage.release_year:
        all_median = series.all_occupations_median
    sentences = [
        pay_sentence(page.wage, all_median),
        entry_sentence(page.education),
        outlook_sentence(page.outlook),
    ]
    return [s for s in sentences if s]
