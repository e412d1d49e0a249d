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
