"""Job titles as a reader sees them: variants that differ only in case, punctuation or
spacing are one title.

O*NET lists many titles twice: once in Alternate Titles and again in Sample of Reported
Titles, or as spelling variants ("Post Anesthesia" / "Post-Anesthesia", "Baby Sitter" /
"Babysitter") that help search. The database keeps every published row, so search still
finds each variant; pages and exports show each title once.
"""

import re

# Everything but letters, digits, "+" and "#" ("C++" and "C#" are different titles).
_NOISE = re.compile(r"[^\w+#]+|_")


def title_key(title: str) -> str:
    """What two titles share when they differ only in case, punctuation or spacing."""
    return _NOISE.sub("", title.casefold())


def distinct_titles(rows, title=lambda row: row.title) -> list:
    """The rows whose title_key was not seen before, in the order given (the first wins)."""
    seen, out = set(), []
    for row in rows:
        key = title_key(title(row))
        if key not in seen:
            seen.add(key)
            out.append(row)
    return out


def title_rank(row) -> tuple:
    """Most used first: what workers call the job (O*NET's reported titles, those My Next
    Move shows first), then alternate titles by how many of O*NET's sources give them."""
    sources = len([s for s in (row.sources or "").split(",") if s.strip()])
    reported_tier = 0 if row.in_my_next_move else 1
    tier = reported_tier if row.kind == "reported" else (1 if sources >= 2 else 2)
    return (tier, -sources, row.title.casefold())


def rank_titles(rows) -> list:
    return sorted(rows, key=title_rank)
