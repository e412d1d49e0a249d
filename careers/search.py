"""Occupation search: titles, alternate and reported titles, descriptions.

`search()` is the one entry point. It normalises the query (abbreviations such as "rn"
or "mgr" are expanded, see ABBREVIATIONS) and ranks active occupations in tiers:

    exact title 100 > exact alternate/reported title 80 > title holding every word
    50-80 > alternate title holding every word 40-70 > close spelling (trigrams)
    ~35-50 > description holding every word 10-20

"Exact" and "holding" compare stemmed words, so "registered nurse" is the exact title
"Registered Nurses"; within a tier, the name with the fewest extra words wins. Up to 5
points go to occupations whose own title holds the query's words and up to 3 to
popular ones (log of BLS projections employment, broad ".00" occupations only, since
specialisations such as 29-1141.03 share their SOC's count). Autocomplete (prefix=True)
weighs titles and popularity more (PREFIX_WEIGHTS). Misspelt words are corrected
against title words (trigram or LIKE candidates, then difflib) before giving up.
An O*NET-SOC code (15-1252.00) or SOC code (15-1252) finds its occupations directly.

PostgreSQL ranks in one SQL statement: full-text search over GIN indexes (a stored
tsvector of the occupation, title weight A and description C; an expression index on
alternate titles) plus pg_trgm similarity over trigram indexes for misspellings, all
from migration careers 0003, which does nothing on SQLite. SQLite and other databases
compute the same tiers in Python on rows pre-filtered with LIKE.
"""

import difflib
import itertools
import math
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache

import snowballstemmer
from django.db import connections, router

from .models import AlternateTitle, Occupation, Outlook
from .soc import ONET_CODE_RE, SOC_CODE_RE

MAX_QUERY_CHARS = 100
MAX_TOKENS = 8
MAX_VARIANTS = 8
MAX_RESULTS = 100
SUGGESTIONS = 6

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

TITLE, ALTERNATE, REPORTED, DESCRIPTION, SIMILAR, CODE = (
    "title",
    "alternate",
    "reported",
    "description",
    "similar",
    "code",
)
NAME_KINDS = (TITLE, ALTERNATE, REPORTED, CODE)  # hits on a name containing every word


@dataclass(frozen=True)
class Weights:
    """Scores of the tiers (see the module docstring): base + span * closeness (0..1)."""

    title_exact: float = 100.0
    title: float = 50.0  # a title holding every word, plus title_span * closeness
    title_span: float = 30.0
    alternate_exact: float = 80.0  # alternate and reported titles alike
    alternate: float = 40.0
    alternate_span: float = 30.0
    fuzzy_title: float = 20.0  # + fuzzy_ws * word similarity + fuzzy_sim * similarity
    fuzzy_alternate: float = 15.0
    fuzzy_ws: float = 20.0
    fuzzy_sim: float = 10.0
    description: float = 10.0
    description_span: float = 10.0
    title_bonus: float = 5.0  # times the share of the query's words in the occupation title
    popularity: float = 3.0  # times log10(workers) / 7, broad (.00) occupations only

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
FUZZY_MIN_CHARS = 4  # trigram matching (and spelling correction) on shorter words is noise
FUZZY_WS_MIN = 0.6  # word similarity for the "close spelling" tier (pg_trgm's default)
SPELLING_CUTOFF = 0.8  # difflib ratio to replace a word not in any title


@dataclass(frozen=True)
class Query:
    """What the user typed, cleaned, and the readings searched."""

    text: str  # cleaned input, as shown back to the user
    tokens: tuple[str, ...]  # normalised words as typed
    variants: tuple[str, ...]  # expansions, preferred first; empty when nothing to search

    @property
    def primary(self) -> str:
        return self.variants[0] if self.variants else ""

    @property
    def expanded(self) -> bool:
        return bool(self.variants) and self.primary != " ".join(self.tokens)


@dataclass(frozen=True)
class Hit:
    occupation_id: int
    score: float
    via: str  # TITLE, ALTERNATE, REPORTED, DESCRIPTION, SIMILAR or CODE
    matched: str  # the title or alternate title that matched ("" for a description)


@dataclass
class Results:
    query: Query
    hits: list[Hit] = field(default_factory=list)
    similar: list[int] = field(default_factory=list)  # close titles when nothing matched
    corrected: str = ""  # the spelling searched instead, when the input was corrected


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


def parse(text: str, prefix: bool = False) -> Query:
    """Clean, tokenise and expand; with prefix, the unfinished last word also stays as typed."""
    shown = clean(text)
    tokens = tuple(tokenize(shown)[:MAX_TOKENS])
    choices = []
    for i, token in enumerate(tokens):
        options = list(ABBREVIATIONS.get(token, (token,)))
        if prefix and i == len(tokens) - 1 and token not in options:
            options.append(token)
        if token in OPTIONAL_WORDS or options[0] in OPTIONAL_WORDS:
            options.append("")
        choices.append(options)
    variants = []
    for combo in itertools.islice(itertools.product(*choices), MAX_VARIANTS * 4):
        words = " ".join(w for w in combo if w)
        if words and any(t not in STOPWORDS for t in words.split()) and words not in variants:
            variants.append(words)
        if len(variants) == MAX_VARIANTS:
            break
    return Query(text=shown, tokens=tokens, variants=tuple(variants))


def search(text: str, *, limit: int = MAX_RESULTS, prefix: bool = False) -> Results:
    """Active occupations matching `text`, best first (at most `limit`).

    prefix=True treats the last word as unfinished (autocomplete). When no title holds
    every word, misspelt words are replaced by the closest title word and the search
    runs again (not for prefixes), then close spellings are ranked (PostgreSQL
    trigrams); when still nothing matches, `similar` holds the closest titles.
    """
    query = parse(text, prefix)
    results = Results(query=query)
    if ONET_CODE_RE.match(query.text) or SOC_CODE_RE.match(query.text):
        results.hits = _by_code(query.text)
        if results.hits:
            return results
    if not query.variants:
        return results
    limit = max(1, min(limit, MAX_RESULTS))
    backend = _Postgres if _database().vendor == "postgresql" else _Fallback

    def found(hits):
        return bool(hits) and hits[0].via in NAME_KINDS

    results.hits = backend.rank(query, limit, prefix, fuzzy=False)
    if found(results.hits):
        return results
    corrected = None if prefix else _corrected(query, backend)
    if corrected is not None:
        hits = backend.rank(corrected, limit, prefix, fuzzy=False)
        if found(hits):
            results.hits, results.corrected = hits, corrected.text
            return results
    if backend.fuzzy:
        results.hits = backend.rank(query, limit, prefix, fuzzy=True)
    if not results.hits and not prefix:
        results.similar = backend.similar(query)
    return results


def _database():
    """The connection the ORM would read occupations from (a read replica, if routed)."""
    return connections[router.db_for_read(Occupation)]


def _by_code(code: str) -> list[Hit]:
    """An O*NET-SOC code (15-1252.00) or a SOC code (15-1252) typed into the box."""
    field = "code" if ONET_CODE_RE.match(code) else "soc_code"
    found = Occupation.objects.active().filter(**{field: code}).order_by("code")
    return [Hit(pk, 100.0, CODE, c) for pk, c in found.values_list("pk", "code")]


def _corrected(query: Query, backend) -> Query | None:
    """The query with each word not found in any title replaced by the closest title word."""
    words = query.primary.split()
    checked = [w for w in words if len(w) >= FUZZY_MIN_CHARS and w not in STOPWORDS]
    if not checked:
        return None
    neighbours = backend.neighbours(checked)
    fixed, changed = [], False
    for word in words:
        near = neighbours.get(word, set())
        if word not in checked or word in near:
            fixed.append(word)
            continue
        near = [n for n in near if abs(len(n) - len(word)) <= 2]
        match = difflib.get_close_matches(word, near, n=1, cutoff=SPELLING_CUTOFF)
        fixed.append(match[0] if match else word)
        changed = changed or bool(match)
    return parse(" ".join(fixed)) if changed else None


# ---------------------------------------------------------------- PostgreSQL

OCC = Occupation._meta.db_table
ALT = AlternateTitle._meta.db_table
OUTLOOK = Outlook._meta.db_table

# The stored, indexed document of an occupation (title weight A, description C) and the
# alternate-title expression index; both from migration careers 0003.
OCC_DOCUMENT = "o.search_document"
ALT_VECTOR = "to_tsvector('english'::regconfig, a.title)"  # as indexed


def _tsquery_text(variant: str, prefix: bool) -> str:
    """to_tsquery syntax for one variant: its words ANDed, the last a prefix if asked."""
    words = variant.split()
    if prefix:
        words[-1] += ":*"
    return " & ".join(words)


def _postgres_sql(fuzzy: bool) -> str:
    """One statement: candidates from the GIN indexes, scored, best name per occupation.

    v holds each variant's tsquery and word count; a name's closeness is that count
    over the number of words in the name (or in its parenthesis), when it contains
    them all. Trigram candidates (`<%`, word similarity >= 0.6) that contain not every
    word are the "similar" tier.
    """
    doc = OCC_DOCUMENT
    trgm = "OR %(fz)s <%% lower({}.title)" if fuzzy else ""
    ws = "word_similarity(%(fz)s, lower(n.name))" if fuzzy else "0"
    sim = "similarity(%(fz)s, lower(n.name))" if fuzzy else "0"
    return rf"""
WITH v AS MATERIALIZED (
    SELECT tsq, (numnode(tsq) + 1) / 2 AS n
    FROM (SELECT to_tsquery('english'::regconfig, x) AS tsq
          FROM unnest(%(variants)s::text[]) AS x) s
    WHERE numnode(tsq) > 0
),
q AS MATERIALIZED (SELECT to_tsquery('english'::regconfig, %(anyq)s) AS tsq),
occ AS (
    SELECT o.id, o.title, ts_rank({doc}, q.tsq) AS rank, {doc} @@ q.tsq AS in_doc
    FROM {OCC} o, q
    WHERE o.is_active AND ({doc} @@ q.tsq {trgm.format("o")})
),
names AS (
    SELECT occ.id AS occ, 'title' AS via, occ.title AS name FROM occ
    UNION ALL
    SELECT a.occupation_id, a.kind, a.title
    FROM {ALT} a JOIN {OCC} o ON o.id = a.occupation_id, q
    WHERE o.is_active AND ({ALT_VECTOR} @@ q.tsq {trgm.format("a")})
),
scored AS (
    SELECT n.occ, n.via, n.name, {ws} AS ws, {sim} AS sim, coalesce((
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
             ELSE %(alternate)s + %(alternate_span)s * closeness END AS score
    FROM scored WHERE closeness > 0
    UNION ALL
    SELECT occ, 'similar', name,
        CASE WHEN via = 'title' THEN %(fuzzy_title)s ELSE %(fuzzy_alternate)s END
        + %(fuzzy_ws)s * ws + %(fuzzy_sim)s * sim
    FROM scored WHERE closeness = 0 AND ws >= %(ws_min)s
    UNION ALL
    SELECT id, 'description', '', %(description)s + %(description_span)s * least(1.0, rank * 2)
    FROM occ WHERE in_doc
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
    fuzzy = True  # trigram similarity is available

    @staticmethod
    def rank(query: Query, limit: int, prefix: bool, fuzzy: bool) -> list[Hit]:
        variants = [_tsquery_text(v, prefix) for v in query.variants]
        weights = PREFIX_WEIGHTS if prefix else SEARCH_WEIGHTS
        params = {
            **asdict(weights),
            "variants": variants,
            "anyq": " | ".join(f"({v})" for v in variants),
            "fz": query.primary,
            "limit": limit,
            "ws_min": FUZZY_WS_MIN,
        }
        fuzzy = fuzzy and len(query.primary.replace(" ", "")) >= FUZZY_MIN_CHARS
        with _database().cursor() as cursor:
            cursor.execute(_postgres_sql(fuzzy), params)
            return [Hit(occ, round(score, 3), via, name) for occ, via, name, score in cursor]

    @staticmethod
    def neighbours(words: list[str]) -> dict[str, set[str]]:
        """Title words that look like each of `words`.

        A word whose stem is in some title (full-text index) is its own neighbour. For
        the others: the words of titles within pg_trgm's strict word similarity threshold
        (0.5: "carpanter" ~ "carpenter"), or when there are none, within its cheaper-to-
        miss but looser word similarity threshold (0.6: "keepr" ~ "keepers"); the
        trigram indexes find both.
        """
        sql = f"""
            WITH words AS MATERIALIZED (
                SELECT word, (
                    EXISTS (SELECT 1 FROM {ALT} a
                            WHERE {ALT_VECTOR} @@ to_tsquery('english'::regconfig, word))
                    OR EXISTS (SELECT 1 FROM {OCC} o
                               WHERE o.search_document
                                     @@ to_tsquery('english'::regconfig, word || ':A'))
                ) AS known
                FROM unnest(%(words)s::text[]) AS word
            )
            SELECT word, word FROM words WHERE known
            UNION ALL
            SELECT w.word, x.near
            FROM words w CROSS JOIN LATERAL (
                WITH strict AS MATERIALIZED (
                    SELECT a.title FROM {ALT} a WHERE w.word <<%% lower(a.title)
                    UNION ALL
                    SELECT o.title FROM {OCC} o WHERE w.word <<%% lower(o.title)
                ),
                loose AS (
                    SELECT a.title FROM {ALT} a
                    WHERE w.word <%% lower(a.title) AND NOT EXISTS (SELECT 1 FROM strict)
                )
                SELECT near FROM (
                    SELECT regexp_split_to_table(lower(t.title), '[^a-z0-9]+') AS near
                    FROM (SELECT title FROM strict UNION ALL SELECT title FROM loose) t
                ) d
                WHERE abs(length(near) - length(w.word)) <= 2 AND similarity(near, w.word) >= 0.3
            ) x
            WHERE NOT w.known
        """
        found: dict[str, set[str]] = {}
        with _database().cursor() as cursor:
            cursor.execute(sql, {"words": words})
            for word, near in cursor:
                found.setdefault(word, set()).add(near)
        return found

    @staticmethod
    def similar(query: Query) -> list[int]:
        sql = f"""
            SELECT id FROM (
                SELECT id, title, greatest(word_similarity(%(q)s, lower(title)),
                                           similarity(%(q)s, lower(title))) AS s
                FROM {OCC} WHERE is_active
            ) t WHERE s >= 0.3 ORDER BY s DESC, title LIMIT %(n)s
        """
        with _database().cursor() as cursor:
            cursor.execute(sql, {"q": query.primary, "n": SUGGESTIONS})
            return [row[0] for row in cursor]


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
    """Portable search: LIKE pre-filter in SQL, then the same tiers computed in Python."""

    fuzzy = False  # no trigram similarity: misspellings rely on the spelling correction

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
    def rank(cls, query: Query, limit: int, prefix: bool, fuzzy: bool = False) -> list[Hit]:
        wanted = cls._wanted(query, prefix)
        if not wanted:
            return []
        best: dict[int, tuple[float, str, str]] = {}
        order: dict[int, tuple] = {}
        titles: dict[int, str] = {}
        popularity: dict[int, float] = {}
        weights = PREFIX_WEIGHTS if prefix else SEARCH_WEIGHTS
        for occ, via, name, title, code, jobs in _fallback_rows([p for _, _, p in wanted]):
            titles[occ] = title
            broad = code.endswith(".00")
            order[occ] = (-(jobs or 0) if broad else 0, not broad, title, occ)
            popularity[occ] = math.log10(jobs) / 7 if broad and jobs else 0.0
            if via == DESCRIPTION:
                score, name = cls._description_score(name, wanted, weights), ""
            else:
                closeness = max(
                    (
                        _closeness(part, want, last)
                        for part in _parts(name)
                        for want, last, _ in wanted
                    ),
                    default=0.0,
                )
                score = weights.words(via, closeness) if closeness else 0.0
            if score > best.get(occ, (0.0,))[0]:
                best[occ] = (score, via, name)
        primary = lexemes(query.primary)
        hits = []
        for occ, (score, via, name) in best.items():
            cover = len(primary & lexemes(titles[occ])) / len(primary) if primary else 0.0
            score += weights.title_bonus * cover + weights.popularity * popularity[occ]
            hits.append(Hit(occ, round(score, 3), via, name))
        hits.sort(key=lambda h: (-h.score, *order[h.occupation_id]))
        return hits[:limit]

    @staticmethod
    def _description_score(text: str, wanted, weights: Weights) -> float:
        words = tokenize(text)
        stems = [stem(w) for w in words if w not in STOPWORDS]
        present = set(stems)
        for want, last, _ in wanted:
            if want <= present and (not last or any(w.startswith(last) for w in words)):
                hits = sum(1 for s in stems if s in want)
                return weights.description + weights.description_span * min(1.0, hits / 10)
        return 0.0

    @staticmethod
    def neighbours(words: list[str]) -> dict[str, set[str]]:
        """Title words sharing the first or last letters (3, or 4 for long words) with each word.

        A misspelling rarely spoils both ends of a word; longer ends fetch fewer titles.
        """
        patterns = {w: {w[:n], w[-n:]} for w in words for n in [3 if len(w) < 7 else 4]}
        every = sorted(set().union(*patterns.values()))
        cond = " OR ".join(["title LIKE %s"] * len(every))
        sql = f"SELECT title FROM {OCC} WHERE {cond} UNION ALL SELECT title FROM {ALT} WHERE {cond}"
        found: dict[str, set[str]] = {w: set() for w in words}
        with _database().cursor() as cursor:
            cursor.execute(sql, [f"%{p}%" for p in every] * 2)
            for (title,) in cursor.fetchall():
                for token in tokenize(title):
                    for word, pats in patterns.items():
                        if abs(len(token) - len(word)) <= 2 and any(p in token for p in pats):
                            found[word].add(token)
        return found

    @staticmethod
    def similar(query: Query) -> list[int]:
        wanted = query.primary
        scored = []
        for occ, title in Occupation.objects.active().values_list("id", "title"):
            lowered = title.lower()
            ratio = difflib.SequenceMatcher(None, wanted, lowered).ratio()
            for word in tokenize(lowered):
                ratio = max(ratio, 0.9 * difflib.SequenceMatcher(None, wanted, word).ratio())
            scored.append((-ratio, title, occ))
        scored.sort()
        return [occ for ratio, _title, occ in scored[:SUGGESTIONS] if -ratio >= 0.5]


def _fallback_rows(patterns: list[list[str]]):
    """(occupation id, via, name, its title, its code, employment) for names passing LIKE.

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
        SELECT c.occ, c.via, c.name, o.title, o.code, ou.employment_start
        FROM (
            SELECT o.id AS occ, 'title' AS via, o.title AS name
            FROM {OCC} o WHERE o.is_active AND {matches("o.title")}
            UNION ALL
            SELECT a.occupation_id, a.kind, a.title
            FROM {ALT} a JOIN {OCC} o ON o.id = a.occupation_id
            WHERE o.is_active AND {matches("a.title")}
            UNION ALL
            SELECT o.id, 'description', o.description
            FROM {OCC} o WHERE o.is_active AND {matches("o.description")}
        ) c JOIN {OCC} o ON o.id = c.occ LEFT JOIN {OUTLOOK} ou ON ou.occupation_id = o.id
    """
    with _database().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()
