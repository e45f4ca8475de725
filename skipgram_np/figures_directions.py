"""Directions of meaning and what a map distorts, for people who read rather than click: the page's
Axes view, the Analogy view's parallelogram and its t-SNE map as figures, and the report's section.

    axes_{preset}.png   one preset (probes.AXES_PRESETS) at every checkpoint: its words by their
                        cosine with the x axis and with the part of the y axis orthogonal to x, one
                        frame for every epoch, each pair drawn; ★ an axis whose offsets agree
                        beyond chance (directions.AxisTest: random pairs and the run's control)
    analogy.png         king − man + woman: B, A, C, the tip and queen on the plane of the two
                        offsets at every checkpoint, one scale (directions.analogy_plane), with the
                        circle around the tip through its nearest word: queen inside it is the answer
    tsne.png            the t-SNE map of the page's 1,000 most frequent words at every checkpoint
                        above PCA's map of the same words, each with its trustworthiness (tsne.py)

The axes are computed on the vectors the page holds (the 5,000 most frequent words' W_in rows as
int8, embeddings.quantize), as the page's Axes view computes them; the analogy among all words in
float32, as query answers it (and its rank in the control beside); t-SNE and trustworthiness come
from the float rows (tsne.maps, shared with the page). figures.make_all calls ``draw``.
"""
from __future__ import annotations

import threading
from concurrent.futures import Future
from pathlib import Path

import numpy as np

from . import tsne
from .config import PAGE_WORDS
from .directions import N_RANDOM_SETS, AxisTest, Plane, analogy_plane, page_presets
from .embeddings import Embeddings
from .epochs import analogy_ranks
from .files import atomic_writer
from .probes import AXES_PRESETS, word_set
from .report import epoch_title

ANALOGY = ("king", "man", "woman", "queen")     # A − B + C = D, drawn in analogy.png
PAIR_COLORS = ("#3558d6", "#d9822b")            # the a and b words of an axis's pairs (as the page)


def _figure(nrows=1, ncols=1, **kw):
    """A matplotlib Figure without pyplot (as figures.py's, which imports this module)."""
    from matplotlib.figure import Figure
    fig = Figure(figsize=kw.pop("figsize", (7, 4)))
    return fig, fig.subplots(nrows, ncols, **kw)


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    with atomic_writer(path) as f:
        fig.savefig(f, format="png")
    return path


def page_words(ckpts: dict) -> tuple[list, dict]:
    """(the page's words, {epoch: their W_in unit rows as the page stores them (int8)})."""
    last = ckpts[max(ckpts)]
    n = min(PAGE_WORDS, len(last.vocab))
    return list(last.vocab.words[:n]), {e: Embeddings.from_checkpoint(c, "in", n).unit for e, c in ckpts.items()}


def axes_names(ckpts: dict) -> list[str]:
    """The axes_{preset}.png a run gets: one per preset whose words its page holds."""
    words, _ = page_words({max(ckpts): ckpts[max(ckpts)]})
    return [f"axes_{name}.png" for name in page_presets(AXES_PRESETS, {w: i for i, w in enumerate(words)})]


def page_maps(ckpts: dict) -> dict | None:
    """tsne.maps of the page's words (None for fewer than tsne.MIN_WORDS), as explore.py asks for it."""
    last = ckpts[max(ckpts)]
    n = min(PAGE_WORDS, len(last.vocab))
    index = {w: i for i, w in enumerate(last.vocab.words[:n])}
    plotted, _ = word_set(index)
    return (tsne.maps({e: c.W_in for e, c in ckpts.items()}, n, [index[w] for w in plotted])
            if n >= tsne.MIN_WORDS else None)


def begin(ckpts: dict) -> Future:
    """page_maps in a thread, started before the other figures are drawn: scikit-learn's
    Barnes–Hut gradient releases the GIL, so on two cores most of its ~4 s hides behind them. A
    daemon thread (not an executor's, which Python joins at exit): Ctrl-C ends the command at once."""
    future = Future()

    def work():
        try:
            future.set_result(page_maps(ckpts))
        except BaseException as exc:              # handed to whoever waits for the maps
            future.set_exception(exc)
    threading.Thread(target=work, name="tsne", daemon=True).start()
    return future


def compute(ckpts: dict, maps: dict | None, controls: dict | None = None) -> dict:
    """Everything the figures and the report's section show (module docstring); ``maps``: page_maps;
    ``controls``: the control's checkpoints at the same epochs (runs.load_control), or None."""
    words, units = page_words(ckpts)
    theirs = page_words(controls)[1] if controls else {}
    index = {w: i for i, w in enumerate(words)}
    epochs = sorted(units)
    presets = page_presets(AXES_PRESETS, index)
    axes = {}
    for name, p in presets.items():
        planes = {e: Plane.of(units[e], (p["x"]["pos"], p["x"]["neg"]), (p["y"]["pos"], p["y"]["neg"])) for e in epochs}
        axes[name] = {"coords": {e: planes[e].coords(units[e], p["words"]) for e in epochs},
                      "tests": {ax: {e: AxisTest.of(units[e], p[ax]["pos"], p[ax]["neg"], theirs.get(e))
                                     for e in epochs} for ax in ("x", "y")}}
    analogy = None
    whole = {e: Embeddings.from_checkpoint(c) for e, c in ckpts.items()}      # all words, as query answers
    if all(w in whole[epochs[-1]].index for w in ANALOGY):
        a, b, c, d = (whole[epochs[-1]].index[w] for w in ANALOGY)
        ranks = analogy_ranks(whole, *ANALOGY)
        control_ranks = analogy_ranks({e: Embeddings.from_checkpoint(k) for e, k in controls.items()}, *ANALOGY) \
            if controls else {}
        analogy = {}
        for e in epochs:
            top = whole[e].analogy(*ANALOGY[:3], topn=1)[0][0]
            analogy[e] = {"plane": analogy_plane(whole[e].unit, a, b, c, {"D": d, "top": whole[e].index[top]}),
                          "top": top, "rank": ranks[e], "control_rank": control_ranks.get(e)}
    plotted, groups = word_set(index)
    return {"words": words, "epochs": epochs, "presets": presets, "axes": axes, "analogy": analogy,
            "maps": maps, "plotted": dict(zip(plotted, groups)), "all_words": len(whole[epochs[-1]].words),
            "control": bool(controls)}


def plot_axes(name: str, d: dict, out: Path) -> Path:
    p, a, epochs, words = d["presets"][name], d["axes"][name], d["epochs"], d["words"]
    xy = np.concatenate([a["coords"][e] for e in epochs])
    lo, hi = np.minimum(xy.min(0), 0), np.maximum(xy.max(0), 0)
    pad = 0.08 * (hi - lo)
    fig, axs = _figure(1, len(epochs), figsize=(4.3 * len(epochs), 4.8), squeeze=False)
    pos, neg = set(p["x"]["pos"]), set(p["x"]["neg"])
    for ax, e in zip(axs[0], epochs):
        c = a["coords"][e]
        ax.axhline(0, color="#cccccc", lw=0.8)
        ax.axvline(0, color="#cccccc", lw=0.8)
        at = {i: k for k, i in enumerate(p["words"])}
        if p["pairs"]:                             # each pair: an arrow from its b word to its a word
            tail = np.array([c[at[j]] for _, j in p["pairs"]])
            head = np.array([c[at[i]] for i, _ in p["pairs"]])
            ax.quiver(*tail.T, *(head - tail).T, angles="xy", scale_units="xy", scale=1, color="#b9c2d3",
                      width=0.003, headwidth=5, headlength=6, zorder=2)
        cols = [PAIR_COLORS[0] if i in pos else PAIR_COLORS[1] if i in neg else "#1d2330" for i in p["words"]]
        ax.scatter(c[:, 0], c[:, 1], s=12, c=cols, zorder=3)
        for k, i in enumerate(p["words"]):
            ax.text(c[k, 0], c[k, 1], " " + words[i], fontsize=6.5, color=cols[k], va="bottom")
        tests = [(ax_name, a["tests"][ax_name][e]) for ax_name in ("x", "y") if a["tests"][ax_name][e]]
        ax.set(xlim=(lo[0] - pad[0], hi[0] + pad[0]), ylim=(lo[1] - pad[1], hi[1] + pad[1]),
               xlabel=f"cos with x = {p['x']['label']}", ylabel=f"cos with y = {p['y']['label']} (⊥ x)",
               title=f"{epoch_title(e)}\n" + "\n".join(
                   f"{n}: {t.consistency:+.3f}  random ≤ {t.chance_max:+.3f}"
                   + (f"  control {t.control:+.3f}" if t.control is not None else "") + (" ★" if t.beyond else "")
                   for n, t in tests))
        ax.title.set_fontsize(8)
        ax.grid(alpha=0.2)
    fig.suptitle(f"{name}: each word's cosine with x = {p['x']['label']} and with the part of "
                 f"y = {p['y']['label']} orthogonal to x, the axes remade from the same words at every epoch, one "
                 f"frame\n(titles: the axis pairs' offsets' mean cosine vs the largest of {N_RANDOM_SETS:,} sets of "
                 f"random pairs and the same pairs' in the control" + ("" if d["control"] else " (none)")
                 + "; ★ beyond both: chance)", fontsize=9)
    return _save(fig, out / f"axes_{name}.png")


def plot_analogy(d: dict, out: Path) -> Path:
    epochs, an = d["epochs"], d["analogy"]
    fig, axs = _figure(1, len(epochs), figsize=(3.8 * len(epochs), 4.6), squeeze=False)
    if an is None:
        axs[0][0].text(0.5, 0.5, f"{', '.join(ANALOGY)} are not all among the page's words", ha="center")
        return _save(fig, out / "analogy.png")
    pts = np.array([xy for e in epochs for xy in an[e]["plane"].points.values()])
    lo, hi = pts.min(0), pts.max(0)
    pad = 0.1 * (hi - lo).max()
    A, B, C, D = ANALOGY
    for ax, e in zip(axs[0], epochs):
        P, r = an[e]["plane"].points, an[e]
        for (p, q), col, ls in ((("B", "A"), "#3558d6", "-"), (("B", "C"), "#d9822b", "-"),
                                (("A", "tip"), "#d9822b", "--"), (("C", "tip"), "#3558d6", "--"),
                                (("tip", "D"), "#1f8a4c", ":")):
            ax.plot(*zip(P[p], P[q]), color=col, ls=ls, lw=1.3)
        for key, word, col in (("B", B, "#1d2330"), ("A", A, "#3558d6"), ("C", C, "#d9822b"), ("D", D, "#1f8a4c")):
            ax.scatter(*P[key], s=18, color=col, zorder=3)
            ax.annotate(word, P[key], xytext=(4, 3), textcoords="offset points", fontsize=8, color=col)
        ax.scatter(*P["tip"], s=60, facecolors="none", edgecolors="#1d2330", zorder=3)
        ax.annotate("tip", P["tip"], xytext=(5, -10), textcoords="offset points", fontsize=8)
        from matplotlib.patches import Circle         # the nearest word's distance: inside it, the answer
        ax.add_patch(Circle(P["tip"], r["plane"].tip_distance["top"], fill=False, ls="--", lw=0.8, color="#8a94a6"))
        if r["top"] != D:
            ax.scatter(*P["top"], s=12, color="#8a94a6", zorder=3)
            ax.annotate(r["top"], P["top"], xytext=(4, -9), textcoords="offset points", fontsize=7, color="#5b6474")
        ax.set(xlim=(lo[0] - pad, lo[0] + pad + (hi - lo).max()), ylim=(lo[1] - pad, lo[1] + pad + (hi - lo).max()),
               aspect="equal", title=f"{epoch_title(e)}: tip → {D} {r['plane'].tip_distance['D']:.2f}, "
                                     f"{D} no. {r['rank']:,}" + (f"\n(in the control: no. {r['control_rank']:,})"
                                                                if r["control_rank"] is not None else ""),
               xlabel=f"along {A} − {B}")
        ax.title.set_fontsize(8.5)
        ax.grid(alpha=0.2)
    axs[0][0].set_ylabel(f"the part of {C} − {B} ⊥ to it")
    fig.suptitle(f"{A} − {B} + {C} on the plane of the two offsets (unit rows; origin {B}; one scale): the tip "
                 f"closes the parallelogram at every epoch, noise too;\ndotted: its distance to {D} in all dimensions "
                 f"({D} drawn where it projects); grey: the nearest of all {d['all_words']:,} words to the tip, and "
                 f"the circle through it: {D} is the answer only inside it", fontsize=9)
    return _save(fig, out / "analogy.png")


def plot_tsne(d: dict, out: Path, colors: dict) -> Path:
    if d["maps"] is None:
        fig, ax = _figure()
        ax.text(0.5, 0.5, f"fewer than {tsne.MIN_WORDS} words: no t-SNE map", ha="center")
        return _save(fig, out / "tsne.png")
    m, words, epochs = d["maps"], d["words"], d["maps"]["epochs"]
    ids = m["ids"]
    col = [colors.get(d["plotted"].get(words[i], ""), None) for i in ids]
    fig, axs = _figure(2, len(epochs), figsize=(3.9 * len(epochs), 7.6), squeeze=False)
    for row, (kind, name) in enumerate((("tsne", "t-SNE"), ("pca_all", "PCA (the page's axes, all its words)"))):
        for ax, e in zip(axs[row], epochs):
            xy = m["coords"][e] if kind == "tsne" else m["pca"][e]
            grey = [k for k, c in enumerate(col) if c is None or c == colors.get("frequent")]
            ax.scatter(xy[grey, 0], xy[grey, 1], s=2, color="#9aa1b0", alpha=0.5, linewidths=0)
            for k, c in enumerate(col):
                if c is not None and k not in grey:
                    ax.scatter(*xy[k], s=9, color=c, zorder=3, linewidths=0)
            ax.set(xticks=[], yticks=[], title=f"{name}, {epoch_title(e)}\ntrustworthiness "
                                               f"{m['trust'][kind][e]:.3f}")
            ax.title.set_fontsize(8.5)
    fig.suptitle(f"The {len(ids):,} most frequent words of the page (W_in), coloured by group: t-SNE (each epoch "
                 f"started from the one before) above PCA.\nTrustworthiness (k = {tsne.NEIGHBOURS}): 1 = no map "
                 f"neighbour is a stranger in all dimensions, a random layout ≈ 0.5", fontsize=9)
    return _save(fig, out / "tsne.png")


def report_lines(d: dict) -> list[str]:
    """The report's section: sentences computed from the tables under them."""
    m, epochs = d["maps"], d["epochs"]
    lines = ["## Directions and maps", ""]
    if m is not None:
        tr, E = m["trust"], m["epochs"]
        better = sum(tr["tsne"][e] > max(tr["pca_all"][e], tr["pca_groups"][e]) for e in E)
        lines += [f"**Maps.** Trustworthiness (k = {tsne.NEIGHBOURS}) on the {len(m['ids']):,} words of the t-SNE map "
                  f"(W_in): t-SNE " + ", ".join(f"{tr['tsne'][e]:.3f} at epoch {e}" for e in E)
                  + "; PCA on the page's axes " + ", ".join(f"{tr['pca_all'][e]:.3f}" for e in E)
                  + f"; t-SNE keeps more of the neighbourhoods than either PCA at {better} of {len(E)} epochs "
                  f"([tsne.png](tsne.png)).", ""]
        lines += ["| map | " + " | ".join(epoch_title(e) for e in E) + " |", "|---|" + "---|" * len(E)]
        for key, name in (("tsne", "t-SNE"), ("pca_all", "PCA, axes fitted on all the page's words"),
                          ("pca_groups", "PCA, axes fitted on the coloured words")):
            lines.append(f"| {name} | " + " | ".join(f"{tr[key][e]:.3f}" for e in E) + " |")
    rows = [(name, ax, d["presets"][name][ax]["label"], d["axes"][name]["tests"][ax])
            for name in d["axes"] for ax in ("x", "y") if d["axes"][name]["tests"][ax][epochs[-1]]]
    if rows:
        beyond = {e: [lab for _, _, lab, t in rows if t[e].beyond] for e in epochs}
        lines += ["", f"**Axes.** Of {len(rows)} preset axes made of pairs, beyond chance (their offsets agree more "
                  f"than those of every one of {N_RANDOM_SETS:,} sets of random pairs"
                  + (", and more than the same pairs' in the control" if d["control"] else
                     "; the run has no control to compare with") + "): "
                  + ", ".join(f"{len(beyond[e])} at epoch {e}" for e in epochs)
                  + (f" — at epoch {epochs[-1]}: {', '.join(beyond[epochs[-1]])}" if beyond[epochs[-1]] else "")
                  + " ([axes_occupations.png](axes_occupations.png) and the others; among the page's "
                  f"{len(d['words']):,} words, as its Axes view). Each cell: the mean cosine between two pairs' "
                  "offsets, then the random sets' largest" + (", then the control's" if d["control"] else "")
                  + "; ★ beyond chance.", ""]
        lines += ["| axis | pairs | " + " | ".join(epoch_title(e) for e in epochs) + " |",
                  "|---|---|" + "---|" * len(epochs)]
        for name, ax, label, t in rows:
            cells = [f"{t[e].consistency:+.3f} vs {t[e].chance_max:+.3f}"
                     + (f" / {t[e].control:+.3f}" if t[e].control is not None else "") + (" ★" if t[e].beyond else "")
                     for e in epochs]
            lines.append(f"| {name}: {label} | {t[epochs[-1]].n} | " + " | ".join(cells) + " |")
    an = d["analogy"]
    if an:
        A, B, C, D = ANALOGY
        closed = [e for e in epochs if an[e]["rank"] == 1]
        first, last = an[epochs[0]]["plane"].tip_distance["D"], an[epochs[-1]]["plane"].tip_distance["D"]
        lines += ["", f"**Parallelogram.** {A} − {B} + {C}: the tip is {first:.3f} from {D} at epoch {epochs[0]} and "
                  f"{last:.3f} at epoch {epochs[-1]}; " + (f"it closes on {D} (the nearest word to the tip) at epoch "
                  + ", ".join(map(str, closed)) if closed else f"it never closes on {D}: at epoch {epochs[-1]} the "
                  f"nearest word to the tip is {an[epochs[-1]]['top']}") + f" (among all {d['all_words']:,} "
                  "words, as query answers; [analogy.png](analogy.png)).", "",
                  f"| epoch | \\|{A} − {B}\\| | tip → {D} | of it off the plane | nearest to the tip | rank of {D} |"
                  + (" in the control |" if d["control"] else ""),
                  "|---|---|---|---|---|---|" + ("---|" if d["control"] else "")]
        for e in epochs:
            p = an[e]["plane"]
            lines.append(f"| {e} | {p.points['A'][0]:.3f} | {p.tip_distance['D']:.3f} | {p.off_plane['D']:.3f} | "
                         f"{an[e]['top']} | {an[e]['rank']:,} |"
                         + (f" {an[e]['control_rank']:,} |" if an[e]["control_rank"] is not None else ""))
    return lines + [""]


def draw(ckpts: dict, out: Path, colors: dict, pending: Future | None = None,
         controls: dict | None = None) -> tuple[list[Path], list[str]]:
    """-> (the figures written, the report's lines); ``pending``: begin's t-SNE, else computed here;
    ``controls``: the run's control (runs.load_control), or None."""
    d = compute(ckpts, pending.result() if pending is not None else page_maps(ckpts), controls)
    paths = [plot_axes(name, d, out) for name in d["presets"]]
    paths += [plot_analogy(d, out), plot_tsne(d, out, colors)]
    return paths, report_lines(d)
