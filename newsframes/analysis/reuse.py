"""Text reuse: pairs of articles that share long passages (word shingles), the share of
each article they cover, and the longest shared passage; which article reprints which.

A *shingle* is a run of ``shingle`` consecutive running words (Broder 1997). Two
articles reuse text when the shingles they share make up at least ``min_share`` of the
distinct shingles of either of them: *containment*, not Jaccard resemblance, so that a
short article printed whole inside a long one is found although the two are far from
alike (Broder 1997 defines both). Every number reported is counted exactly; only the
search for candidate pairs in a large corpus is approximate (MinHash LSH, see
:func:`find_reuse` and :func:`lsh_bands`).

Everything is deterministic: the MinHash permutations come from the fixed :data:`SEED`,
shingles are hashed from their words (so an article's sketch does not depend on the rest
of the corpus), and every output is sorted.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from newsframes.analysis.settings import DEFAULTS

COLUMNS = (
    "article_a", "article_b", "n_shingles_a", "n_shingles_b", "n_shared", "share_a",
    "share_b", "longest_words", "longest_passage", "method",
)  # fmt: skip
REPRINT_COLUMNS = ("article_id", "original_id", "share")
_KINDS = {
    "article_a": "str", "article_b": "str", "n_shingles_a": "int64", "n_shingles_b": "int64",
    "n_shared": "int64", "share_a": "float64", "share_b": "float64", "longest_words": "int64",
    "longest_passage": "str", "method": "str", "article_id": "str", "original_id": "str",
    "share": "float64",
}  # fmt: skip

NUM_PERM = 256
"""Permutations of each MinHash (the candidate search of large corpora)."""
SEED = 1
"""Seed of the MinHash permutations: fixed, so the same corpus gives the same candidates."""
MAX_LENGTH_RATIO = 10.0
"""Largest ratio of the two articles' shingle counts for which the candidate search
promises its recall (:data:`MAX_MISS`) at the ``min_share`` boundary."""
MAX_MISS = 0.01
"""Largest probability that the candidate search misses a pair at exactly ``min_share``
containment whose length ratio is at most :data:`MAX_LENGTH_RATIO`; pairs above
``min_share`` are missed far less often."""

_CHUNK = 20_000  # pairs compared at once in the MinHash path (bounds the memory)
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def lsh_bands(min_share: float, *, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """``(bands, rows)`` of the MinHash LSH that looks for pairs at ``min_share``
    containment (Leskovec, Rajaraman & Ullman 2020, ch. 3, for the banding).

    For the smaller article A of a pair (``|A| <= |B|``, length ratio ``q = |B| / |A|``),
    a containment ``c = |A & B| / |A|`` is a Jaccard resemblance ``J = c / (1 + q - c)``.
    So every pair listed at ``min_share`` with ``q <= MAX_LENGTH_RATIO`` has
    ``J >= j_min = min_share / (1 + MAX_LENGTH_RATIO - min_share)`` (0.0185 for
    ``min_share`` 0.2). With ``b`` bands of ``r`` rows a pair of resemblance ``J`` is
    missed with probability ``(1 - J**r)**b``; the rows are the largest ``r`` (fewest
    false candidates) with ``b = num_perm // r`` bands that keeps this at most
    :data:`MAX_MISS` at ``j_min``, and 1 when none does.
    """
    j_min = min_share / (1 + MAX_LENGTH_RATIO - min_share)
    rows = 1
    for r in range(2, num_perm // 2 + 1):
        if (1 - j_min**r) ** (num_perm // r) <= MAX_MISS:
            rows = r
    return num_perm // rows, rows


def find_reuse(
    words: Mapping[str, Sequence[str]],
    *,
    shingle: int = DEFAULTS.reuse_shingle,
    min_share: float = DEFAULTS.reuse_min_share,
    exact_max: int = DEFAULTS.reuse_exact_max,
) -> pd.DataFrame:
    """Pairs of articles that share at least ``min_share`` of either one's shingles.

    ``words`` maps each article_id to the article's running words in order (lower-cased
    word tokens, punctuation left out), for instance ``text.lower().split()``. A shingle
    is a run of ``shingle`` consecutive words; an article of fewer words has none and is
    in no pair. A pair is listed when the distinct shingles the two share are at least
    ``min_share`` of the distinct shingles of one of them (containment, Broder 1997).

    With at most ``exact_max`` articles in ``words``, every pair that shares a shingle
    is counted exactly through an inverted index (the article x shingle matrix of the
    shingles found in two or more articles, times its transpose). With more, candidate
    pairs are found first and then measured the same exact way, so every number is
    exact and only a pair can be missed. The candidates: each article's distinct
    shingles become a MinHash (Broder 1997; datasketch ``MinHash``, :data:`NUM_PERM`
    permutations, seed :data:`SEED`), indexed in a datasketch ``MinHashLSH`` banded as
    :func:`lsh_bands` derives from ``min_share`` (for 0.2: 256 bands of one row, so two
    articles meet when they share the minimum of any permutation); of the pairs that
    meet, those whose MinHashes agree in at least :func:`needed_agreements` permutations
    for their length ratio are measured. Both steps are sized so that a pair exactly at
    ``min_share`` is missed with probability at most :data:`MAX_MISS` (1%) when one
    article has at most :data:`MAX_LENGTH_RATIO` (10) times the other's shingles: at 0.2
    containment 0.6% at equal lengths, 0.5% at ratio 2, 0.8% at ratio 10; at 0.3
    containment 1e-7, 3e-6 and 7e-4; a short article printed whole inside one 50 times
    as long, 0.6%. ``MinHashLSHEnsemble`` (Zhu et al. 2016), made for containment, was
    not used: it tunes the bands of each size partition to balance false positives
    against false negatives, so its recall at the threshold has no bound one can state,
    while here a false candidate costs one exact count and a missed pair is a missing
    row. A containment of 0.2 is a Jaccard resemblance as low as 0.0185 (:func:`lsh_bands`),
    which only one-row bands find reliably; so passages that recur in many articles (a
    sign-off, a standard paragraph) make many candidates, and on such corpora the exact
    path can be the faster one.

    The longest shared passage is the longest run of consecutive words common to both
    articles (a longest common substring over words). It is found from the shared
    shingles: a common run of ``L >= shingle`` words is ``L - shingle + 1`` matching
    shingles at the same offset between the two articles, and a listed pair shares at
    least one shingle. Of several runs of that length, the first in article_a is given
    (then the first in article_b).

    Raises ``ValueError`` when an option is out of range or an article's words are one
    string rather than a sequence of words.

    Returns:
        One row per pair, sorted by article_a, article_b, with columns:
        article_a, article_b (the two article_ids, ``article_a < article_b`` as text);
        n_shingles_a, n_shingles_b (distinct shingles of each article);
        n_shared (distinct shingles in both); share_a (n_shared / n_shingles_a);
        share_b (n_shared / n_shingles_b); longest_words (words in the longest shared
        passage); longest_passage (its words joined by single spaces); method
        (``exact`` or ``minhash``, how the pair was found).
    """
    _check_options(shingle, min_share, exact_max)
    ids = sorted(words, key=str)
    texts = [_word_list(words[i], i) for i in ids]
    keep = [n for n, t in enumerate(texts) if len(t) >= shingle]
    if len(keep) < 2:
        return _empty(COLUMNS)
    ids = [str(ids[n]) for n in keep]
    texts = [texts[n] for n in keep]
    exact = len(words) <= exact_max
    at, hashes = _shingle_ids(texts, shingle, hashes=not exact)
    distinct = _distinct(at)
    sizes = np.array([len(d) for d in distinct], dtype=np.int64)

    if exact:
        method = "exact"
        first, second, shared = _shared_exact(distinct)
    else:
        method = "minhash"
        first, second = _candidates(hashes, sizes, min_share)
        shared = _shared_of(distinct, first, second)
    share_a = shared / np.maximum(sizes[first], 1)
    share_b = shared / np.maximum(sizes[second], 1)
    listed = (share_a >= min_share) | (share_b >= min_share)
    first, second, shared = first[listed], second[listed], shared[listed]
    share_a, share_b = share_a[listed], share_b[listed]
    if not len(first):
        return _empty(COLUMNS)

    longest = [_longest_run(at[a], at[b], shingle) for a, b in zip(first, second, strict=True)]
    out = pd.DataFrame(
        {
            "article_a": [ids[a] for a in first],
            "article_b": [ids[b] for b in second],
            "n_shingles_a": sizes[first],
            "n_shingles_b": sizes[second],
            "n_shared": shared,
            "share_a": share_a,
            "share_b": share_b,
            "longest_words": [n for _, n in longest],
            "longest_passage": [
                " ".join(texts[a][start : start + n])
                for a, (start, n) in zip(first, longest, strict=True)
            ],
            "method": method,
        }
    )
    out = out.sort_values(["article_a", "article_b"], kind="stable").reset_index(drop=True)
    return out.astype({c: _KINDS[c] for c in COLUMNS})


def reprints(
    pairs: pd.DataFrame,
    dates: Mapping[str, str | None],
    *,
    min_share: float = DEFAULTS.reprint_min_share,
) -> pd.DataFrame:
    """Articles that reprint an earlier one, from the ``pairs`` of :func:`find_reuse`.

    ``dates`` maps every article_id of ``pairs`` to its date, an ISO 8601 string
    (``YYYY-MM-DD``, optionally followed by a time; such strings sort in time order as
    text) or ``None`` (an empty string or a missing value count as ``None``). Of each
    pair, the *later* article is the one with the later date; an undated article is
    later than a dated one, and of two with the same date (or both undated) the larger
    article_id is the later. The later article reprints the earlier when its own share
    (the share of *its* shingles found in the other) is at least ``min_share``. An
    article that reprints several earlier ones keeps the one of largest share (ties: the
    smallest original_id); chains are left as they are (A reprints B and B reprints C
    are two rows).

    Raises ``LookupError`` naming the articles of ``pairs`` that ``dates`` lacks, and
    ``ValueError`` for a date that is not ISO 8601 or a ``min_share`` outside (0, 1].

    Returns:
        One row per reprinting article, sorted by article_id, with columns:
        article_id (the reprint), original_id (the earlier article it reprints),
        share (share of the reprint's shingles found in the original).
    """
    if not 0 < min_share <= 1:
        raise ValueError(f"min_share must be a share in (0, 1], not {min_share!r}")
    if pairs.empty:
        return _empty(REPRINT_COLUMNS)
    missing = sorted(set(pairs["article_a"]).union(pairs["article_b"]) - set(dates), key=str)
    if missing:
        raise LookupError(
            f"dates has no entry for {', '.join(map(str, missing[:5]))}"
            f"{' and more' if len(missing) > 5 else ''}: pass a date for every article of "
            "pairs (None when it is undated)"
        )
    rows = []
    for a, b, share_a, share_b in pairs[
        ["article_a", "article_b", "share_a", "share_b"]
    ].itertuples(index=False):
        if _order(a, dates[a]) > _order(b, dates[b]):
            later, earlier, share = a, b, share_a
        else:
            later, earlier, share = b, a, share_b
        if share >= min_share:
            rows.append((str(later), str(earlier), float(share)))
    if not rows:
        return _empty(REPRINT_COLUMNS)
    out = pd.DataFrame(rows, columns=list(REPRINT_COLUMNS))
    out = out.sort_values(
        ["article_id", "share", "original_id"], ascending=[True, False, True], kind="stable"
    )
    out = out.drop_duplicates("article_id").reset_index(drop=True)
    return out.astype({c: _KINDS[c] for c in REPRINT_COLUMNS})


def _check_options(shingle, min_share, exact_max) -> None:
    if isinstance(shingle, bool) or not isinstance(shingle, int | np.integer) or shingle < 1:
        raise ValueError(f"shingle must be a whole number of words, 1 or more, not {shingle!r}")
    if isinstance(min_share, bool) or not 0 < min_share <= 1:
        raise ValueError(f"min_share must be a share in (0, 1], not {min_share!r}")
    if isinstance(exact_max, bool) or not isinstance(exact_max, int | np.integer) or exact_max < 0:
        raise ValueError(
            f"exact_max must be a whole number of articles, 0 or more, not {exact_max!r}"
        )


def _word_list(seq, article_id) -> list[str]:
    if isinstance(seq, str | bytes):
        raise ValueError(
            f"the words of article {article_id!r} are one string; pass its running words as a "
            "list (for instance text.lower().split())"
        )
    return [w if isinstance(w, str) else str(w) for w in seq]


def _empty(columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=_KINDS[c]) for c in columns})


def _shingle_ids(
    texts: list[list[str]], shingle: int, *, hashes: bool
) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
    """For each text, the id of the shingle at each of its positions (ids shared across
    texts: the same ``shingle`` words have the same id), and when ``hashes``, the 32-bit
    hash of each of those shingles (:func:`_run_hashes`). Exact: the ids come from the
    words, not from hashes."""
    # Each word's code is its number in order of first appearance.
    every = np.array(list(itertools.chain.from_iterable(texts)), dtype=object)
    codes, vocabulary = pd.factorize(every)
    coded = np.asarray(codes, dtype=np.int64)
    ids = _run_ids(coded, shingle)
    ends = np.cumsum([len(t) for t in texts])
    starts = ends - [len(t) for t in texts]
    at = [ids[a : b - shingle + 1] for a, b in zip(starts, ends, strict=True)]
    if not hashes:
        return at, None
    hashed = _run_hashes(coded, [str(w) for w in vocabulary], shingle)
    return at, [hashed[a : b - shingle + 1] for a, b in zip(starts, ends, strict=True)]


def _run_ids(coded: np.ndarray, length: int) -> np.ndarray:
    """The id of the run of ``length`` codes that starts at each position of ``coded``
    (``len(coded) - length + 1`` of them): equal runs, equal ids. A run is the pair of its
    two halves, numbered by ``np.unique``, so ``length`` 8 takes three calls."""
    memo = {1: coded}

    def ids(n: int) -> np.ndarray:
        if n not in memo:
            half = n // 2
            left, right = ids(half), ids(n - half)
            size = len(coded) - n + 1
            key = left[:size] * (int(right.max()) + 1) + right[half : half + size]
            memo[n] = np.unique(key, return_inverse=True)[1].reshape(-1)
        return memo[n]

    return ids(length)


def _run_hashes(coded: np.ndarray, vocabulary: list[str], length: int) -> np.ndarray:
    """A 32-bit hash of the run of ``length`` words at each position, computed from the
    words alone (a BLAKE2b hash of each word, combined in order and mixed with the
    MurmurHash3 64-bit finalizer), so an article's MinHash does not depend on the rest
    of the corpus."""
    word_hash = np.array(
        [
            int.from_bytes(hashlib.blake2b(w.encode("utf-8"), digest_size=8).digest(), "little")
            for w in vocabulary
        ],
        dtype=np.uint64,
    )[coded]
    size = len(coded) - length + 1
    h = np.zeros(size, dtype=np.uint64)
    multiplier = np.uint64(0x9E3779B97F4A7C15)
    for t in range(length):
        h = h * multiplier + word_hash[t : t + size]
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xFF51AFD7ED558CCD)
    h ^= h >> np.uint64(33)
    h *= np.uint64(0xC4CEB9FE1A85EC53)
    h ^= h >> np.uint64(33)
    return (h >> np.uint64(32)).astype(np.uint32)


def _distinct(at: list[np.ndarray]) -> list[np.ndarray]:
    """The sorted distinct shingle ids of each text."""
    n_ids = int(max(int(a.max()) for a in at)) + 1
    article = np.repeat(np.arange(len(at), dtype=np.int64), [len(a) for a in at])
    key = np.unique(article * n_ids + np.concatenate(at))
    bounds = np.searchsorted(key, np.arange(1, len(at)) * n_ids)
    return [d % n_ids for d in np.split(key, bounds)]


def _shared_exact(distinct: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of articles (by index, first < second) that shares a shingle, and how
    many distinct shingles it shares: the article x shingle incidence matrix of the
    shingles in two or more articles (an inverted index) times its transpose, so memory
    grows with the pairs, not with how often a passage recurs."""
    article = np.repeat(np.arange(len(distinct)), [len(d) for d in distinct])
    ids = np.concatenate(distinct)
    counts = np.bincount(ids)
    repeated = counts[ids] >= 2
    article, ids = article[repeated], ids[repeated]
    _, column = np.unique(ids, return_inverse=True)
    incidence = sparse.csr_matrix(
        (np.ones(len(ids), dtype=np.int64), (article, column.reshape(-1))),
        shape=(len(distinct), max(int(column.max(initial=-1)) + 1, 1)),
    )
    shared = sparse.triu(incidence @ incidence.T, k=1).tocoo()
    return (
        shared.row.astype(np.int64),
        shared.col.astype(np.int64),
        shared.data.astype(np.int64),
    )


def _candidates(
    hashes: list[np.ndarray], sizes: np.ndarray, min_share: float
) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs (by index, first < second): those the MinHash LSH of
    :func:`lsh_bands` returns whose MinHashes agree in at least :func:`needed_agreements`
    permutations for the pair's length ratio."""
    from datasketch import MinHash, MinHashLSH  # only the MinHash path needs it (0.5 s)

    sketches = MinHash.bulk(
        (h.tolist() for h in hashes), num_perm=NUM_PERM, seed=SEED, hashfunc=int
    )
    lsh = MinHashLSH(num_perm=NUM_PERM, params=lsh_bands(min_share))
    with lsh.insertion_session() as session:
        for key, sketch in enumerate(sketches):
            session.insert(key, sketch, check_duplication=False)
    pairs = sorted(
        {(a, b) for a, sketch in enumerate(sketches) for b in lsh.query(sketch) if b > a}
    )
    first = np.array([a for a, _ in pairs], dtype=np.int64)
    second = np.array([b for _, b in pairs], dtype=np.int64)
    signatures = np.vstack([sketch.hashvalues for sketch in sketches])
    agree = np.zeros(len(pairs), dtype=np.int64)
    for chunk in range(0, len(pairs), _CHUNK):
        part = slice(chunk, chunk + _CHUNK)
        agree[part] = (signatures[first[part]] == signatures[second[part]]).sum(axis=1)
    ratio = np.maximum(sizes[first], sizes[second]) / np.minimum(sizes[first], sizes[second])
    kept = agree >= needed_agreements(ratio, min_share)
    return first[kept], second[kept]


def needed_agreements(ratio, min_share: float, *, num_perm: int = NUM_PERM) -> np.ndarray:
    """Least number of the ``num_perm`` permutations in which the MinHashes of a
    candidate pair must agree, for pairs of length ratio ``ratio`` (larger article's
    distinct shingles over the smaller's, an array or a number).

    Two MinHashes agree in each permutation with probability the Jaccard resemblance
    ``J`` (Broder 1997), so the agreements are Binomial(``num_perm``, ``J``); a pair at
    ``min_share`` containment has ``J = min_share / (1 + ratio - min_share)``. The count
    is the largest ``m`` such that such a pair agrees fewer than ``m`` times with
    probability at most :data:`MAX_MISS`, and never below 1 (the LSH bucket itself).
    Passages that recur everywhere (an agency's sign-off) make many pairs share a few
    shingles; this keeps them from all being counted exactly.
    """
    from scipy import stats  # only the MinHash path needs it

    ratio = np.asarray(ratio, dtype=float)
    j_min = min_share / (1 + ratio - min_share)
    return np.maximum(1, stats.binom.ppf(MAX_MISS, num_perm, j_min)).astype(np.int64)


def _shared_of(distinct: list[np.ndarray], first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """Distinct shingles shared by each pair ``(first[k], second[k])``, counted exactly."""
    incidence = _incidence(distinct)
    shared = np.zeros(len(first), dtype=np.int64)
    for chunk in range(0, len(first), _CHUNK):
        part = slice(chunk, chunk + _CHUNK)
        both = incidence[first[part]].multiply(incidence[second[part]])
        shared[part] = np.asarray(both.sum(axis=1)).reshape(-1)
    return shared


def _incidence(distinct: list[np.ndarray]) -> sparse.csr_matrix:
    """The article x shingle matrix: 1 where the article has the shingle."""
    article = np.repeat(np.arange(len(distinct)), [len(d) for d in distinct])
    ids = np.concatenate(distinct)
    return sparse.csr_matrix(
        (np.ones(len(ids), dtype=np.int64), (article, ids)),
        shape=(len(distinct), int(ids.max()) + 1),
    )


def _longest_run(at_a: np.ndarray, at_b: np.ndarray, shingle: int) -> tuple[int, int]:
    """``(start in a, words)`` of the longest run of words common to two texts that
    share at least one shingle, from their shingle ids by position: a maximal run of
    positions ``i, i+1, ...`` of a whose shingles match b's at ``i+d, i+1+d, ...``."""
    order = np.argsort(at_b, kind="stable")
    sorted_b = at_b[order]
    lo = np.searchsorted(sorted_b, at_a, "left")
    counts = np.searchsorted(sorted_b, at_a, "right") - lo
    i = np.repeat(np.arange(len(at_a)), counts)
    j = order[np.repeat(lo - (np.cumsum(counts) - counts), counts) + np.arange(counts.sum())]
    d = j - i
    by_diagonal = np.lexsort((i, d))
    i, j, d = i[by_diagonal], j[by_diagonal], d[by_diagonal]
    starts = np.flatnonzero(np.r_[True, (d[1:] != d[:-1]) | (i[1:] != i[:-1] + 1)])
    lengths = np.diff(np.r_[starts, len(i)])
    best = starts[lengths == lengths.max()]
    first = best[np.lexsort((j[best], i[best]))[0]]
    return int(i[first]), int(lengths.max()) + shingle - 1


def _order(article_id, date) -> tuple:
    """Sort key of an article in time: dated before undated, then by date, then id."""
    if date is None or (not isinstance(date, str) and pd.isna(date)) or date == "":
        return (1, "", str(article_id))
    text = str(date)
    try:
        if not _ISO_DATE.match(text):
            raise ValueError
        dt.date.fromisoformat(text[:10])
    except ValueError:
        raise ValueError(
            f"date {text!r} of article {article_id!r} is not ISO 8601: write it YYYY-MM-DD "
            "(or None when the article is undated)"
        ) from None
    return (0, text, str(article_id))
