"""Figures and a Markdown report of a run: see the embeddings change from epoch to epoch.

    python -m skipgram_np.figures RUN_DIR [--out DIR] [--vectors in|out|sum]

writes into RUN_DIR/figures/ (or DIR):
  map_epoch{N}.png   2D map of a fixed word set, coloured by semantic group, every epoch on the same
                     axes (projection.py: unit rows, Procrustes onto the last epoch fitted on the
                     5,000 most frequent words, one PCA fitted on the plotted words); epoch 0 is
                     the untrained tables: random directions
  map_epochs.png     the maps side by side, with each word's path across epochs
  training.png       the loss (per slice of an epoch and per epoch) beside WordSim-353 ρ and the
                     Google analogy accuracy of every epoch (scored during training)
  similarity.png     chosen pairs across epochs: the cosine against that epoch's random-pair band,
                     its percentile among random pairs, and the neighbour rank (baseline.py)
  neighbors.png      top-3 neighbours of chosen words at each checkpoint
  axes_{preset}.png, analogy.png, tsne.png   directions of meaning and the t-SNE map beside PCA's
                     (figures_directions.py)
  report.md          the run's story in sentences computed from its numbers, each pointing to the
                     table below it that shows them (report.py)

matplotlib is imported inside the drawing functions, never at the top: it takes ~0.2 s, and the
training command imports this module. No pyplot: a notebook keeps its own backend.
"""
from __future__ import annotations

import shlex
import sys
from pathlib import Path

import numpy as np

from . import control as control_mod
from . import epochs as ep
from . import outputs
from . import figures_directions
from .baseline import N_PAIRS
from .chance import QUANTILE
from .cli import HelpFormatter, Parser, run
from .embeddings import VECTORS, Embeddings, unit_rows, vectors_of
from .evaluate import analogy_examples, evaluate_epochs
from .evalsets import EvalFileError, add_eval_options, example_sets
from .files import WriteFailed, atomic_writer, guarded, write_atomic
from .probes import PAIRS, PROBE_WORDS, word_set
from .projection import FIT_WORDS, align_and_project
from .report import epoch_title, probe_neighbours_with_chance, report
from . import runs
from .runs import RunError, chance_levels, load_control, load_run

COLORS = {"numbers": "#1f77b4", "months": "#ff7f0e", "countries": "#2ca02c", "family": "#d62728",
          "music": "#9467bd", "war": "#8c564b", "frequent": "#9a9a9a"}


STYLE = {"font.size": 9, "axes.titlesize": 10, "figure.dpi": 110}
FIGURES = ["map_epochs.png", "training.png", "similarity.png", "neighbors.png", "structure.png", "analogy.png",
           "tsne.png", "report.md"]           # and a map_epoch{N}.png each, an axes_{preset}.png each


def _figure(nrows=1, ncols=1, **kw):
    """A matplotlib Figure and its axes, without pyplot: no backend is chosen or changed, so a
    notebook that calls these functions keeps its inline figures (make_all sets STYLE around them)."""
    from matplotlib.figure import Figure
    fig = Figure(figsize=kw.pop("figsize", (7, 4)))
    return fig, fig.subplots(nrows, ncols, **kw)


def _write(fig, path: Path) -> Path:
    """The figure as a PNG, written atomically (files.atomic_writer): never half a picture."""
    with atomic_writer(path) as f:
        fig.savefig(f, format="png")
    return path


def _save(fig, path: Path) -> Path:
    fig.tight_layout()
    return _write(fig, path)


def projected(ckpts: dict, vectors: str = "in"):
    """Aligned 2D coordinates of the word set for every epoch (the data behind the map figures):
    unit rows, so that a map shows directions (what cosines compare) at every epoch's scale."""
    last = ckpts[max(ckpts)]
    words, groups = word_set(last.vocab.index)
    ids = np.array([last.vocab.index[w] for w in words])
    tables = {e: unit_rows(vectors_of(c, vectors)) for e, c in ckpts.items()}
    return words, groups, align_and_project(tables, ids, pca_ids=ids)


def _limits(proj):
    allxy = np.concatenate([proj.coords[e] for e in proj.epochs])
    lo, hi = allxy.min(0), allxy.max(0)
    pad = 0.08 * (hi - lo)
    return (lo[0] - pad[0], hi[0] + 2 * pad[0]), (lo[1] - pad[1], hi[1] + pad[1])   # labels sit right


def _scatter(ax, xy, words, groups):
    for group in dict.fromkeys(groups):
        sel = [i for i, g in enumerate(groups) if g == group]
        ax.scatter(xy[sel, 0], xy[sel, 1], s=14 if group != "frequent" else 8, c=COLORS[group],
                   label=group, alpha=0.9 if group != "frequent" else 0.6, linewidths=0)


def _labels(ax, xy, words, groups, fontsize=6.5):
    """Label every point, each label at the first of a few spots around its point that does not
    overlap a label already placed (greedy, in display pixels; call after the limits are set)."""
    fig = ax.figure
    px = fig.dpi / 72.0                                    # pixels per point
    height = fontsize * px * 1.15
    placed = []                                            # (x0, y0, x1, y1) in pixels
    pts = ax.transData.transform(xy)
    order = np.argsort(-pts[:, 1])
    for i in order:
        w = len(words[i]) * fontsize * px * 0.55
        x, y = pts[i]
        spots = [(3, 2), (3, -height - 1), (-w - 3, 2), (-w - 3, -height - 1), (3, height + 2),
                 (3, -2 * height - 2), (-w / 2, height + 3), (-w / 2, -2 * height - 3)]
        best, best_overlap = spots[0], None
        for dx, dy in spots:
            box = (x + dx, y + dy, x + dx + w, y + dy + height)
            overlap = sum(max(0, min(box[2], b[2]) - max(box[0], b[0])) *
                          max(0, min(box[3], b[3]) - max(box[1], b[1])) for b in placed)
            if best_overlap is None or overlap < best_overlap:
                best, best_overlap = (dx, dy), overlap
            if overlap == 0:
                break
        dx, dy = best
        placed.append((x + dx, y + dy, x + dx + w, y + dy + height))
        g = groups[i]
        ax.annotate(words[i], xy[i], xytext=(dx / px, dy / px), textcoords="offset points",
                    fontsize=fontsize, color=COLORS[g] if g != "frequent" else "#777777",
                    va="bottom", ha="left")


def plot_maps(ckpts: dict, out: Path, vectors: str = "in", projection=None) -> list[Path]:
    words, groups, proj = projection or projected(ckpts, vectors)
    xlim, ylim = _limits(proj)
    last = proj.epochs[-1]
    fit = min(FIT_WORDS, len(ckpts[last].vocab))
    table = VECTORS[vectors]
    paths = []
    for e in proj.epochs:
        fig, ax = _figure(figsize=(8.4, 6))
        _scatter(ax, proj.coords[e], words, groups)
        ev = proj.explained[e]
        ax.set(xlim=xlim, ylim=ylim,                  # the axes are epoch `last`'s, so at another
               xlabel=f"PC1 of epoch {last}: {ev[0]:.1%} of this epoch's variance",   # epoch PC2
               ylabel=f"PC2 of epoch {last}: {ev[1]:.1%}")                             # may hold more
        _labels(ax, proj.coords[e], words, groups)
        what = "random directions, before any training" if e == 0 else f"aligned to epoch {last}"
        ax.set_title(f"{epoch_title(e).capitalize()}: {len(words)} words of {table}, {what}")
        # outside the axes: any corner inside may hold a group (family sat under it in one run)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, markerscale=1.5,
                  frameon=False)
        ax.grid(alpha=0.2)
        fig.text(0.01, 0.005, f"Rows scaled to length 1 and rotated onto epoch {last} (Procrustes on the "
                 f"{fit:,} most frequent words); PCA fitted on these {len(words)} words at epoch "
                 f"{last} (the explorer page fits its own words). The two axes keep {ev.sum():.1%} of "
                 f"this epoch's variance of these words; neighbours use all {ckpts[e].W_in.shape[1]} "
                 f"dimensions.", fontsize=6.5, color="#555555", wrap=True)
        fig.tight_layout(rect=(0, 0.035, 1, 1))
        paths.append(out / f"map_epoch{e}.png")
        _write(fig, paths[-1])
    # side by side, same axes, with each group word's path so far
    n = len(proj.epochs)
    fig, axes = _figure(1, n, figsize=(4.2 * n, 4.6), sharex=True, sharey=True, squeeze=False)
    trained = [e for e in proj.epochs if e > 0]          # epoch 0's places are random: no path
    for k, (ax, e) in enumerate(zip(axes[0], proj.epochs)):
        if e in trained[1:]:
            for i, g in enumerate(groups):
                if g != "frequent":
                    path = np.array([proj.coords[p][i] for p in trained[:trained.index(e) + 1]])
                    ax.plot(path[:, 0], path[:, 1], color=COLORS[g], alpha=0.25, lw=0.8)
        _scatter(ax, proj.coords[e], words, groups)
        ax.set(xlim=xlim, ylim=ylim,
               title=f"{epoch_title(e)} (the axes hold {proj.explained[e].sum():.1%} of its variance)")
        if k == n - 1:
            _labels(ax, proj.coords[e], words, groups, fontsize=6)
        ax.grid(alpha=0.2)
    axes[0][0].legend(loc="upper left", fontsize=7, framealpha=0.8)   # epoch 0: unlabelled, corners free
    fig.suptitle(f"The same {len(words)} words on the same axes at each checkpoint, from random to "
                 f"trained\n(lines: where they came from since epoch {trained[0] if trained else 0}; "
                 f"PCA fitted on these words at epoch {last})")    # two lines: fits 3 panels too
    paths.append(_save(fig, out / "map_epochs.png"))
    return paths


def plot_training(ckpt, out: Path, control=None) -> Path:
    """Loss per slice and per epoch; beside it WordSim-353 ρ and analogy accuracy per epoch, and
    the control's (``control``: its last checkpoint) dashed in grey."""
    from matplotlib.ticker import MaxNLocator
    quality = ckpt.stats.get("quality", [])
    theirs = control.stats.get("quality", []) if control is not None else []
    fig, axes = _figure(1, 2 if quality else 1, figsize=(11.5 if quality else 7, 4), squeeze=False)
    ax = axes[0][0]
    trace = np.asarray(ckpt.loss_trace).reshape(-1, 3)
    if len(trace) > len(ckpt.loss_epochs):          # one slice an epoch: it is the epoch's mean
        x, y = trace[:, 0], trace[:, 1]
        k = max(1, len(y) // 40)
        smooth = np.convolve(y, np.ones(k) / k, mode="valid")
        ax.plot(x, y, color="#bbbbbb", lw=0.8, label="per slice of an epoch")
        ax.plot(x[k - 1:], smooth, color="#1f77b4", lw=1.5,
                label=f"moving average of {k} slices" if k > 1 else "per slice")
    epochs = np.arange(1, len(ckpt.loss_epochs) + 1)
    if not len(epochs):                        # a vectors file: trained elsewhere, no loss kept
        ax.axis("off")
        ax.text(0.5, 0.5, f"No training history: these vectors were read from a file\n"
                f"({Path(ckpt.stats.get('vectors_file', '')).name}), one table, no loss to draw.",
                ha="center", va="center", transform=ax.transAxes)
        return _save(fig, out / "training.png")
    ax.plot(epochs, ckpt.loss_epochs, "o-", color="#d62728", label="mean over each epoch")
    if control is not None and len(control.loss_epochs):
        ax.plot(np.arange(1, len(control.loss_epochs) + 1), control.loss_epochs, "o--", color="#888888", ms=3,
                label="the control (same words shuffled), per epoch")
    ax.set(xlabel="epoch", ylabel="loss per pair  −[log σ(v_c·u_o) + Σ log σ(−v_c·u_n)]",
           title=f"Training loss ({ckpt.config.optimizer}, k = {ckpt.config.negatives})")
    ax.legend()
    ax.grid(alpha=0.3)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    if quality:
        ax = axes[0][1]
        e = [r["epoch"] for r in quality]
        if "wordsim" in quality[0]:
            ax.plot(e, [r["wordsim"] for r in quality], "o-", color="#2ca02c", label="WordSim-353 ρ")
            if theirs and "wordsim" in theirs[0]:
                ax.plot([r["epoch"] for r in theirs], [r["wordsim"] for r in theirs], "o--", color="#2ca02c",
                        alpha=0.45, ms=3, label="the control's ρ")
        ax.set(xlabel="epoch (0 = untrained)", ylabel="Spearman ρ", ylim=(min(0, ax.get_ylim()[0]), 1),
               title="Quality of W_in after each epoch")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
        if "analogies" in quality[0]:
            ax2 = ax.twinx()
            ax2.plot(e, [100 * r["analogies"] for r in quality], "s-", color="#9467bd",
                     label="Google analogies")
            if theirs and "analogies" in theirs[0]:
                ax2.plot([r["epoch"] for r in theirs], [100 * r["analogies"] for r in theirs], "s--",
                         color="#9467bd", alpha=0.45, ms=3, label="the control's analogies")
            ax2.set(ylabel="analogies correct (% of answerable)",
                    ylim=(0, max(1, 1.15 * max(100 * r["analogies"] for r in quality))))
            lines = ax.get_lines() + ax2.get_lines()
            ax.legend(lines, [line.get_label() for line in lines], loc="upper left")
        else:
            ax.legend(loc="upper left")
    return _save(fig, out / "training.png")


def similarity_table(embs: dict, chance=None) -> dict:
    """{(a, b): epochs.similarity_rows(...)} for the PAIRS in the vocabulary (``chance``: the
    control's chance.ChanceLevels, shared by every pair)."""
    first = embs[min(embs)]
    return {(a, b): ep.similarity_rows(embs, a, b, chance) for a, b in PAIRS
            if a in first.index and b in first.index}


def plot_similarity(table: dict, out: Path, vectors: str = "in") -> Path:
    import matplotlib
    fig, axes = _figure(1, 3, figsize=(14.5, 5.0))
    colors = matplotlib.rcParams["axes.prop_cycle"].by_key()["color"]
    rows0 = next(iter(table.values()), [])
    live = [r["epoch"] for r in rows0 if not r["zero"]]
    if rows0:
        band = [r for r in rows0 if not r["zero"]]
        axes[0].fill_between(live, [r["p5"] for r in band], [r["p95"] for r in band], color="#999999",
                             alpha=0.25, label="random pairs, 5–95 %")
        axes[0].plot(live, [r["median"] for r in band], color="#777777", ls="--", lw=1,
                     label="random pairs, median")
    for n, ((a, b), rows) in enumerate(table.items()):
        rows = [r for r in rows if not r["zero"]]
        x, c = [r["epoch"] for r in rows], colors[n % len(colors)]
        axes[0].plot(x, [r["cos"] for r in rows], "o-", color=c, label=f"{a} · {b}")
        if rows and rows[-1]["control_cos"] is not None:
            axes[0].plot(x, [r["control_cos"] for r in rows], ":", color=c, alpha=0.6, lw=1)
        axes[1].plot(x, [r["percentile"] for r in rows], "o-", color=c)
        axes[2].plot(x, [r["rank_ab"] for r in rows], "o-", color=c)
    dotted = any(r["control_cos"] is not None for rs in table.values() for r in rs)
    axes[0].set(xlabel="epoch", ylabel="cosine", xticks=live, title=f"Raw cosine ({VECTORS[vectors]}) "
                "and each epoch's random pairs" + ("\n(dotted: the same pair in the control)" if dotted else ""))
    axes[1].set(xlabel="epoch", ylabel="% of random pairs below", xticks=live, ylim=(0, 100.5),
                title=f"Above how many of {N_PAIRS:,} random pairs")
    axes[2].set(xlabel="epoch", ylabel="rank (1 = nearest)", xticks=live, yscale="log",
                title="B's rank among A's neighbours")
    from matplotlib.ticker import FuncFormatter
    axes[2].yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    axes[2].invert_yaxis()
    for ax in axes:
        ax.grid(alpha=0.3)
    handles, labels = axes[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=5, fontsize=8, frameon=False)
    fig.suptitle("Compare epochs by percentile and rank: raw cosines move with the whole space",
                 fontsize=10)
    fig.tight_layout(rect=(0, 0.1, 1, 1))
    path = out / "similarity.png"
    return _write(fig, path)


def plot_neighbors(embs: dict, out: Path, chance=None) -> Path:
    table = probe_neighbours_with_chance(embs, [w for w in PROBE_WORDS if w in embs[max(embs)].index], 3, chance)[0]
    epochs = sorted(embs)
    fig, ax = _figure(figsize=(2.6 + 2.4 * len(epochs), 0.9 + 0.42 * max(1, len(table)) * 1.6))
    ax.axis("off")
    cells = [[w] + ["\n".join(f"{n} {s:.2f}" + (" ★" if v else "")
                               for n, s, _, v in table[w][e]["neighbours"]) if e in table[w] else "(all zero)"
                    for e in epochs] for w in table]
    if cells:
        t = ax.table(cellText=cells, colLabels=["word"] + [epoch_title(e) for e in epochs],
                     loc="center", cellLoc="left")
        t.auto_set_font_size(False)
        t.set_fontsize(8)
        t.scale(1, 3.2)
        ax.set_title("Top-3 neighbours (cosine, full dimension) at each checkpoint" + (
            f"; ★ closer than {QUANTILE:.1%} of the control's\nneighbours of that rank, among its words of the same "
            f"frequency at the same epoch (the control: the same training on the words shuffled)"
            if chance is not None else "\n(no control run: nothing is marked against chance)"), pad=4)
    else:
        ax.text(0.5, 0.5, "none of the probe words is in this vocabulary", ha="center")
    return _save(fig, out / "neighbors.png")


def plot_structure(structure: dict | None, embs: dict, out: Path) -> Path:
    """The structure number per epoch against the control's (its chance level); beside it, how many
    of their 10 nearest words the content words keep from one checkpoint to the next."""
    fig, (ax, bx) = _figure(1, 2, figsize=(11.5, 4))
    if structure:
        e, share, ctl = list(structure["share"]), list(structure["share"].values()), structure["control"]
        if ctl:
            ax.plot(list(ctl), [100 * v for v in ctl.values()], "o--", color="#888888",
                    label="the control (same words shuffled): chance")
            for x, v in ctl.items():
                ax.annotate(f"{v:.0%}", (x, 100 * v), textcoords="offset points", xytext=(0, -13), ha="center",
                            fontsize=8, color="#666666")
        ax.plot(e, [100 * v for v in share], "o-", color="#1f77b4", label="this run")
        for x, v in zip(e, share):
            ax.annotate(f"{v:.0%}", (x, 100 * v), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=8)
        ax.set(xlabel="epoch (0 = untrained)", ylabel="% of group words", ylim=(0, 109), xticks=e,
               title=f"Structure: the {structure['words']} coloured words whose nearest\ncoloured word "
                     f"(all {embs[max(embs)].unit.shape[1]} dimensions) is of their own group")
        ax.legend(loc="center right", fontsize=8)
    ax.grid(alpha=0.3)
    epochs = sorted(embs)
    pairs = [(a, b) for a, b in zip(epochs, epochs[1:]) if embs[a].unit.any()]
    spans = [ep.neighbourhood_change(embs[a], embs[b], keep=0)[1] for a, b in pairs]
    labels = [f"{a} → {b}" for a, b in pairs]
    if spans and spans[0].get("words"):
        x = np.arange(len(spans))
        med = np.array([d["median"] for d in spans])
        bx.errorbar(x, med, yerr=[med - [d["p10"] for d in spans], [d["p90"] for d in spans] - med],
                    fmt="o", color="#2ca02c", capsize=5, label="median content word, 10–90 %")
        bx.set(xticks=x, xticklabels=labels, ylim=(-0.5, 10.5), xlabel="from checkpoint to checkpoint",
               ylabel="of its 10 nearest words, kept",
               title=f"Settling: the {spans[0]['words']:,} content words ranked {ep.SKIP_FREQUENT + 1}–"
                     f"{ep.SKIP_FREQUENT + ep.CONTENT_WORDS}")
        bx.legend(loc="upper left", fontsize=8)
    bx.grid(alpha=0.3)
    return _save(fig, out / "structure.png")


def make_all(run_dir, out=None, analogies=None, similarities=None, vectors: str = "in",
             log=print, ckpts: dict | None = None, overwrite: bool = False) -> list[Path]:
    """Every figure and the report for the run in run_dir. -> paths written. ``analogies``: the
    Google set, for example questions the run answers; both files: scores at the checkpoints
    when the run has no per-epoch scores. ``out``: the run's figures/ (its run.json records them),
    or a folder of the figures' own (outputs.py: new, empty, or written by figures before, which
    ``overwrite`` replaces); outputs.NotOurs before anything is written otherwise."""
    import matplotlib
    ckpts = ckpts or load_run(run_dir)
    out = Path(out) if out else default_out(run_dir)
    names = [f"map_epoch{e}.png" for e in sorted(ckpts)] + figures_directions.axes_names(ckpts) + FIGURES
    own = Path(run_dir).is_dir() and out.resolve() == (Path(run_dir) / "figures").resolve()   # recorded
    if own:
        listed = runs.recorded(run_dir, runs.read_info(run_dir) or {})
        theirs = [n for n in names if (out / n).exists() and f"figures/{n}" not in listed]
        if theirs:
            raise outputs.NotOurs(f"{out} holds {', '.join(theirs[:3])}, named like the run's figures but not "
                                  f"listed in its run.json: they may be yours, so nothing is written there; move "
                                  f"them away, or draw the figures elsewhere with --out DIR")
        runs.record(run_dir, {f"figures/{n}": {} for n in names})      # before they are written
        earlier = []
    else:
        earlier = outputs.claim_folder(out, names, overwrite, "python -m skipgram_np.figures")
    out.mkdir(parents=True, exist_ok=True)
    if not own:
        outputs.record_folder(out, names, run_dir)                    # listed before they are written
    pending = figures_directions.begin(ckpts)          # t-SNE, in a thread while the others are drawn
    embs = {e: Embeddings.from_checkpoint(c, vectors) for e, c in ckpts.items()}
    controls = load_control(run_dir, ckpts)
    chance = chance_levels(run_dir, ckpts, vectors, controls=controls)
    sims = similarity_table(embs, chance)
    projection = projected(ckpts, vectors)
    structure = ep.structure_by_epoch(embs, chance.controls if chance is not None else None)
    last_control = controls[max(controls)] if controls else None
    with matplotlib.rc_context(STYLE):
        paths = plot_maps(ckpts, out, vectors, projection)
        paths += [plot_training(ckpts[max(ckpts)], out, last_control), plot_similarity(sims, out, vectors),
                  plot_neighbors(embs, out, chance), plot_structure(structure, embs, out)]
        more, directions = figures_directions.draw(ckpts, out, COLORS, pending, controls)   # (W_in)
        paths += more
    evaluation = None
    if (analogies or similarities) and not ckpts[max(ckpts)].stats.get("quality"):
        evaluation = evaluate_epochs(embs, analogies, similarities)
    solved = analogy_examples(embs[max(embs)], analogies) if analogies else []
    text = report(run_dir, ckpts, embs, [p.name for p in paths], sims, evaluation, solved, vectors,
                  projection[2].explained, structure, directions, chance, control_mod.missing(run_dir),
                  last_control.stats.get("quality", []) if last_control is not None and vectors == "in" else ())
    write_atomic(out / "report.md", text.encode("utf-8"))
    paths.append(out / "report.md")
    if not own:                                          # what it wrote, and an earlier call's leftovers
        for name in earlier:
            (out / name).unlink(missing_ok=True)
        outputs.record_folder(out, names, run_dir)
    if own:                                              # maps of checkpoints an earlier call drew
        listed = runs.recorded(run_dir, runs.read_info(run_dir) or {})
        gone = [f"figures/{p.name}" for pattern in ("map_epoch*.png", "axes_*.png") for p in out.glob(pattern)
                if p.name not in names and f"figures/{p.name}" in listed]
        for name in gone:
            (Path(run_dir) / name).unlink()
        runs.forget(run_dir, gone)
    log(f"figures: wrote {len(paths)} files to {out}/")
    return paths


def main(argv=None) -> int:
    p = Parser(prog="python -m skipgram_np.figures", description=__doc__.split("\n")[0],
               formatter_class=HelpFormatter)
    p.add_argument("run_dir")
    p.add_argument("--out", help="folder for the figures (default RUN_DIR/figures): a new or empty one, or one "
                                 "figures wrote before")
    p.add_argument("--overwrite", action="store_true",
                   help="replace what figures wrote into --out before (and nothing else)")
    p.add_argument("--vectors", choices=sorted(VECTORS), default="in",
                   help="which vectors: W_in, W_out or their normalised sum")
    p.add_argument("--no-eval", action="store_true",
                   help="no example analogies from the Google set (no download)")
    add_eval_options(p)
    args = p.parse_args(argv)
    out = Path(args.out) if args.out else default_out(args.run_dir)
    try:
        ckpts = load_run(args.run_dir)                   # a bad folder is said before any download
        analogies, similarities = example_sets(args)
        with guarded(f"the figures in {out}", f"the run in {args.run_dir} is as it was and no figure is "
                     f"half-written", f"draw them again with: {redo_command(args.run_dir, args.out)}"):
            make_all(args.run_dir, args.out, analogies, similarities, args.vectors, ckpts=ckpts,
                     overwrite=args.overwrite)
    except (RunError, EvalFileError, outputs.NotOurs) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except WriteFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


def default_out(run_dir) -> Path:
    """RUN/figures, or for a vectors file a folder beside it named after it (book.bin: book-figures/)."""
    run_dir = Path(run_dir)
    return run_dir.with_name(run_dir.name.split(".")[0] + "-figures") if run_dir.is_file() else run_dir / "figures"


def redo_command(run_dir, out=None) -> str:
    return (f"python -m skipgram_np.figures {shlex.quote(str(run_dir))}"
            + (f" --out {shlex.quote(str(out))}" if out else ""))


if __name__ == "__main__":
    raise SystemExit(run(main))
