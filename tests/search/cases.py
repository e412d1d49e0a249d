"""The search table: queries and the occupation expected first, on the full real dataset.

Shared by tests/search/test_realdata.py and bench/search.py. `kind` says what the row
exercises: an exact title, an alternate or reported title (O*NET lists every reported
title among the alternates too), a misspelling, or an abbreviation.
"""

from typing import NamedTuple


class Case(NamedTuple):
    query: str
    code: str  # O*NET-SOC code expected first
    kind: str  # "title", "alternate", "reported", "typo" or "abbreviation"


CASES = [
    # Exact titles, any case, singular or plural.
    Case("Registered Nurses", "29-1141.00", "title"),
    Case("registered nurse", "29-1141.00", "title"),
    Case("electricians", "47-2111.00", "title"),
    Case("Software Developers", "15-1252.00", "title"),
    Case("dental assistant", "31-9091.00", "title"),
    Case("chief executives", "11-1011.00", "title"),
    Case("web developer", "15-1254.00", "title"),
    Case("pharmacist", "29-1051.00", "title"),
    Case("firefighter", "33-2011.00", "title"),
    Case("data scientist", "15-2051.00", "title"),
    Case("human resources managers", "11-3121.00", "title"),
    Case("lawyer", "23-1011.00", "title"),
    Case("paramedic", "29-2043.00", "title"),
    # Alternate titles (the occupation's own title is different).
    Case("accountant", "13-2011.00", "alternate"),
    Case("plumber", "47-2152.00", "alternate"),
    Case("attorney", "23-1011.00", "alternate"),
    Case("software engineer", "15-1252.00", "alternate"),
    Case("truck driver", "53-3032.00", "alternate"),
    Case("welder", "51-4121.00", "alternate"),
    Case("police officer", "33-3051.00", "alternate"),
    Case("nurse", "29-1141.00", "alternate"),
    Case("architect", "17-1011.00", "alternate"),
    # Titles workers reported (O*NET "Sample of Reported Titles").
    Case("janitor", "37-2011.00", "reported"),
    Case("waitress", "35-3031.00", "reported"),
    Case("network administrator", "15-1244.00", "reported"),
    Case("chef", "35-1011.00", "reported"),
    # Misspellings.
    Case("registerd nurse", "29-1141.00", "typo"),
    Case("acountant", "13-2011.00", "typo"),
    Case("electrican", "47-2111.00", "typo"),
    Case("plumbr", "47-2152.00", "typo"),
    Case("pharmasist", "29-1051.00", "typo"),
    Case("carpanter", "47-2031.00", "typo"),
    Case("flebotomist", "31-9097.00", "typo"),
    Case("sofware developer", "15-1252.00", "typo"),
    Case("mechanical enginer", "17-2141.00", "typo"),
    Case("recepcionist", "43-4171.00", "typo"),
    # Abbreviations and shorthand (careers.search.ABBREVIATIONS).
    Case("rn", "29-1141.00", "abbreviation"),
    Case("RN", "29-1141.00", "abbreviation"),
    Case("lpn", "29-2061.00", "abbreviation"),
    Case("cna", "31-1131.00", "abbreviation"),
    Case("emt", "29-2042.00", "abbreviation"),
    Case("software dev", "15-1252.00", "abbreviation"),
    Case("hr mgr", "11-3121.00", "abbreviation"),
    Case("vet tech", "29-2056.00", "abbreviation"),
    Case("dental asst", "31-9091.00", "abbreviation"),
    Case("hvac tech", "49-9021.00", "abbreviation"),
    Case("ceo", "11-1011.00", "abbreviation"),
    Case("cpa", "13-2011.00", "abbreviation"),
    Case("swe", "15-1252.00", "abbreviation"),
    Case("sr accountant", "13-2011.00", "abbreviation"),
    Case("jr web dev", "15-1254.00", "abbreviation"),
    Case("it manager", "11-3021.00", "abbreviation"),
    Case("np", "29-1171.00", "abbreviation"),
    Case("elec engr", "17-2071.00", "abbreviation"),
    Case("dba", "15-1242.00", "abbreviation"),
]
