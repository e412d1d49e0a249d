"""Occupation search: titles, alternate and reported titles, tasks, technology, descriptions.

`search()` is the one entry point. It normalizes the query (at most MAX_TOKENS words;
shorthand such as "rn" or "mgr" is expanded, see ABBREVIATIONS; everyday words such as
"fix" or "kids" gain the words the data uses, see EVERYDAY) and ranks active
occupations by two kinds of evidence:

1. Names holding every word of a plain reading, in tiers:

    exact title 100 > exact alternate/reported title 80 > title holding every word
    50-80 > alternate title holding every word 40-70

   "Exact" and "holding" compare stemmed words, so "registered nurse" is the exact title
   "Registered Nurses"; within a tier, the name with the fewest extra words wins. An
   alternate title only one O*NET source lists loses `rare` points (Secretaries list
   "Police"), up to 5 points go to occupations whose own title holds the query's words,
   up to 3 to popular ones (log of BLS projections employment, broad ".00" occupations
   only, since specialisations such as 29-1141.03 share their SOC's count), and up to
   `terms` to the one whose weighted terms (2.) hold the words most.
2. Weighted terms: every occupation's title, alternate titles, tasks, technology
   examples and description, weighted once at import (BM25F, careers.search_index).
   Careers found only here score up to 38 (below every name tier): 30 times the share
   of the query's words they hold, so more words rank first, plus 8 times their weight.
   A name holding an everyday reading ("Auto Repair Technician" for "fix cars") adds up
   to `everyday_name` to that score instead of entering the tiers.

A word no search document holds is respelt to the closest written word (careers.SearchWord,
difflib) when that is confident, and the search runs again. Autocomplete (prefix=True)
ranks names only, weighing titles and popularity more (PREFIX_WEIGHTS). An O*NET-SOC
code (15-1252.00) or SOC code (15-1252) finds its occupations directly. explain() says
why each shown result matched.

PostgreSQL ranks names in one SQL statement: full-text search over GIN indexes (a
stored tsvector of the occupation, title weight A and description C; an expression
index on alternate titles; migration careers 0003). SQLite and other databases compute
the same tiers in Python on rows pre-filtered with LIKE. The weighted terms are read by
the same SQL on both. On PostgreSQL every statement of a search is canceled after
SEARCH_TIMEOUT_MS.
"""

import difflib
import itertools
import math
import re
import unicodedata
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import lru_cache

import snowballstemmer
from django.conf import settings
from django.db import OperationalError, connections, router, transaction

from .models import (
    AlternateTitle,
    Occupation,
    Outlook,
    SearchTerm,
    SearchWord,
    Task,
    TechnologySkill,
)
from .soc import ONET_CODE_RE, SOC_CODE_RE

MAX_QUERY_CHARS = 100
MAX_TOKENS = 8
MAX_VARIANTS = 8
MAX_EVERYDAY_READINGS = 16  # readings with an everyday word (two words of four meanings)
MAX_RESULTS = 100
# PostgreSQL cancels a search statement after this long (the page then says so); the
# slowest measured search statement takes a few milliseconds (bench/search.py).
# settings.SEARCH_TIMEOUT_MS overrides it.
SEARCH_TIMEOUT_MS = 1000

# Job-title shorthand -> what it stands for. The first expansion is the preferred
# reading (used for spelling similarity and the title bonus); every expansion is
# searched. Keys are single lower-case tokens as typed; values are plain words.
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    # Healthcare
    "rn": ("registered nurse",),
    "lpn": ("licensed practical nurse",),
    "lvn": ("licensed vocational nurse",),
    "cna": ("certified nursing assistant", "nursing assistant"),
    "np": ("nurse practitioner",),
    "pa": ("physician assistant",),
    "emt": ("emergency medical technician",),
    "pt": ("physical therapist",),
    "ot": ("occupational therapist",),
    "slp": ("speech language pathologist",),
    "md": ("physician",),
    "dr": ("doctor", "physician"),
    "vet": ("veterinary", "veterinarian"),
    "med": ("medical",),
    "pharm": ("pharmacy", "pharmacist"),
    # Roles and seniority
    "mgr": ("manager",),
    "mgmt": ("management",),
    "asst": ("assistant",),
    "assoc": ("associate",),
    "admin": ("administrator", "administrative"),
    "dir": ("director",),
    "coord": ("coordinator",),
    "supv": ("supervisor",),
    "supvr": ("supervisor",),
    "spec": ("specialist",),
    "rep": ("representative",),
    "rec": ("recreation",),
    "ops": ("operations",),
    "exec": ("executive",),
    "sr": ("senior",),
    "jr": ("junior",),
    "tech": ("technician", "technologist", "technology"),
    "techs": ("technicians", "technologists"),
    "eng": ("engineer", "engineering"),
    "engr": ("engineer",),
    "dev": ("developer", "development"),
    "devs": ("developers",),
    "prog": ("programmer",),
    "acct": ("accountant", "accounting"),
    "mech": ("mechanic", "mechanical"),
    "elec": ("electrician", "electrical"),
    "maint": ("maintenance",),
    "svc": ("service",),
    "cert": ("certified",),
    "prof": ("professor",),
    "instr": ("instructor",),
    # Fields and acronyms
    "hr": ("human resources",),
    "it": ("information technology",),
    "qa": ("quality assurance",),
    "ux": ("user experience",),
    "ui": ("user interface",),
    "hvac": ("heating air conditioning", "hvac"),
    "ceo": ("chief executive",),
    "cfo": ("chief financial officer",),
    "coo": ("chief operating officer",),
    "cto": ("chief technology officer",),
    "cio": ("chief information officer",),
    "cpa": ("certified public accountant",),
    "sw": ("software",),
    "swe": ("software engineer", "software developer"),
    "sde": ("software developer", "software engineer"),
    "dba": ("database administrator",),
    "sysadmin": ("systems administrator",),
    "pm": ("project manager", "product manager"),
    "cdl": ("truck driver",),
    "ai": ("artificial intelligence",),
    "ml": ("machine learning",),
}

# Everyday words -> the words the data uses for the same thing. Unlike ABBREVIATIONS
# the word itself is searched too (first), and each expansion is one more reading:
# in titles (like a shorthand) and in the weighted task/technology/description terms,
# where an expansion counts EVERYDAY_FACTOR of the typed word. Keys are single
# lower-case tokens as typed (plural forms listed when the stem differs); values are
# plain words the O*NET text uses. Review rule, as for ABBREVIATIONS: add a word only
# when its everyday meaning is the one students mean ("code" is programming, not a
# building code), and never for a word that is itself a job title.
EVERYDAY: dict[str, tuple[str, ...]] = {
    # Doing things
    "fix": ("repair", "maintain"),
    "fixing": ("repair", "maintain"),
    "build": ("construct", "construction", "builder"),
    "building": ("construct", "construction"),
    "catch": ("arrest", "apprehend"),
    "cook": ("chef", "culinary"),
    "cooking": ("cook", "chef", "culinary"),
    "bake": ("baker", "pastry"),
    "baking": ("baker", "pastry"),
    "draw": ("illustrate", "sketch", "artist"),
    "drawing": ("draw", "illustrate", "sketch", "artist"),
    "paint": ("painter", "artist"),
    "painting": ("paint", "painter", "artist"),
    "write": ("writer", "author", "writing"),
    "writing": ("writer", "author"),
    "sell": ("sales", "retail", "salesperson"),
    "selling": ("sales", "retail"),
    "teach": ("teacher", "instruct", "education"),
    "teaching": ("teacher", "instruct", "education"),
    "fly": ("pilot", "aircraft", "flight"),
    "flying": ("pilot", "aircraft", "flight"),
    "drive": ("driver", "vehicle"),
    "driving": ("driver", "vehicle"),
    "sing": ("singer", "vocal"),
    "singing": ("singer", "vocal"),
    "dance": ("dancer", "choreographer"),
    "dancing": ("dancer", "choreographer"),
    "acting": ("actor", "perform"),
    "clean": ("cleaning", "janitorial", "housekeeping"),
    "cleaning": ("janitorial", "housekeeping"),
    "translate": ("translator", "interpreter"),
    "save": ("rescue", "emergency"),
    "coding": ("programming", "software", "programmer"),
    "code": ("programming", "software", "programmer"),
    "coder": ("programmer", "software"),
    "hacking": ("security", "cybersecurity", "penetration"),
    "hacker": ("security", "cybersecurity"),
    "gardening": ("landscaping", "garden", "horticulture"),
    "farming": ("farm", "agricultural", "crop"),
    "babysitting": ("childcare", "nanny", "child"),
    "babysitter": ("childcare", "nanny"),
    "counseling": ("counselor", "therapy"),
    # Things, people, places
    "car": ("automotive", "vehicle", "auto"),
    "cars": ("car", "automotive", "vehicle", "auto"),
    "plane": ("aircraft", "airplane", "aviation"),
    "planes": ("aircraft", "airplane", "aviation"),
    "airplanes": ("aircraft", "airplane", "aviation"),
    "boats": ("boat", "vessel", "ship", "marine"),
    "trains": ("railroad", "locomotive", "rail"),
    "house": ("residential", "home"),
    "houses": ("house", "residential", "home"),
    "computers": ("computer",),
    "app": ("application", "software", "mobile"),
    "apps": ("application", "software", "mobile"),
    "website": ("web", "site"),
    "websites": ("web", "site"),
    "games": ("game", "video"),
    "gaming": ("game", "video"),
    "videogames": ("video", "game"),
    "robot": ("robotics", "robotic"),
    "robots": ("robot", "robotics", "robotic"),
    "pictures": ("image", "photograph", "illustration"),
    "photos": ("photograph", "photography", "photographer"),
    "movies": ("film", "motion", "video"),
    "movie": ("film", "motion", "video"),
    "news": ("journalist", "reporter"),
    "stories": ("story", "fiction", "writer"),
    "kid": ("child", "children", "youth"),
    "kids": ("child", "children", "youth"),
    "babies": ("infant", "baby", "newborn"),
    "sick": ("patient", "ill", "illness", "disease"),
    "ill": ("patient", "illness"),
    "pets": ("pet", "animal", "veterinary"),
    "pet": ("animal", "veterinary"),
    "animals": ("animal", "veterinary"),
    "horses": ("horse", "equine"),
    "teeth": ("dental", "dentist", "tooth"),
    "eyes": ("eye", "vision", "optometrist", "ophthalmic"),
    "doctor": ("physician", "medical"),
    "medicine": ("medical", "physician", "medication"),
    "hospital": ("patient", "clinical"),
    "lives": ("life", "emergency", "rescue"),
    "travel": ("tour", "tourism", "tourist", "trip"),
    "world": ("international", "global", "foreign"),
    "outside": ("outdoor", "outdoors", "forest", "park", "wildlife", "landscape"),
    "outdoors": ("outdoor", "forest", "park", "wildlife", "landscape"),
    "ocean": ("marine", "sea", "aquatic"),
    "sea": ("marine", "ocean", "vessel"),
    "space": ("aerospace", "astronomy", "spacecraft"),
    "stars": ("astronomy", "astronomer", "celestial"),
    "weather": ("meteorology", "meteorologist", "atmospheric"),
    "plants": ("plant", "crop", "horticulture"),
    "clothes": ("garment", "apparel", "sewing", "fashion"),
    "clothing": ("garment", "apparel", "sewing"),
    "fashion": ("apparel", "garment"),
    "makeup": ("cosmetic", "cosmetologist"),
    "hair": ("hairdresser", "hairstylist", "barber", "cosmetologist"),
    "banking": ("bank", "loan", "financial"),
    "stocks": ("securities", "investment", "stock"),
    "law": ("legal", "lawyer", "attorney"),
    "crime": ("criminal", "offender", "investigate"),
    "criminals": ("criminal", "crime", "suspect", "offender"),
    "fires": ("fire", "firefighter"),
    "army": ("military",),
    "hotel": ("lodging", "hospitality"),
    "hotels": ("hotel", "lodging", "hospitality"),
    "lab": ("laboratory",),
    "gym": ("fitness", "exercise"),
    "fitness": ("exercise", "trainer"),
    "sports": ("sport", "athlete", "athletic", "coach"),
    "influencer": ("social", "media", "marketing"),
    "youtuber": ("video", "media", "broadcast", "content"),
    # Subjects
    "math": ("mathematics", "mathematical", "statistics"),
    "maths": ("mathematics", "mathematical", "statistics"),
    "biology": ("biological", "biologist"),
    "chemistry": ("chemist", "chemical"),
    "physics": ("physicist",),
    "history": ("historian", "historical"),
    "languages": ("language", "translator", "interpreter"),
    "music": ("musician", "musical"),
    "electricity": ("electrical", "electrician", "electric"),
    "mental": ("psychological", "psychiatric", "behavioral"),
    "therapy": ("therapist", "therapeutic", "rehabilitation"),
    "nutrition": ("dietitian", "diet"),
    "surgery": ("surgeon", "surgical"),
    "cybersecurity": ("security", "cyber"),
    "plumbing": ("plumber", "pipe"),
    "welding": ("welder", "weld"),
}
# Of a typed word's weight, what a word from EVERYDAY counts for in the weighted terms.
EVERYDAY_FACTOR = 0.8
# Words students add that say nothing about the career; they are not counted as words
# to match in the weighted terms (titles still see them: "social work").
FILLER_WORDS = frozenset(
    [
        "career",
        "careers",
        "job",
        "jobs",
        "want",
        "like",
        "love",
        "good",
        "really",
        "things",
        "stuff",
        "something",
        "become",
        "help",
        "helping",
        "make",
        "making",
        "someone",
        "money",
        "others",
        "work",
        "working",
        "place",
        "people",
    ]
)

# Seniority words are searched for but may be dropped: "senior accountant" still finds
# accountants when no title says "senior".
OPTIONAL_WORDS = frozenset({"senior", "junior"})

# PostgreSQL's English stop words (the Snowball list), so both backends ignore the same words.
_STOP_TEXT = """a about above after again against all am an and any are as at be because been before
    being below between both but by can did do does doing don down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own s same she should so some such t than that the their theirs
    them themselves then there these they this those through to too under until up very was
    we were what when where which while who whom why will with you your yours yourself
    yourselves"""
STOPWORDS = frozenset(_STOP_TEXT.split())

TITLE, ALTERNATE, REPORTED, WORDS, CODE = ("title", "alternate", "reported", "words", "code")
# What explain() quotes for a career found through its weighted terms, by source.
EXPLAINED = {1: ALTERNATE, 2: "task", 3: "technology", 4: "description"}
# Of a slot's other readings found in one career, the share added to its best one.
TERM_EXTRA = 0.3


@dataclass(frozen=True)
class Weights:
    """Scores of the tiers (see the module docstring): base + span * closeness (0..1)."""

    title_exact: float = 100.0
    title: float = 50.0  # a title holding every word, plus title_span * closeness
    title_span: float = 30.0
    alternate_exact: float = 80.0  # alternate and reported titles alike
    alternate: float = 40.0
    alternate_span: float = 30.0
    title_bonus: float = 5.0  # times the share of the query's words in the occupation title
    popularity: float = 3.0  # times log10(workers) / 7, broad (.00) occupations only
    # Weighted terms (careers.search_index), as shares of the best career's weight:
    terms: float = 4.0  # added to a name hit: the career central to the word wins a tie
    term_span: float = 30.0  # careers found by terms only: times the share of words held
    term_weight: float = 8.0  # ... plus this times their weight (at most 38 + popularity)
    everyday_name: float = 12.0  # ... plus this when a name holds an everyday reading
    rare: float = 25.0  # less for an alternate title only one O*NET source lists

    def words(self, via: str, closeness: float) -> float:
        if via == TITLE:
            return self.title_exact if closeness >= 1 else self.title + self.title_span * closeness
        if closeness >= 1:
            return self.alternate_exact
        return self.alternate + self.alternate_span * closeness


SEARCH_WEIGHTS = Weights()
# Autocomplete shows occupation titles: a title starting with the typed letters and a
# career many people work in matter more than how closely the words match.
PREFIX_WEIGHTS = Weights(
    title_exact=80.0,
    title=60.0,
    title_span=20.0,
    alternate_exact=50.0,
    alternate=30.0,
    alternate_span=20.0,
    popularity=15.0,
)
FUZZY_MIN_CHARS = 4  # spelling correction of shorter words is noise
# Alternate titles scored per search, shortest first: a common word ("manager") is in
# thousands, and a short name is the close one; a career left out still has its terms.
ALT_CANDIDATES = 300
SPELLING_CUTOFF = 0.8  # difflib ratio to replace a word not in any title


@dataclass(frozen=True)
class Query:
    """What the user typed, cleaned, and the readings searched."""

    text: str  # cleaned input, as shown back to the user
    tokens: tuple[str, ...]  # normalized words as typed (at most MAX_TOKENS)
    variants: tuple[str, ...]  # expansions, preferred first; empty when nothing to search
    everyday: tuple[str, ...] = ()  # readings with an EVERYDAY word (weaker: see _ranked)
    # Per word to match in the weighted terms: (stem, factor) readings, the typed one first.
    slots: tuple[tuple[tuple[str, float], ...], ...] = ()
    dropped: int = 0  # words beyond MAX_TOKENS, ignored

    @property
    def primary(self) -> str:
        return (self.variants or self.everyday or ("",))[0]

    @property
    def searchable(self) -> bool:
        return bool(self.variants or self.everyday)

    @property
    def expanded(self) -> bool:
        return bool(self.variants) and self.primary != " ".join(self.tokens)


@dataclass(frozen=True)
class Hit:
    occupation_id: int
    score: float
    via: str  # TITLE, ALTERNATE, REPORTED, WORDS or CODE
    matched: str  # the title or alternate title that matched ("" for WORDS)
    words: int = 0  # how many of the query's words the occupation's terms hold


@dataclass
class Results:
    query: Query
    hits: list[Hit] = field(default_factory=list)
    corrected: str = ""  # the spelling searched instead, when the input was corrected
    timed_out: bool = False  # the database gave up (SEARCH_TIMEOUT_MS): nothing is shown


def clean(text: str) -> str:
    """Input as it is shown back: control characters out, whitespace folded, length capped."""
    text = "".join(ch if ch.isprintable() else " " for ch in str(text or ""))
    return " ".join(text.split())[:MAX_QUERY_CHARS]


_WORD = re.compile(r"[a-z0-9]+")


def tokenize(text: str) -> list[str]:
    """Lower-case ASCII words and numbers; accents folded, everything else separates."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _WORD.findall(text.lower())


def _slot(token: str) -> tuple[tuple[str, float], ...]:
    """The stems one typed word matches in the weighted terms, with their factors."""
    found: dict[str, float] = {}
    if token in ABBREVIATIONS:
        readings = [(w, 1.0) for e in ABBREVIATIONS[token] for w in e.split()]
    else:
        readings = [(token, 1.0)] + [(w, EVERYDAY_FACTOR) for w in EVERYDAY.get(token, ())]
    for word, factor in readings:
        if word not in STOPWORDS and word not in FILLER_WORDS:
            key = stem(word)
            found[key] = max(found.get(key, 0.0), factor)
    return tuple(found.items())


def _readings(choices: list[list[tuple[str, bool]]]) -> tuple[list[str], list[str]]:
    """Distinct readings of the words: those without an everyday word, and those with one."""
    plain: list[str] = []
    everyday: list[str] = []
    for combo in itertools.islice(itertools.product(*choices), MAX_EVERYDAY_READINGS * 4):
        words = " ".join(w for w, _ in combo if w)
        if not words or all(t in STOPWORDS for t in words.split()):
            continue
        into, cap = (
            (everyday, MAX_EVERYDAY_READINGS) if any(e for _, e in combo) else (plain, MAX_VARIANTS)
        )
        if words not in plain and words not in everyday and len(into) < cap:
            into.append(words)
        if len(plain) == MAX_VARIANTS and len(everyday) == MAX_EVERYDAY_READINGS:
            break
    return plain, everyday


def parse(text: str, prefix: bool = False) -> Query:
    """Clean, tokenise and expand; with prefix, the unfinished last word also stays as typed."""
    shown = clean(text)
    every = tokenize(shown)
    tokens = tuple(every[:MAX_TOKENS])
    choices = []
    for i, token in enumerate(tokens):
        options = [(w, False) for w in ABBREVIATIONS.get(token, (token,))]
        if not prefix and token in EVERYDAY and token not in ABBREVIATIONS:
            # A word of the everyday table is read in its everyday sense: its title
            # matches are no stronger than those of its meanings ("coding" is not
            # "Code Inspector").
            options = [(token, True)] + [(e, True) for e in EVERYDAY[token] if e != token]
        if prefix and i == len(tokens) - 1 and token not in ABBREVIATIONS.get(token, (token,)):
            options.append((token, False))
        if token in OPTIONAL_WORDS or options[0][0] in OPTIONAL_WORDS:
            options.append(("", False))
        choices.append(options)
    plain, everyday = _readings(choices)
    searched = plain or everyday
    slots = () if prefix or not searched else tuple(s for t in tokens if (s := _slot(t)))
    return Query(
        text=shown,
        tokens=tokens,
        variants=tuple(plain),
        everyday=tuple(everyday),
        slots=slots,
        dropped=len(every) - len(tokens),
    )


def search(text: str, *, limit: int = MAX_RESULTS, prefix: bool = False) -> Results:
    """Active occupations matching `text`, best first (at most `limit`).

    Names holding every word of a reading (title tiers) come first, each helped by its
    weighted terms; then careers ranked by how many of the words their terms hold
    (TERM_SPAN) and by the BM25F weight (careers.search_index). A word no document
    holds is respelt to the closest known word when that is confident, and the search
    runs again. prefix=True (autocomplete) treats the last word as unfinished and
    ranks names only. Every statement runs under SEARCH_TIMEOUT_MS on PostgreSQL.
    """
    query = parse(text, prefix)
    results = Results(query=query)
    if ONET_CODE_RE.match(query.text) or SOC_CODE_RE.match(query.text):
        results.hits = _by_code(query.text)
        if results.hits:
            return results
    if not query.searchable:
        return results
    limit = max(1, min(limit, MAX_RESULTS))
    backend = _Postgres if _database().vendor == "postgresql" else _Fallback
    try:
        with _bounded():
            if prefix:
                results.hits = backend.rank(query, limit, prefix)
                return results
            results.hits, unknown = _ranked(query, backend, limit)
            corrected = _corrected(query, unknown) if unknown else None
            if corrected is not None:
                hits, still = _ranked(corrected, backend, limit)
                if hits and len(still) < len(unknown):
                    results.hits, results.corrected = hits, corrected.text
    except OperationalError:
        if _database().vendor != "postgresql":
            raise
        results.hits, results.corrected, results.timed_out = [], "", True
    return results


@contextmanager
def _bounded():
    """PostgreSQL: the search's statements run in one transaction, each canceled after
    settings.SEARCH_TIMEOUT_MS. The previous timeout is put back afterwards, for when
    the search runs inside a longer transaction (a test); no savepoint is made there."""
    connection = _database()
    if connection.vendor != "postgresql":
        yield
        return
    timeout = f"{int(getattr(settings, 'SEARCH_TIMEOUT_MS', SEARCH_TIMEOUT_MS))}ms"
    with transaction.atomic(using=connection.alias, savepoint=False):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT current_setting('statement_timeout'), "
                "set_config('statement_timeout', %s, true)",
                [timeout],
            )
            previous = cursor.fetchone()[0]
        yield
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])


def _ranked(query: Query, backend, limit: int) -> tuple[list[Hit], list[int]]:
    """Name tiers and weighted terms merged; also the slots no document holds.

    A name holding a reading with an everyday word ("Auto Repair Technician" for "fix
    cars") is weaker evidence than the typed words in a title: it adds at most
    everyday_name to the career's term score instead of placing it in a name tier.
    """
    names = backend.rank(query, limit, False) if query.variants else []
    everyday = {}
    if query.everyday:
        for h in backend.rank(replace(query, variants=query.everyday), limit, False):
            everyday[h.occupation_id] = h
    terms, known = _terms(query)
    top = max((score for _, score, _ in terms.values()), default=0.0) or 1.0
    w = SEARCH_WEIGHTS
    hits = {}
    for h in names:
        words, score, _ = terms.get(h.occupation_id, (0, 0.0, 0.0))
        value = h.score + w.terms * score / top
        hits[h.occupation_id] = Hit(h.occupation_id, round(value, 3), h.via, h.matched, words)
    n = len(query.slots) or 1
    for occ in terms.keys() | everyday.keys():
        if occ in hits:
            continue
        words, score, jobs = terms.get(occ, (0, 0.0, 0.0))
        value = w.term_span * words / n + w.term_weight * score / top + w.popularity * jobs
        via, matched = WORDS, ""
        if occ in everyday:
            value += w.everyday_name * min(1.0, everyday[occ].score / w.title_exact)
            via, matched = everyday[occ].via, everyday[occ].matched
        hits[occ] = Hit(occ, round(value, 3), via, matched, words)
    ranked = sorted(hits.values(), key=lambda h: (-h.score, h.occupation_id))[:limit]
    unknown = [i for i in range(len(query.slots)) if i not in known]
    return ranked, unknown


def _terms(query: Query) -> tuple[dict[int, tuple[int, float, float]], set[int]]:
    """{occupation: (words held, summed weight, popularity 0..1)} and the slots found.

    One statement on both databases: each slot's best reading (plus TERM_EXTRA of its
    other readings, so a career described with several of the words' meanings ranks
    higher) per occupation, summed over slots. The unique index on (term, occupation)
    serves the lookups.
    """
    rows = [(term, i, factor) for i, slot in enumerate(query.slots) for term, factor in slot]
    if not rows:
        return {}, set()
    values = ", ".join(["(%s, %s, %s)"] * len(rows))
    connection = _database()
    cast = "::float8" if connection.vendor == "postgresql" else ""
    sql = f"""
        WITH q(term, slot, factor) AS (VALUES {values}),
        per_slot AS (
            SELECT t.occupation_id AS occ, q.slot AS slot,
                   MAX(t.weight * q.factor{cast}) AS best, SUM(t.weight * q.factor{cast}) AS total
            FROM {TERM} t JOIN q ON q.term = t.term
            GROUP BY t.occupation_id, q.slot
        )
        SELECT p.occ, p.slot, p.best + %s * (p.total - p.best), o.code, ou.employment_start
        FROM per_slot p JOIN {OCC} o ON o.id = p.occ
        LEFT JOIN {OUTLOOK} ou ON ou.occupation_id = p.occ
        WHERE o.is_active
    """
    params = [x for row in rows for x in row] + [TERM_EXTRA]
    found: dict[int, list] = {}
    known: set[int] = set()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for occ, slot, score, code, jobs in cursor.fetchall():
            known.add(slot)
            entry = found.get(occ)
            if entry is None:
                popular = math.log10(jobs) / 7 if jobs and code.endswith(".00") else 0.0
                found[occ] = entry = [0, 0.0, popular]
            entry[0] += 1
            entry[1] += score
    return {occ: tuple(v) for occ, v in found.items()}, known


def _database():
    """The connection the ORM would read occupations from (a read replica, if routed)."""
    return connections[router.db_for_read(Occupation)]


def _by_code(code: str) -> list[Hit]:
    """An O*NET-SOC code (15-1252.00) or a SOC code (15-1252) typed into the box."""
    field = "code" if ONET_CODE_RE.match(code) else "soc_code"
    found = Occupation.objects.active().filter(**{field: code}).order_by("code")
    return [Hit(pk, 100.0, CODE, c) for pk, c in found.values_list("pk", "code")]


def _corrected(query: Query, unknown: list[int]) -> Query | None:
    """The query with each unknown word replaced by the closest known word, if confident.

    Confident: the word has FUZZY_MIN_CHARS letters or more, and a word written in some
    search document (careers.SearchWord sharing its first or last letters, see _ends, at
    most 2 letters longer or shorter) is at least SPELLING_CUTOFF alike (difflib ratio);
    between close candidates, a title word and then a common word wins.
    """
    tokens = [t for t in query.tokens if _slot(t)]
    wanted = {
        tokens[i]
        for i in unknown
        if i < len(tokens) and len(tokens[i]) >= FUZZY_MIN_CHARS and tokens[i].isalpha()
    }
    if not wanted:
        return None
    conditions, params = [], []
    for w in wanted:  # words are [a-z0-9]+: LIKE needs no escaping
        start, end = _ends(w)
        conditions.append(
            "(((head = %s AND word LIKE %s) OR (tail = %s AND word LIKE %s))"
            " AND length BETWEEN %s AND %s)"
        )
        params += [w[:3], start[1:] + "%", w[-3:], "%" + end[:-1], len(w) - 2, len(w) + 2]
    sql = f"SELECT word, in_title, occupations FROM {WORD} WHERE {' OR '.join(conditions)}"
    with _database().cursor() as cursor:
        cursor.execute(sql, params)
        candidates = cursor.fetchall()
    matchers = {}
    for typed in wanted:
        matchers[typed] = difflib.SequenceMatcher(None)
        matchers[typed].set_seq2(typed)  # the matcher caches what it knows of seq2
    by_end: dict[str, list[str]] = {}
    for typed in wanted:
        for end in _ends(typed):
            by_end.setdefault(end, []).append(typed)
    best: dict[str, tuple] = {}
    for word, in_title, n in candidates:
        ends = ("^" + word[:3], "^" + word[:4], word[-3:] + "$", word[-4:] + "$")
        for typed in {t for end in ends for t in by_end.get(end, ())}:
            if abs(len(word) - len(typed)) > 2:
                continue
            matcher = matchers[typed]
            matcher.set_seq1(word)
            # quick_ratio is an upper bound of ratio, a fraction of its cost.
            if matcher.quick_ratio() < SPELLING_CUTOFF:
                continue
            ratio = matcher.ratio()
            if ratio < SPELLING_CUTOFF:
                continue
            key = (round(ratio, 2), in_title, n)
            if typed not in best or key > best[typed][0]:
                best[typed] = (key, word)
    if not best:
        return None
    fixed = [best[t][1] if t in best else t for t in query.tokens]
    return parse(" ".join(fixed))


def _ends(word: str) -> tuple[str, str]:
    """The first and last letters a correction must share with the typed word: three,
    or four for words of 6 letters or more (three-letter ends such as "ing" fetch
    thousands of candidates, and a typo rarely spoils four letters at both ends)."""
    n = 4 if len(word) >= 6 else 3
    return "^" + word[:n], word[-n:] + "$"


def explain(query: Query, hits: list[Hit]) -> dict[int, tuple[str, str]]:
    """Why each of `hits` matched: {occupation: (kind, text)}, one query for the lot.

    Names say so themselves ("title", "also called ..."); for careers found through
    their weighted terms, the alternate title, task statement, technology example or
    description holding most of the query's words (in that order on a tie) is quoted.
    """
    reasons: dict[int, tuple[str, str]] = {}
    pending = []
    for h in hits:
        if h.via == WORDS:
            pending.append(h.occupation_id)
        else:
            reasons[h.occupation_id] = (h.via, h.matched)
    if not pending or not query.slots:
        return reasons
    wanted = [{term for term, _ in slot} for slot in query.slots]
    marks = ", ".join(["%s"] * len(pending))
    sql = f"""
        SELECT occupation_id, 1, title FROM {ALT} WHERE occupation_id IN ({marks})
        UNION ALL SELECT occupation_id, 2, statement FROM {TASK} WHERE occupation_id IN ({marks})
        UNION ALL SELECT occupation_id, 3, name FROM {TECH} WHERE occupation_id IN ({marks})
        UNION ALL SELECT id, 4, description FROM {OCC} WHERE id IN ({marks})
    """
    best: dict[int, tuple] = {}
    with _database().cursor() as cursor:
        cursor.execute(sql, pending * 4)
        for occ, kind, text in cursor.fetchall():
            stems = lexemes(text)
            held = sum(1 for slot in wanted if slot & stems)
            if not held:
                continue
            key = (held, -kind, -len(text))
            if occ not in best or key > best[occ][0]:
                best[occ] = (key, kind, text)
    for occ, (_key, kind, text) in best.items():
        reasons[occ] = (EXPLAINED[kind], text)
    return reasons


# ---------------------------------------------------------------- PostgreSQL

OCC = Occupation._meta.db_table
ALT = AlternateTitle._meta.db_table
OUTLOOK = Outlook._meta.db_table
TERM = SearchTerm._meta.db_table
WORD = SearchWord._meta.db_table
TASK = Task._meta.db_table
TECH = TechnologySkill._meta.db_table

# The stored, indexed document of an occupation (title weight A, description C) and the
# alternate-title expression index; both from migration careers 0003.
OCC_DOCUMENT = "o.search_document"
ALT_VECTOR = "to_tsvector('english'::regconfig, a.title)"  # as indexed


def _tsquery_text(variant: str, prefix: bool, weight: str = "") -> str:
    """to_tsquery syntax for one variant: its words ANDed, the last a prefix if asked.

    weight "A" keeps to title lexemes of the occupation document (not its description).
    """
    words = [f"{w}:{weight}" if weight else w for w in variant.split()]
    if prefix:
        words[-1] += "*" if weight else ":*"
    return " & ".join(words)


def _postgres_sql() -> str:
    """One statement: candidates from the GIN indexes, scored, best name per occupation.

    v holds each variant's tsquery and word count; a name's closeness is that count
    over the number of words in the name (or in its parenthesis), when it contains
    them all.
    """
    doc = OCC_DOCUMENT
    return rf"""
WITH v AS MATERIALIZED (
    SELECT tsq, (numnode(tsq) + 1) / 2 AS n
    FROM (SELECT to_tsquery('english'::regconfig, x) AS tsq
          FROM unnest(%(variants)s::text[]) AS x) s
    WHERE numnode(tsq) > 0
),
q AS MATERIALIZED (
    SELECT to_tsquery('english'::regconfig, %(anyq)s) AS tsq,
           to_tsquery('english'::regconfig, %(titleq)s) AS title_tsq
),
names AS (
    SELECT o.id AS occ, 'title' AS via, o.title AS name, '' AS sources
    FROM {OCC} o, q
    WHERE o.is_active AND {doc} @@ q.title_tsq
    UNION ALL
    (SELECT a.occupation_id, a.kind, a.title, a.sources
     FROM {ALT} a JOIN {OCC} o ON o.id = a.occupation_id, q
     WHERE o.is_active AND {ALT_VECTOR} @@ q.tsq
     ORDER BY length(a.title), a.occupation_id, a.title
     LIMIT {ALT_CANDIDATES})
),
scored AS MATERIALIZED (  -- closeness once per name, not once per CASE branch
    SELECT n.occ, n.via, n.name, n.sources, coalesce((
        SELECT max(least(1.0, v.n::float8 / greatest(length(p.vec), 1)))
        FROM v, (
            SELECT to_tsvector('english'::regconfig, n.name) WHERE strpos(n.name, '(') = 0
            UNION ALL
            SELECT to_tsvector('english'::regconfig, part) FROM (VALUES
                (regexp_replace(n.name, '\([^)]*\)', ' ', 'g')),
                (substring(n.name from '\(([^)]*)\)'))
            ) AS parts(part) WHERE strpos(n.name, '(') > 0
        ) AS p(vec)
        WHERE p.vec @@ v.tsq
    ), 0) AS closeness
    FROM names n
),
ranked AS (
    SELECT occ, via, name,
        CASE WHEN via = 'title' AND closeness >= 1 THEN %(title_exact)s
             WHEN via = 'title' THEN %(title)s + %(title_span)s * closeness
             WHEN closeness >= 1 THEN %(alternate_exact)s
             ELSE %(alternate)s + %(alternate_span)s * closeness END
        - CASE WHEN via = 'alternate' AND sources <> '' AND strpos(sources, ',') = 0
               THEN %(rare)s ELSE 0 END
        AS score
    FROM scored WHERE closeness > 0
),
best AS (
    SELECT DISTINCT ON (occ) occ, via, name, score
    FROM ranked
    ORDER BY occ, score DESC, via, name
),
primary_words AS (
    SELECT tsvector_to_array(to_tsvector('english'::regconfig, %(fz)s)) AS lex
)
SELECT b.occ, b.via, b.name, b.score + %(title_bonus)s * coalesce((
        SELECT count(*) FROM unnest(tsvector_to_array(to_tsvector('english'::regconfig, o.title))) l
        WHERE l = ANY(pw.lex)
    )::float8 / nullif(cardinality(pw.lex), 0), 0)
    + CASE WHEN o.code LIKE '%%.00' AND ou.employment_start > 0
           THEN %(popularity)s * log(ou.employment_start::float8) / 7 ELSE 0 END AS total
FROM best b
JOIN {OCC} o ON o.id = b.occ
CROSS JOIN primary_words pw
LEFT JOIN {OUTLOOK} ou ON ou.occupation_id = o.id
ORDER BY total DESC, CASE WHEN o.code LIKE '%%.00' THEN ou.employment_start END DESC NULLS LAST,
    o.code LIKE '%%.00' DESC, o.title, o.id
LIMIT %(limit)s
"""


class _Postgres:
    @staticmethod
    def rank(query: Query, limit: int, prefix: bool) -> list[Hit]:
        """Names (titles, alternate and reported titles) holding every word of a reading."""
        variants = [_tsquery_text(v, prefix) for v in query.variants]
        weights = PREFIX_WEIGHTS if prefix else SEARCH_WEIGHTS
        params = {
            **asdict(weights),
            "variants": variants,
            "anyq": " | ".join(f"({v})" for v in variants),
            "titleq": " | ".join(f"({_tsquery_text(v, prefix, 'A')})" for v in query.variants),
            "fz": query.primary,
            "limit": limit,
        }
        with _database().cursor() as cursor:
            cursor.execute(_postgres_sql(), params)
            return [Hit(occ, round(score, 3), via, name) for occ, via, name, score in cursor]


# ---------------------------------------------------------------- SQLite and others

_stemmer = snowballstemmer.stemmer("english")


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    return _stemmer.stemWord(word)


def lexemes(text: str) -> frozenset[str]:
    """Stemmed words without stop words: the fallback's counterpart of to_tsvector."""
    return frozenset(stem(w) for w in tokenize(text) if w not in STOPWORDS)


_PAREN = re.compile(r"\(([^)]*)\)")


def _parts(name: str) -> list[list[str]]:
    """A title and the text in its parentheses, each as its non-stop words."""
    inner = _PAREN.search(name)
    parts = [_PAREN.sub(" ", name)] + ([inner.group(1)] if inner else [])
    return [[w for w in tokenize(p) if w not in STOPWORDS] for p in parts]


def _closeness(words: list[str], wanted: frozenset[str], last: str) -> float:
    """Share of `words` the query accounts for, when it contains every wanted stem.

    `last` is an unfinished word (autocomplete) that must start one of the words.
    """
    stems = {stem(w) for w in words}
    if not wanted <= stems or (last and not any(w.startswith(last) for w in words)):
        return 0.0
    return min(1.0, (len(wanted) + bool(last)) / max(len(stems), 1))


def _common_prefix(word: str, stemmed: str) -> str:
    """A stem is not always a substring of its word ("agency" -> "agenc"); this prefix is."""
    n = 0
    while n < min(len(word), len(stemmed)) and word[n] == stemmed[n]:
        n += 1
    return word[:n] or word


class _Fallback:
    """Portable name tiers: LIKE pre-filter in SQL, then the same tiers computed in Python."""

    @staticmethod
    def _wanted(query: Query, prefix: bool):
        """Per variant: (stems it needs, unfinished last word, LIKE patterns)."""
        out = []
        for variant in query.variants:
            words = [w for w in variant.split() if w not in STOPWORDS]
            last = words.pop() if prefix and words else ""
            if words or last:
                patterns = [_common_prefix(w, stem(w)) for w in words] + ([last] if last else [])
                out.append((frozenset(stem(w) for w in words), last, patterns))
        return out

    @classmethod
    def rank(cls, query: Query, limit: int, prefix: bool) -> list[Hit]:
        wanted = cls._wanted(query, prefix)
        if not wanted:
            return []
        best: dict[int, tuple[float, str, str]] = {}
        order: dict[int, tuple] = {}
        titles: dict[int, str] = {}
        popularity: dict[int, float] = {}
        weights = PREFIX_WEIGHTS if prefix else SEARCH_WEIGHTS
        named, alternates = [], []
        for row in _fallback_rows([p for _, _, p in wanted]):
            occ, via, name, sources, title, code, jobs = row
            titles[occ] = title
            broad = code.endswith(".00")
            order[occ] = (-(jobs or 0) if broad else 0, not broad, title, occ)
            popularity[occ] = math.log10(jobs) / 7 if broad and jobs else 0.0
            closeness = max(
                (_closeness(part, want, last) for part in _parts(name) for want, last, _ in wanted),
                default=0.0,
            )
            if closeness:
                (named if via == TITLE else alternates).append((occ, via, name, sources, closeness))
        # As on PostgreSQL: only the ALT_CANDIDATES shortest alternate titles are scored.
        alternates.sort(key=lambda a: (len(a[2]), a[0], a[2]))
        for occ, via, name, sources, closeness in named + alternates[:ALT_CANDIDATES]:
            score = weights.words(via, closeness)
            if score and via == ALTERNATE and sources and "," not in sources:
                score -= weights.rare
            current = best.get(occ)
            # The best name of an occupation, ties to the first via and name (as on PostgreSQL).
            if score > 0 and (current is None or (-score, via, name) < (-current[0], *current[1:])):
                best[occ] = (score, via, name)
        primary = lexemes(query.primary)
        hits = []
        for occ, (score, via, name) in best.items():
            cover = len(primary & lexemes(titles[occ])) / len(primary) if primary else 0.0
            score += weights.title_bonus * cover + weights.popularity * popularity[occ]
            hits.append(Hit(occ, round(score, 3), via, name))
        hits.sort(key=lambda h: (-h.score, *order[h.occupation_id]))
        return hits[:limit]


def _fallback_rows(patterns: list[list[str]]):
    """(occupation id, via, name, sources, its title, its code, employment) for names passing LIKE.

    Tokens are [a-z0-9]+ only, so the patterns need no escaping.
    """
    params: list = []

    def matches(column: str) -> str:
        alternatives = []
        for pats in patterns:
            alternatives.append("(" + " AND ".join(f"{column} LIKE %s" for _ in pats) + ")")
            params.extend(f"%{p}%" for p in pats)
        return "(" + " OR ".join(alternatives) + ")"

    sql = f"""
        SELECT c.occ, c.via, c.name, c.sources, o.title, o.code, ou.employment_start
        FROM (
            SELECT o.id AS occ, 'title' AS via, o.title AS name, '' AS sources
            FROM {OCC} o WHERE o.is_active AND {matches("o.title")}
            UNION ALL
            SELECT a.occupation_id, a.kind, a.title, a.sources
            FROM {ALT} a JOIN {OCC} o ON o.id = a.occupation_id
            WHERE o.is_active AND {matches("a.title")}
        ) c JOIN {OCC} o ON o.id = c.occ LEFT JOIN {OUTLOOK} ou ON ou.occupation_id = o.id
    """
    with _database().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
