"""Everyday searches: what students type when they do not know a job title yet.

Shared by tests/search/test_everyday.py and bench/search.py. Each row lists the careers
a counselor would accept among the first three results: full O*NET-SOC codes, or a
code prefix ending in "-" or a digit group ("29-1", "27-40") for a whole family.
`kind` says what the query names: an activity, a subject, a place or setting, a goal,
or a thing to work with.
"""

from typing import NamedTuple


class Everyday(NamedTuple):
    query: str
    acceptable: tuple[str, ...]
    kind: str  # "activity", "subject", "place", "goal" or "thing"


def acceptable(code: str, allowed: tuple[str, ...]) -> bool:
    """Whether an O*NET-SOC code is one of `allowed` (full codes or prefixes)."""
    return any(code == a or (len(a) < 10 and code.startswith(a)) for a in allowed)


EVERYDAY_CASES = [
    # Activities
    Everyday("fix cars", ("49-3023", "49-3021", "49-3022"), "activity"),
    Everyday("repair cars", ("49-3023", "49-3021", "49-3022"), "activity"),
    Everyday("help sick people", ("29-1", "29-2", "31-1"), "activity"),
    Everyday("take care of animals", ("31-9096", "39-2021", "29-1131", "29-2056"), "activity"),
    Everyday("teach kids", ("25-2011", "25-2012", "25-2021", "25-2022", "39-9011"), "activity"),
    Everyday("coding", ("15-1251", "15-1252", "15-1253", "15-1254"), "activity"),
    Everyday("make video games", ("15-1255", "15-1252", "27-1014"), "activity"),
    Everyday("draw pictures", ("27-1013", "27-1014", "27-1024"), "activity"),
    Everyday("make money drawing", ("27-1013", "27-1014", "27-1024"), "activity"),
    Everyday("cook food", ("35-1011", "35-2014", "35-2012", "35-2013", "35-2015"), "activity"),
    Everyday("bake cakes", ("51-3011", "35-2014", "35-1011"), "activity"),
    Everyday("cut hair", ("39-5011", "39-5012"), "activity"),
    Everyday("build houses", ("47-2031", "47-1011", "11-9021", "47-4099", "47-2061"), "activity"),
    Everyday("fly planes", ("53-2011", "53-2012"), "activity"),
    Everyday("drive trucks", ("53-3032", "53-3033"), "activity"),
    Everyday("fix computers", ("15-1232", "49-2011", "15-1231"), "activity"),
    Everyday("design websites", ("15-1255", "15-1254"), "activity"),
    Everyday("fight fires", ("33-2011", "33-2021", "33-1021", "33-2022"), "activity"),
    Everyday("catch criminals", ("33-3051", "33-3021", "33-1012", "33-3052"), "activity"),
    Everyday("sell things", ("41-",), "activity"),
    Everyday("write stories", ("27-3043",), "activity"),
    Everyday("take photos", ("27-4021",), "activity"),
    Everyday("make movies", ("27-2012", "27-4031", "27-4032", "27-1014"), "activity"),
    Everyday("sing", ("27-2042",), "activity"),
    Everyday("dancing", ("27-2031", "27-2032"), "activity"),
    Everyday("acting", ("27-2011",), "activity"),
    Everyday("translate languages", ("27-3091",), "activity"),
    Everyday("babysitting", ("39-9011",), "activity"),
    Everyday("clean buildings", ("37-2011", "37-2012", "37-1011"), "activity"),
    Everyday("make clothes", ("51-6052", "27-1022", "51-6031", "51-6051", "51-6092"), "activity"),
    Everyday("gardening", ("37-3011", "37-1012", "45-2092"), "activity"),
    Everyday("hacking", ("15-1212", "15-1299.05", "15-1299.06"), "activity"),
    # Subjects
    Everyday("math", ("15-2021", "15-2041", "25-1022", "15-2011"), "subject"),
    Everyday("biology", ("19-1029", "19-1021", "19-4021", "25-1042", "19-1022"), "subject"),
    Everyday("chemistry", ("19-2031", "19-4031", "17-2041", "25-1052"), "subject"),
    Everyday("history", ("19-3093", "25-1125", "25-4012"), "subject"),
    Everyday("music", ("27-2042", "27-2041", "25-1121"), "subject"),
    Everyday("law", ("23-1011", "23-1023", "23-2011", "23-1012"), "subject"),
    Everyday("electricity", ("47-2111", "17-2071", "49-2095", "49-9051"), "subject"),
    Everyday("weather", ("19-2021",), "subject"),
    Everyday("stars", ("19-2011",), "subject"),
    Everyday("nutrition", ("29-1031",), "subject"),
    Everyday("mental health", ("21-1014", "21-1023", "19-3033", "29-1223", "21-1013"), "subject"),
    Everyday("fashion", ("27-1022",), "subject"),
    Everyday("robots", ("17-2199.08", "17-3024.01", "17-3024"), "subject"),
    # Places and settings
    Everyday("hospital", ("29-1", "29-2", "31-1", "11-9111"), "place"),
    Everyday(
        "work outside",
        ("37-3", "45-", "19-1031", "19-1032", "19-4071", "33-3031", "17-1012"),
        "place",
    ),
    Everyday("work in a lab", ("19-4", "29-2011", "29-2012", "19-1", "19-2"), "place"),
    Everyday("hotel", ("43-4081", "11-9081", "35-9031", "37-2012"), "place"),
    Everyday(
        "ocean",
        ("19-1023", "19-2043", "19-2042", "53-5021", "53-5011", "17-2121", "45-3031"),
        "place",
    ),
    Everyday("space", ("17-2011", "19-2011", "17-3021"), "place"),
    Everyday("farm", ("11-9013", "45-2091", "45-2092", "45-2093", "45-2041"), "place"),
    Everyday("gym", ("39-9031",), "place"),
    # Goals
    Everyday("save lives", ("29-2042", "29-2043", "33-2011", "29-1", "53-3011", "33-9092"), "goal"),
    Everyday("help animals", ("31-9096", "39-2021", "29-1131", "29-2056", "33-9011"), "goal"),
    Everyday("work with kids", ("25-20", "39-9011", "21-1021", "25-9042"), "goal"),
    Everyday(
        "youtuber",
        ("27-3011", "27-4032", "27-4031", "27-2012", "27-4011", "27-4012", "27-3031"),
        "goal",
    ),
    Everyday("be on tv", ("27-3011", "27-2011", "27-3023", "27-2012"), "goal"),
    Everyday("travel the world", ("53-2031", "41-3041", "53-2011", "39-7012", "39-7011"), "goal"),
    Everyday("sports", ("27-2021", "27-2022", "27-2023", "39-9031", "29-9091"), "goal"),
    # Things to work with
    Everyday("pets", ("39-2021", "29-1131", "31-9096", "39-2011", "29-2056"), "thing"),
    Everyday("horses", ("39-2011", "45-2093", "39-2021", "29-1131"), "thing"),
    Everyday("teeth", ("29-1021", "29-1292", "31-9091", "29-1022", "29-1023", "51-9081"), "thing"),
    Everyday("eyes", ("29-1041", "29-2081", "29-1241", "29-2057"), "thing"),
    Everyday("computers", ("15-", "11-3021", "49-2011"), "thing"),
    Everyday("money", ("13-2", "11-3031", "43-3071", "43-3031"), "thing"),
    Everyday("trains", ("53-4011", "53-4022", "53-4031", "53-4099", "49-3043"), "thing"),
    Everyday("boats", ("53-5021", "53-5011", "49-3051", "53-5022"), "thing"),
]
