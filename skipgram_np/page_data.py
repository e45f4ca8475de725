"""The explorer page's data: what explore.py embeds as JSON in the page (its docstring lists it).

Arrays travel as base 85 (``b85``); the page's own words' rows as int8 (embeddings.quantize), so
that a question the page answers itself is the question ``query --among N`` asks. What query
answers among all words is computed here (page_facts.py) and embedded as query prints it; what
the control learned is embedded beside it (its neighbour lists and facts, its map aligned to the
run's, its structure number, its maps' trustworthiness and the axes presets' consistency), with
the chance lines of chance.py for the page's own questions (``chance``: per table and epoch, the
control's line per frequency band and rank, and per pair of bands).
"""
from __future__ import annotations

import shlex
from pathlib import Path

import numpy as np

from . import baseline, control, directions, page_compare, page_facts, runs, subsample, tsne
from .config import DEFAULT_LR, PAGE_WORDS
from .embeddings import VECTORS, Embeddings, quantize, row_scales, unit_rows
from .epochs import neighbourhood_change, structure_by_epoch
from .evalsets import read_analogies
from .passages import step_targets
from .probes import ANALOGIES, AXES_PRESETS, GROUPS, PAIRS, PROBE_WORDS, word_set
from .projection import align_and_project, procrustes
from .runs import chance_levels, load_control, load_run

# Base 85 with characters that need no escaping inside JSON in an HTML <script> block (no " \ < >
# & ' `): 5 characters per 4 bytes, 6 % smaller than base64.
B85 = "".join(c for c in map(chr, range(33, 127)) if c not in "\"\\<>&'`")[:85]
WORDS = PAGE_WORDS           # the page's words by default
TABLES = ("in", "out", "sum")
MIN_COUNTS = (1, 50)         # the Neighbours view's "seen at least" choices, each with its chance level
CLASSIC = [[*ANALOGIES[0], "queen"]]   # king − man + woman = queen: offered beside the Google set's questions


_DIGITS = np.frombuffer(B85.encode("ascii"), np.uint8)
_VALUES = np.zeros(128, np.int64)
_VALUES[_DIGITS] = np.arange(85)


def b85(a) -> str:
    """An array's (or bytes') bytes as base-85 text: each big-endian 32-bit word (zero-padded) as 5 digits."""
    raw = a if isinstance(a, (bytes, bytearray)) else np.ascontiguousarray(a).tobytes()
    raw = bytes(raw) + b"\0" * (-len(raw) % 4)
    words = np.frombuffer(raw, ">u4").astype(np.int64)
    digits = np.empty((len(words), 5), np.int64)
    for k in range(4, -1, -1):
        words, digits[:, k] = np.divmod(words, 85)
    return _DIGITS[digits.ravel()].tobytes().decode("ascii")


def unb85(text: str, dtype, count: int) -> np.ndarray:
    """The inverse of b85: ``count`` items of ``dtype``."""
    digits = _VALUES[np.frombuffer(text.encode("ascii"), np.uint8)].reshape(-1, 5)
    words = np.zeros(len(digits), np.int64)
    for k in range(5):
        words = words * 85 + digits[:, k]
    return np.frombuffer(words.astype(">u4").tobytes(), dtype)[:count]


def page_rows(data: dict, epoch, table: str) -> np.ndarray:
    """The real rows as the page restores them: q / 127 · scale (float32), zeros for a zero table."""
    n, d = len(data["words"]), data["meta"]["dim"]
    if data["vectors"][table][str(epoch)] is None:
        return np.zeros((n, d), np.float32)
    q = unb85(data["vectors"][table][str(epoch)], np.int8, n * d).reshape(n, d).astype(np.float32)
    scale = unb85(data["scales"][table][str(epoch)], "<f4", n)
    return (q / np.float32(127) * scale[:, None]).astype(np.float32)


def page_table(data: dict, epoch, table: str = "in") -> np.ndarray:
    """The rows the page compares for ``epoch`` and ``table``: the int8 rows as floats (in, out)
    or the sum of their unit rows (sum); an all-zero table stays zero."""
    n, d = len(data["words"]), data["meta"]["dim"]

    def rows(name):
        text = data["vectors"][name][str(epoch)]
        return (np.zeros((n, d), np.float32) if text is None
                else unb85(text, np.int8, n * d).reshape(n, d).astype(np.float32))
    if table == "sum":
        return unit_rows(rows("in")) + unit_rows(rows("out"))
    return rows(table)


def explorer_embeddings(data: dict, epoch, table: str = "in") -> Embeddings:
    """The vectors the page uses for ``epoch`` and ``table``, as an embeddings.Embeddings (to check the page)."""
    return Embeddings(data["words"], page_table(data, epoch, table), data["counts"])


def _chance(near) -> dict:
    """A chance.NeighbourChance as the page reads it: the frequency bands' edges (word ids), and per
    band and rank the control's line and its 5 %, 50 %, 95 % points."""
    return {"edges": near.edges.tolist(), "line": near.line.tolist(), "q": near.quantiles.tolist()}


def _pairs(pairs) -> dict:
    """A chance.PairChance as the page reads it: per pair of bands the control's line and median."""
    return {"edges": pairs.edges.tolist(), "line": pairs.line.tolist(), "median": pairs.median.tolist()}


def _texts_name(texts: list) -> str:
    """A --text run's texts as the page's kicker names them: "emma.txt + 5 more"."""
    return Path(texts[0]).name + (f" + {len(texts) - 1} more" if len(texts) > 1 else "")


def _meta(run_dir, ckpts: dict, n: int, controls) -> dict:
    epochs = sorted(ckpts)
    last = ckpts[epochs[-1]]
    stats = dict(last.stats)
    trace = np.asarray(last.loss_trace).reshape(-1, 3)
    step = max(1, len(trace) // 400)
    file = stats.get("vectors_file")                  # another tool's vectors: one table, no history, no counts
    texts = ((runs.read_info(run_dir) or {}).get("sources") or {}).get("text") if Path(run_dir).is_dir() else None
    named = {"wikitext-2": "WikiText-2", "wikitext-103": "WikiText-103"}.get(last.config.dataset, last.config.dataset)
    return {"b85": B85, "dataset": Path(file).name if file else _texts_name(texts) if texts else named,
            "vectors_file": Path(file).name if file else None,
            "method": "Skip-gram + negative sampling", "run": Path(run_dir).resolve().name,
            "dim": int(last.W_in.shape[1]), "vocab_size": len(last.vocab), "words_shown": n,
            "epochs": epochs, "config": {**last.config.to_dict(), "lr": last.config.learning_rate},
            "default_lr": DEFAULT_LR, "stats": stats,
            "loss_epochs": [float(x) for x in last.loss_epochs],
            "loss_trace": [[round(float(x), 4), round(float(y), 4)] for x, y, _ in trace[::step]],
            "tables": {t: VECTORS[t] for t in TABLES},
            "baseline": {"pairs": baseline.N_PAIRS, "seed": baseline.SEED},
            "fit": {"words": n, "epoch": epochs[-1]},
            "min_counts": list(MIN_COUNTS) if last.vocab.counts is not None else [1],       # (a file: no counts)
            "query": f"python -m skipgram_np.query {shlex.quote(str(run_dir))}",
            "control": controls is not None, "control_missing": None if controls else control.missing(run_dir),
            "control_add": control.add_command(run_dir),
            "control_quality": controls[epochs[-1]].stats.get("quality") if controls else None}


def build_data(run_dir, words: int = WORDS, questions_file=None, ckpts: dict | None = None,
               corpus=None, compare=None) -> dict:
    """The page's data (explore.py's docstring lists it). ``corpus``: the run's encoded text, for the
    One step view's targets s* (passages.step_targets); without it the page says s* is not there.
    ``compare``: a word2vec file whose vectors the page shows beside the run's (page_compare.py)."""
    ckpts = ckpts or load_run(run_dir)
    epochs = sorted(ckpts)
    last = ckpts[epochs[-1]]
    n = min(words, len(last.vocab)) if words else len(last.vocab)
    vocab = list(last.vocab.words[:n])
    words_here = set(vocab)
    controls = load_control(run_dir, ckpts)
    data = {"meta": _meta(run_dir, ckpts, n, controls), "words": vocab,
            "counts": None if last.vocab.counts is None else [int(c) for c in last.vocab.counts[:n]],
            "groups": {g: [w for w in ws if w in words_here] for g, ws in GROUPS.items()},
            "vectors": {"in": {}, "out": {}}, "scales": {"in": {}, "out": {}},
            "explained": {}, "maps": {}, "fits": {}, "chance": {}, "structure": {}, "changes": {}, "settling": {},
            "examples": {"similarity": [list(p) for p in PAIRS if p[0] in words_here and p[1] in words_here][:6],
                         "neighbors": [w for w in PROBE_WORDS if w in words_here]}}
    meta, stats = data["meta"], data["meta"]["stats"]
    for e in epochs:
        for name, W in (("in", ckpts[e].W_in[:n]), ("out", ckpts[e].W_out[:n])):
            data["vectors"][name][str(e)] = b85(quantize(W)) if W.any() else None
            data["scales"][name][str(e)] = b85(row_scales(W).astype("<f4")) if W.any() else None
    if last.vocab.counts is not None:
        weights = last.vocab.counts.astype(np.float64) ** last.config.ns_exponent
        meta["noise_mass_on_page"] = float(weights[:n].sum() / weights.sum())
    meta["samples"] = [s for s in stats.get("samples", []) if set(s) <= words_here]
    stats.pop("samples", None)
    if corpus is not None and meta["samples"]:
        cfg = last.config
        keep = subsample.keep_prob(corpus.vocab.counts, cfg.subsample, cfg.subsample_formula)
        data["step"] = step_targets(corpus, meta["samples"], cfg.window, cfg.negatives,
                                    cfg.ns_exponent, keep, cfg.seed, within=n)
    plotted, plotted_groups = word_set(dict(zip(vocab, range(n))))
    plotted_ids = np.array([vocab.index(w) for w in plotted])
    data["plotted"] = {"words": plotted, "groups": plotted_groups}
    projections = {}
    for t in TABLES:
        embs = {e: explorer_embeddings(data, e, t) for e in epochs}
        full = {e: Embeddings.from_checkpoint(c, t) for e, c in ckpts.items()}
        whole = chance_levels(run_dir, ckpts, t, controls=controls)
        data["structure"][t] = structure_by_epoch(full, whole.controls if whole is not None else None)
        page = chance_levels(run_dir, ckpts, t, among=n, controls=controls)
        data["chance"][t] = {} if page is None else {
            str(e): {"neighbours": {str(m): _chance(page.neighbours(e, m)) for m in MIN_COUNTS},
                     "pairs": _pairs(page.pairs(e))} for e in epochs if page.has(e)}
        proj = align_and_project({e: emb.unit for e, emb in embs.items()}, np.arange(n), fit_words=n)
        groups_fit = align_and_project({e: emb.unit for e, emb in embs.items()}, plotted_ids, fit_words=n,
                                       pca_ids=plotted_ids, rotations=proj.rotations)
        projections[t] = {"all": proj, "groups": groups_fit, "units": embs}
        data["fits"][t] = {"explained": {str(e): [float(x) for x in groups_fit.explained[e]] for e in epochs},
                           "maps": {str(e): _map(groups_fit, e) for e in epochs}}
        data["explained"][t] = {str(e): [float(x) for x in proj.explained[e]] for e in epochs}
        data["maps"][t] = {str(e): _map(proj, e) for e in epochs}
        data["changes"][t], data["settling"][t] = {}, {}
        for a, b in zip(epochs, epochs[1:]):
            if embs[a].unit.any():
                rows, summary = neighbourhood_change(embs[a], embs[b], skip=min(100, n // 10), probe=min(1000, n))
                data["changes"][t][f"{a}-{b}"], data["settling"][t][f"{a}-{b}"] = rows, summary
    index = dict(zip(vocab, range(n)))
    data["axes"] = {"sets": directions.N_RANDOM_SETS, "seed": directions.RANDOM_SEED, "max_list": directions.MAX_LIST,
                    "presets": directions.page_presets(AXES_PRESETS, index)}
    data["axes"]["chance"] = axes_chance(data, epochs)
    data["tsne"] = tsne_data({e: c.W_in for e, c in ckpts.items()}, n, plotted_ids) if n >= tsne.MIN_WORDS else None
    full_in = {e: Embeddings.from_checkpoint(c, "in") for e, c in ckpts.items()}
    chance_in = chance_levels(run_dir, ckpts, "in", controls=controls)
    control_in = chance_in.controls if chance_in is not None else None
    data["exact"] = exact_lists(full_in, control_in, chance_in, n)
    sections = read_analogies(questions_file) if questions_file else []
    questions, held = page_facts.draw_questions(sections, full_in[epochs[-1]].index, n, full_in[epochs[-1]],
                                                classic=CLASSIC)
    quality = (stats.get("quality") or [{}])[-1]
    data["facts"] = {"similarity": page_facts.similarity_facts(full_in, control_in, chance_in, PAIRS),
                     "analogy": {"questions": page_facts.analogy_facts(full_in, control_in, questions),
                                 "held": held, "epoch": quality.get("epoch"), "correct": quality.get("analogy_correct"),
                                 "answered": quality.get("analogy_answered")}}
    data["examples"]["analogy"] = [f["q"] for f in data["facts"]["analogy"]["questions"]]
    if controls is not None:
        data["control"] = control_data(controls, projections["in"], data, plotted_ids, n, ckpts[epochs[0]].W_in)
    if compare is not None:
        data["compare"] = {key: b85(v) if isinstance(v, np.ndarray) else v
                           for key, v in page_compare.compare_data(compare, vocab).items()}
    return data


def page_units64(data: dict, epoch, table: str) -> np.ndarray:
    """The unit rows as the page makes them (data.js UNITS): its int8 rows normalised in float64 (sum: v̂ + û,
    normalised again), each row's squared length summed in the page's order, so every bit is the page's."""
    if table == "sum":
        x = page_units64(data, epoch, "in") + page_units64(data, epoch, "out")
    else:
        x = page_table(data, epoch, table).astype(np.float64)
    s = np.zeros(len(x))
    for k in range(x.shape[1]):                          # left to right, as the page's loop adds them
        s += x[:, k] * x[:, k]
    return x * (1 / np.maximum(np.sqrt(s), 1e-12))[:, None]


def random_consistency64(unit: np.ndarray, n: int, sets: int = directions.N_RANDOM_SETS) -> np.ndarray:
    """directions.random_consistency in float64 (it computes in float32, ~1e-7 from the page's numbers): the
    consistency of each of the same random sets of n pairs."""
    ids = directions.random_lists(len(unit), n, sets)
    out = np.empty(sets)
    for start in range(0, sets, 500):
        block = ids[start:start + 500]
        o = unit[block[:, :n]] - unit[block[:, n:]]                          # (500, n, d)
        s = np.einsum("knd,knd->kn", o, o)
        inv = 1 / np.maximum(np.sqrt(s), 1e-12)
        total = np.einsum("knd,kn->kd", o, inv)
        out[start:start + 500] = (np.einsum("kd,kd->k", total, total) - (s * inv * inv).sum(1)) / (n * (n - 1))
    return out


def axes_chance(data: dict, epochs) -> dict:
    """{table: {epoch: {n: [largest, median]}}} of the consistency of directions.N_RANDOM_SETS sets of n random
    pairs on the page's rows, for each n of a preset's axis (the Axes view's chance, ~0.2 s of the page's time per
    n, table and epoch when it computes it; an axis typed with another n is computed there, in the background)."""
    ns = sorted({len(a["pos"]) for p in data["axes"]["presets"].values() for a in (p["x"], p["y"])
                 if len(a["pos"]) == len(a["neg"]) >= 2})
    out = {}
    for t in TABLES:
        out[t] = {}
        for e in epochs:
            if t == "out" and data["vectors"]["out"][str(e)] is None:
                continue                                  # all zero: the page draws no axes there
            unit = page_units64(data, e, t)
            out[t][str(e)] = {}
            for n in ns:
                c = np.sort(random_consistency64(unit, n))
                out[t][str(e)][str(n)] = [float(c[-1]), float(np.median(c))]
    return out


def _map(proj, e) -> dict:
    P, offset = proj.maps(e)
    return {"P": b85(P.astype("<f4")), "offset": [float(x) for x in offset]}


def exact_lists(embs: dict, controls: dict | None, chance, n: int) -> dict:
    """Every page word's neighbour lists among all words (page_facts.neighbour_lists), packed
    (page_facts.encode_lists): the run's W_in at every epoch for each of MIN_COUNTS, and the
    control's W_in for min count 1 (its epoch 0 is the run's: "run"); with the words beyond the page's
    that the lists name, and the control's lines among all words (for the view's "control" column)."""
    epochs = sorted(embs)
    V = len(embs[epochs[0]].words)
    wide = V > page_facts.NONE16
    examples = set(PROBE_WORDS) | {w for p in PAIRS for w in p}
    lists, named = {"run": {}, "control": {}}, set()

    def block(emb, m, near):
        ids, cos, beyond, _ = page_facts.neighbour_lists(emb, n, m, near, examples)
        named.update(ids[ids >= n].tolist())
        return {name: b85(raw) for name, raw in page_facts.encode_lists(ids, cos, beyond, wide).items()}
    for m in MIN_COUNTS:
        lists["run"][str(m)] = {str(e): block(embs[e], m, chance.neighbours(e, m) if chance else None)
                                for e in epochs}
    if controls is not None:
        lists["control"]["1"] = {str(e): "run" if _same(controls[e].unit, embs[e].unit)
                                 else block(controls[e], 1, chance.neighbours(e, 1)) for e in epochs}
    extra = np.array(sorted(named), np.int64)
    whole = len(extra) and len(extra) >= (extra[-1] + 1 - n) // 2       # most of the range: name it all, ids implied
    if whole:
        extra = np.arange(n, extra[-1] + 1)
    first = embs[epochs[0]]
    return {"k": page_facts.K, "wide": bool(wide), "verdicts": chance is not None, "lists": lists,
            "extra": {"n": len(extra), "ids": None if whole else b85(extra.astype("<u4" if wide else "<u2")),
                      "first": n, "words": " ".join(first.words[i] for i in extra),        # (a word has no space)
                      "counts": None if first.counts is None else [int(first.counts[i]) for i in extra]},
            "chance": {} if chance is None else {str(m): {str(e): _chance(chance.neighbours(e, m))
                                                          for e in epochs if chance.has(e)} for m in MIN_COUNTS}}


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    """The same table: the control at epoch 0 (the run's seed, no update yet)."""
    return a.shape == b.shape and np.array_equal(a, b)


def control_data(controls: dict, proj_in: dict, data: dict, plotted_ids, n: int, run_first) -> dict:
    """The control on the page: its W_in map at every epoch, rotated onto the run's rows of the same
    epoch (orthogonal Procrustes on the page's words) and drawn with the run's map of that epoch, so
    that epoch 0 is the same picture; its t-SNE map (turned onto the run's) and every map's
    trustworthiness; the axes presets' consistency in the control."""
    epochs = sorted(controls)
    units = {e: Embeddings.from_checkpoint(c, "in", among=n).unit for e, c in controls.items()}
    out = {"xy": {}, "scale": {},
           "pairs_median": {str(e): baseline.Baseline.of(u).quantile(0.5) for e, u in units.items()}}
    drawn = {}
    for fit in ("all", "groups"):
        coords = drawn[fit] = {}
        for e in epochs:
            run_unit = proj_in["units"][e].unit
            R = procrustes(units[e], run_unit) if units[e].any() else np.eye(units[e].shape[1])
            P, offset = proj_in[fit].maps(e)
            coords[e] = (units[e].astype(np.float64) @ R) @ P - offset
        scale = max(float(np.abs(c).max()) for c in coords.values()) or 1.0
        out["scale"][fit] = scale                       # (epoch 0: the run's tables, so the run's map: "run")
        out["xy"][fit] = {str(e): "run" if _same(units[e], proj_in["units"][e].unit)
                          else b85(np.round(coords[e] / scale * 32767).astype("<i2")) for e in epochs}
    out["tsne"] = control_tsne(controls, run_first, data["tsne"], n, plotted_ids, drawn) if data.get("tsne") else None
    out["axes"] = {}
    for name, p in data["axes"]["presets"].items():
        out["axes"][name] = {}
        for axis in ("x", "y"):
            pairs = list(zip(p[axis]["pos"], p[axis]["neg"]))
            if len(pairs) >= 2:                        # (directions.AxisTest's consistency and held-out count)
                out["axes"][name][axis] = {str(e): {"consistency": directions.consistency(units[e], pairs),
                                                    "right": int(np.sum(directions.held_out(units[e], pairs) > 0)),
                                                    "n": len(pairs)} for e in epochs if units[e].any()}
    return out


def control_tsne(controls: dict, run_first, run_tsne: dict, n: int, plotted_ids, drawn: dict) -> dict:
    """The control's t-SNE map at the last epoch (its epoch 0 is the run's map: the same tables), turned onto
    the run's, and the trustworthiness of its t-SNE map and of its PCA maps as the page draws them (``drawn``:
    {fit: {epoch: coordinates}}), on the t-SNE words, as tsne.maps gives the run's. One t-SNE, not one per
    epoch: on the default run, 2 cores, every epoch's took 8 s."""
    from threadpoolctl import threadpool_limits            # (slow to import: see tsne.layouts)
    epochs = sorted(controls)
    first, last = epochs[0], epochs[-1]
    units = {e: unit_rows(c.W_in[:n]) for e, c in controls.items()}
    ids = tsne.tsne_ids(n, plotted_ids)
    run_last = unb85(run_tsne["coords"][str(last)], "<i2", 2 * run_tsne["n"]).reshape(-1, 2) * run_tsne["scale"] / 32767
    xy = tsne.turned_onto(tsne.layouts({last: units[last][ids]})[last], run_last)
    live = [e for e in epochs if units[e].any()]
    with threadpool_limits(1):
        trust = {"tsne": {str(last): tsne.trust(units[last][ids], xy)},
                 **{f"pca_{fit}": {str(e): tsne.trust(units[e][ids], drawn[fit][e][ids]) for e in live}
                    for fit in ("all", "groups")}}
    scale = float(np.abs(xy).max()) or 1.0
    coords = {str(last): b85(np.round(xy / scale * 32767).astype("<i2"))}
    if first != last and _same(controls[first].W_in[:n], run_first[:n]) and str(first) in run_tsne["trust"]["tsne"]:
        coords[str(first)] = "run"                              # the run's tables, so the run's map
        trust["tsne"][str(first)] = run_tsne["trust"]["tsne"][str(first)]
    return {"scale": scale, "coords": coords,
            "trust": {name: {e: round(v, 6) for e, v in sorted(per.items(), key=lambda kv: int(kv[0]))}
                      for name, per in trust.items()}}


def tsne_data(tables: dict, n: int, plotted_ids) -> dict:
    """The t-SNE map as the page reads it (tsne.maps): the words' ids, each epoch's layout as int16
    on one scale, and every map's trustworthiness per epoch."""
    m = tsne.maps(tables, n, plotted_ids)
    scale = max(float(np.abs(xy).max()) for xy in m["coords"].values()) or 1.0
    return {"n": len(m["ids"]), "ids": b85(m["ids"].astype("<i4")), "scale": scale, "k": tsne.NEIGHBOURS,
            "perplexity": tsne.PERPLEXITY, "coords": {str(e): b85(np.round(xy / scale * 32767).astype("<i2"))
                                                      for e, xy in m["coords"].items()},
            "trust": {name: {str(e): round(v, 6) for e, v in per.items()} for name, per in m["trust"].items()}}
