"""The facts the explorer page shows exactly as ``python -m skipgram_np.query RUN`` prints them.

The page holds the 8-bit rows of its 5,000 words, too few to answer among all 22,080 words, so
what query answers among all words in float32 is computed here and embedded:

  - neighbour lists (``neighbour_lists``): each page word's 10 nearest words among all words in
    W_in (query's ``neighbors W``, --min-count 1 and 50) at every checkpoint, and the control's
    (``query --control neighbors W``), each with its cosine to query's 3 decimals and its verdict
    by chance.py's rule (``encode_lists`` says how they are packed);
  - the example pairs (probes.PAIRS): ``query similarity a b``'s rows (epochs.similarity_rows),
    for the run and for the control;
  - analogy questions (``analogy_facts``): drawn at random from the Google set (seeded), and some
    the run answers right, each with query's answers (3CosAdd and 3CosMul), the expected word's
    rank (epochs.analogy_ranks) and its place against the tip (directions.analogy_plane), for the
    run and the control, at every checkpoint.

A list is computed for 512 words at a time (one matrix product, then the 11 largest of each row,
found among the rows' chunk maxima), which gives cosines within ~4e-7 of query's one-word products
but not bit for bit. Where that could change what query prints — two neighbours closer than
TOL, a cosine within TOL of a 3-decimal rounding edge or of the control's line — and for the
words the page offers as examples, the list is asked of Embeddings.neighbors itself, query's code.
"""
from __future__ import annotations

import contextlib

import numpy as np

from .chance import RANKS, band_of, mask_self
from .directions import analogy_plane
from .epochs import analogy_ranks, similarity_rows

K = RANKS                 # neighbours kept per word (query's default --topn, and the ranks with a verdict)
TOL = 1e-6                # |batched − query's cosine| is below ~4e-7 (measured); twice that and more is fragile
BLOCK = 512
CHUNK = 64                # columns per chunk whose maximum bounds the 11th largest from below
NONE16, NONE32 = 0x7FFF, 0x7FFFFFFF         # "no neighbour" (a list shorter than K)


def _top_candidates(S: np.ndarray, k: int):
    """For each row of S (its width a multiple of CHUNK), its k largest entries (ids, values),
    largest first (ties: lower id first). The k largest entries lie in the k chunks of CHUNK
    columns with the largest maxima, so only those are searched."""
    b, V = S.shape
    chunks = S.reshape(b, V // CHUNK, CHUNK)
    k = min(k, V)
    kk = min(k, chunks.shape[1])
    best = np.argpartition(-chunks.max(2), kk - 1, axis=1)[:, :kk]           # (b, kk) chunk ids
    vals = chunks[np.arange(b)[:, None], best].reshape(b, kk * CHUNK)
    cols = (best[:, :, None] * CHUNK + np.arange(CHUNK)).reshape(b, kk * CHUNK)
    top = np.argpartition(-vals, k - 1, axis=1)[:, :k]
    v, c = np.take_along_axis(vals, top, 1), np.take_along_axis(cols, top, 1)
    order = np.lexsort((c, -v.astype(np.float64)), axis=-1)
    return np.take_along_axis(c, order, 1), np.take_along_axis(v, order, 1)


def _fragile(cos: np.ndarray, lines: np.ndarray | None) -> np.ndarray:
    """Rows whose batched top K+1 could print differently from query's: two neighbours within
    2·TOL (order, or who is 10th), a cosine within TOL of a 3-decimal rounding edge, or of its line."""
    top = cos[:, :K].astype(np.float64)
    gaps = cos[:, :-1].astype(np.float64) - cos[:, 1:]
    bad = np.any(np.isfinite(gaps) & (gaps < 2 * TOL), axis=1)
    frac = top * 1000 - np.floor(top * 1000)
    bad |= np.any(np.isfinite(top) & (np.abs(frac - 0.5) < 1000 * TOL + 1e-9), axis=1)
    if lines is not None:
        bad |= np.any(np.isfinite(top) & (np.abs(top - lines[:, :top.shape[1]]) < TOL), axis=1)
    return bad


def _threads_as_query(emb, allowed):
    """One BLAS thread (30 times faster for one-row products on a busy machine) when it gives the
    same bits as the default threads on this table (a thread's share of rows can end in a shorter
    tail, summed otherwise), else the default: query's products either way."""
    from threadpoolctl import threadpool_limits            # (slow to import: only here)
    U = emb.unit
    rows = U if allowed is None else U[allowed]
    probes = [U[i] / max(np.linalg.norm(U[i]), 1e-12) for i in (0, len(U) // 2)]
    default = [rows @ x for x in probes]
    with threadpool_limits(1):
        same = all(np.array_equal(rows @ x, d) for x, d in zip(probes, default))
    return threadpool_limits(1) if same else contextlib.nullcontext()


def _lines(near, ids) -> np.ndarray:
    """(len(ids), K) the line each word's r-th neighbour must beat (inf past the ranks it has)."""
    L = near.line[band_of(near.edges, ids)]
    return np.pad(L, ((0, 0), (0, K - L.shape[1])), constant_values=np.inf)[:, :K]


def neighbour_lists(emb, n_words: int, min_count: int = 1, near=None, exact_words=()) -> tuple:
    """(ids (n, K) with −1 where a list is short, cos (n, K) float64, beyond (n, K) bool or None):
    the K nearest words of words 0..n_words−1 among all of ``emb``'s words seen ``min_count`` times,
    as emb.neighbors gives them, and whether each is beyond chance at its rank (``near``: the
    control's chance.NeighbourChance at the same epoch, among the same words)."""
    U = emb.unit
    allowed = None if min_count <= 1 or emb.counts is None else emb.among(min_count)
    cols = U if allowed is None else U[allowed]
    width = len(cols)
    cols = np.concatenate([cols, np.zeros((-width % CHUNK, U.shape[1]), U.dtype)])     # whole chunks
    ids = np.full((n_words, K), -1, np.int64)
    cos = np.full((n_words, K), -np.inf)
    fragile = np.zeros(n_words, bool)
    for lo in range(0, n_words, BLOCK):
        part = np.arange(lo, min(n_words, lo + BLOCK))
        S = U[part] @ cols.T                                              # (b, allowed + pad) float32
        S[:, width:] = -np.inf
        mask_self(S, part, allowed)                                       # a word is not its own neighbour
        top, vals = _top_candidates(S, K + 1)
        finite = np.isfinite(vals)
        top = np.where(finite, top, 0)
        top = np.where(finite, top if allowed is None else allowed[top], -1)
        vals = vals.astype(np.float64)
        lines = None if near is None else _lines(near, part)
        fragile[part] = _fragile(np.where(np.isfinite(vals), vals, np.nan), lines)
        ids[part], cos[part] = np.where(np.isfinite(vals[:, :K]), top[:, :K], -1), vals[:, :K]
    for w in exact_words:
        i = emb.find(w)
        if i is not None and i < n_words:
            fragile[i] = True
    with _threads_as_query(emb, allowed):
        for i in np.flatnonzero(fragile):                                 # query's own code for these
            got = emb.neighbors(emb.words[i], K, min_count)
            ids[i], cos[i] = -1, -np.inf
            ids[i, :len(got)] = [emb.index[w] for w, _ in got]
            cos[i, :len(got)] = [c for _, c in got]
    beyond = None
    if near is not None:                               # chance.NeighbourChance.beyond, for every rank at once
        beyond = (ids >= 0) & (cos > _lines(near, np.arange(n_words)))
    return ids, cos, beyond, int(fragile.sum())


def cos3(cos: np.ndarray) -> np.ndarray:
    """Cosines as query prints them (format ".3f"), in thousandths (0 where not finite)."""
    x = np.where(np.isfinite(cos), cos, 0.0) * 1000
    out = np.round(x)
    edge = np.flatnonzero(np.abs(x - np.floor(x) - 0.5) < 1e-6)    # a rounding tie: format decides
    out.ravel()[edge] = [round(float(format(v, ".3f")) * 1000) for v in cos.ravel()[edge]]
    return out.astype(np.int64)


def encode_lists(ids: np.ndarray, cos: np.ndarray, beyond, wide: bool) -> dict:
    """One block of lists as byte strings (explorer/facts.js reads them back):
      ids    K per word, uint16 (uint32 when ``wide``) little-endian; the top bit set when the
             neighbour is beyond chance; all other bits set (NONE) where the list is shorter;
      head   per word, its nearest cosine in thousandths + 1000, uint16 LE;
      drops  then each next cosine as its drop from the one before, in thousandths, one nibble
             (low nibble first), 0..14; 15 when the drop is larger: the value is then the next of
      big    the cosines (+ 1000, uint16 LE) that did not fit a nibble, in order."""
    none, top = (NONE32, 0x80000000) if wide else (NONE16, 0x8000)
    packed = np.where(ids >= 0, ids, none).astype(np.int64)
    if beyond is not None:
        packed = packed | np.where(beyond & (ids >= 0), top, 0)
    c = cos3(cos) + 1000
    valid = ids >= 0
    head = np.where(valid[:, 0], c[:, 0], 0)
    drops = c[:, :-1] - c[:, 1:]
    follow = valid[:, 1:]                                    # (n, K − 1) the drops that exist, row by row
    d = drops[follow]
    v = c[:, 1:][follow]
    nib = np.where((d >= 0) & (d < 15), d, 15)
    nib = np.concatenate([nib, [0]]) if len(nib) % 2 else nib
    return {"ids": packed.astype("<u4" if wide else "<u2").tobytes(), "head": head.astype("<u2").tobytes(),
            "drops": (nib[0::2] | nib[1::2] << 4).astype(np.uint8).tobytes(),
            "big": v[(d < 0) | (d >= 15)].astype("<u2").tobytes()}


def similarity_facts(embs: dict, controls: dict | None, chance, pairs) -> dict:
    """{"a|b": {"run": rows, "control": rows or None}}: query similarity a b's rows for the run and
    (query --control) for the control, with the numbers also as query prints them."""
    def rows(tables, a, b):
        out = []
        for r in similarity_rows(tables, a, b, chance):
            row = {"epoch": str(r["epoch"]), "zero": r["zero"]}
            if not r["zero"]:
                row.update(cos=r["cos"], median=r["median"], p5=r["p5"], p95=r["p95"], percentile=r["percentile"],
                           rank_ab=r["rank_ab"], rank_ba=r["rank_ba"], related=r["related"],
                           control_cos=r["control_cos"], pair_line=r["pair_line"],
                           text={"cos": f"{r['cos']:+.4f}", "percentile": f"{r['percentile']:.2f}",
                                 "band": f"{r['median']:+.3f} [{r['p5']:+.3f} .. {r['p95']:+.3f}]",
                                 "control": "" if r["control_cos"] is None else f"{r['control_cos']:+.4f}"})
            out.append(row)
        return out
    first = embs[min(embs)]
    facts = {}
    for a, b in pairs:
        if a in first.index and b in first.index:
            facts[f"{a}|{b}"] = {"run": rows(embs, a, b), "control": rows(controls, a, b) if controls else None}
    return facts


def _answers(emb, a, b, c, method: str, topn: int = 5) -> list:
    return [[w, f"{s:.3f}"] for w, s in emb.analogy(a, b, c, topn, method)]


def _plane(emb, a, b, c, d, top) -> dict:
    """Where the expected word D and the top answer lie against the tip T = Â − B̂ + Ĉ, and how far
    a typical word is from T (the median over all words of |T − ŵ|)."""
    ia, ib, ic, id_, it = (emb.index[w] for w in (a, b, c, d, top))
    others = {"D": id_} if it == id_ else {"D": id_, "top": it}
    p = analogy_plane(emb.unit, ia, ib, ic, others)
    tip = emb.unit[ia].astype(np.float64) - emb.unit[ib] + emb.unit[ic]
    typical = float(np.median(np.linalg.norm(emb.unit.astype(np.float64) - tip, axis=1)))
    return {"points": {k: [round(x, 6), round(y, 6), round(p.off_plane[k], 6)] for k, (x, y) in p.points.items()},
            "dist": {k: round(v, 6) for k, v in p.tip_distance.items()}, "typical": round(typical, 6)}


def analogy_facts(embs: dict, controls: dict | None, questions: list) -> list:
    """For each question [a, b, c, d] (page form: a − b + c = d) and kind ("random", "right",
    "classic"): at every epoch query's five answers by 3CosAdd and 3CosMul (word, score as printed),
    d's rank among the 3CosAdd answers, and the plane; the same for the control."""
    out = []
    for (a, b, c, d), kind in questions:
        fact = {"q": [a, b, c, d], "kind": kind, "run": {}, "control": {} if controls else None}
        for which, tables in (("run", embs), ("control", controls)):
            if not tables:
                continue
            ranks = analogy_ranks(tables, a, b, c, d)
            for e, emb in sorted(tables.items()):
                add = _answers(emb, a, b, c, "add")
                fact[which][str(e)] = {"add": add, "mul": _answers(emb, a, b, c, "mul"), "rank": ranks[e],
                                       "plane": _plane(emb, a, b, c, d, add[0][0])}
        out.append(fact)
    return out


def draw_questions(sections, index: dict, n_page: int, emb_last, n_random: int = 6, n_right: int = 4,
                   seed: int = 0, classic=()) -> tuple[list, int]:
    """-> (the Analogy view's questions, as ([a, b, c, d], kind) in page form (a − b + c = d), and how
    many different questions of the Google set the page holds all four words of): ``n_random`` drawn at
    random (seeded) from those, then ``n_right`` that the last epoch answers right among all words
    (query's answer; the first found in each section, in the file's order), then the ``classic`` ones."""
    held = {}
    for _, qs in sections:
        for q in qs:
            ids = [index.get(w) for w in q]
            if all(i is not None and i < n_page for i in ids):
                held.setdefault(tuple(emb_last.words[i] for i in ids), None)      # (the set repeats a few)
    held = list(held)
    rng = np.random.default_rng([seed, 0xA4A1])
    picked = [held[i] for i in rng.choice(len(held), min(n_random, len(held)), replace=False)] if held else []
    out = [([b, a, c, d], "random") for a, b, c, d in picked]
    seen = {tuple(q) for q, _ in out}
    right = 0
    for _, qs in sections:
        if right >= n_right:
            break
        for q in qs:
            ids = [index.get(w) for w in q]
            if not all(i is not None and i < n_page for i in ids):
                continue
            a, b, c, d = (emb_last.words[i] for i in ids)
            if (b, a, c, d) not in seen and emb_last.analogy(b, a, c, topn=1)[0][0] == d:
                out.append(([b, a, c, d], "right"))
                seen.add((b, a, c, d))
                right += 1
                break
    for q in classic:
        if all(index.get(w) is not None and index[w] < n_page for w in q) and tuple(q) not in seen:
            out.append((list(q), "classic"))
    return out, len(held)
