"""The search documents of occupations, weighted once at import (read by careers.search).

Every active occupation gets one document with six fields: its title, the titles
workers reported, the other alternate titles, its task statements, its technology
examples (product names and their categories) and its description. Each stemmed word
of a document gets one BM25F weight, stored in careers.SearchTerm:

    tf'(w) = sum over fields f of  FIELD_WEIGHTS[f] * tf_f(w) / (1 - b_f + b_f * len_f / avglen_f)
    weight(w) = idf(w) * tf'(w) / (K1 + tf'(w)),   idf(w) = ln(1 + (N - df + 0.5) / (df + 0.5))

so a word in the title counts most, then reported and alternate titles, then tasks,
then technology and description, a word many fields repeat counts more (saturating
with K1), a long task list dilutes each mention, and a word nearly every occupation has
("work", "use") counts almost nothing. The weights are the same on every database
because they are computed here, in Python, not by a database's text search.

Every written word also goes to careers.SearchWord: what misspellings are corrected to.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from .search import STOPWORDS, stem, tokenize

FIELDS = ("title", "reported", "alternate", "task", "technology", "description")
TITLE_FIELDS = ("title", "reported", "alternate")  # their words can correct a misspelling
# The order the issue asked for: title > alternate title > task > description. Reported
# titles are what workers call the job, so they count more than the long O*NET lists.
FIELD_WEIGHTS = {
    "title": 8.0,
    "reported": 4.0,
    "alternate": 3.0,
    "task": 1.5,
    "technology": 1.0,
    "description": 1.0,
}
# Length normalization: a title is short whatever it says; long lists dilute.
FIELD_B = {"title": 0.3, "reported": 0.75, "alternate": 0.75, "task": 0.75, "technology": 0.75}
DEFAULT_B = 0.75
# Saturation: high enough that a career naming the word in its title, many alternate
# titles and tasks outranks one naming it once or twice (1.2, the textbook value, made
# every mention in a title look alike).
K1 = 4.0
MAX_WORD = 40  # longer "words" are part numbers and codes


def searchable(word: str) -> bool:
    """A word worth indexing: no stop words, no bare numbers, no single letters or part numbers."""
    return 2 <= len(word) <= MAX_WORD and not word.isdigit() and word not in STOPWORDS


@dataclass
class Document:
    """One occupation's fields, as lists of texts."""

    occupation_id: int
    fields: dict[str, list[str]]


@dataclass(frozen=True)
class Weighted:
    term_rows: list[tuple[str, int, float]]  # (stem, occupation id, weight)
    word_rows: list[tuple[str, bool, int]]  # (word, in a title, documents holding it)


def weigh(documents: list[Document]) -> Weighted:
    """BM25F weights of every (stem, occupation) and the vocabulary (see the module docstring)."""
    counts: dict[int, dict[str, Counter]] = {}
    lengths: dict[str, list[int]] = defaultdict(list)
    word_docs: dict[str, set[int]] = defaultdict(set)
    title_words: set[str] = set()
    for doc in documents:
        per_field = {}
        for name in FIELDS:
            # One pass of the tokenizer and one count, both in C; then each distinct word is
            # kept or dropped and stemmed once, not once per mention.
            written = Counter(tokenize(" ".join(doc.fields.get(name, ()))))
            titled = name in TITLE_FIELDS
            stems: Counter = Counter()
            size = 0
            for w, count in written.items():
                if not searchable(w):
                    continue
                size += count
                word_docs[w].add(doc.occupation_id)
                if titled:
                    title_words.add(w)
                stems[stem(w)] += count
            per_field[name] = stems
            lengths[name].append(size)
        counts[doc.occupation_id] = per_field
    n = len(documents)
    average = {name: (sum(v) / len(v) if v else 0.0) or 1.0 for name, v in lengths.items()}
    df: Counter = Counter()
    for per_field in counts.values():
        df.update(set().union(*per_field.values()))
    idf = {term: math.log(1 + (n - d + 0.5) / (d + 0.5)) for term, d in df.items()}
    rows = []
    for occ, per_field in counts.items():
        tf: dict[str, float] = defaultdict(float)
        for name, counter in per_field.items():
            size = sum(counter.values())
            b = FIELD_B.get(name, DEFAULT_B)
            norm = 1 - b + b * size / average[name]
            field_weight = FIELD_WEIGHTS[name]
            for term, count in counter.items():
                tf[term] += field_weight * count / norm
        for term, value in tf.items():
            weight = idf[term] * value / (K1 + value)
            if weight > 0:
                rows.append((term, occ, weight))
    vocabulary = [(w, w in title_words, len(occs)) for w, occs in word_docs.items()]
    return Weighted(term_rows=rows, word_rows=vocabulary)
