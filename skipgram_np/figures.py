"""Figures and a Markdown report of a run: see the embeddings change from epoch to epoch.

    python -m skipgram_np.figures RUN_DIR [--out DIR] [--analogies FILE --similarities FILE]

writes into RUN_DIR/figures/ (or DIR):
  map_epoch{N}.png     2D map of a fixed word set, coloured by semantic group, every epoch on the same
                       axes (projection.py: Procrustes onto the last epoch, one PCA)
  map_epochs.png       the maps side by side, with each word's path across epochs
  loss.png             mean loss per epoch, and per slice of an epoch (smoothed)
  similarity.png       cos(a, b) of chosen pairs across epochs
  neighbors.png        top-5 neighbours of chosen words at each epoch
  report.md            evaluation table (if the files are given), analogies and neighbours per
                       epoch with their scores, and the figures
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

from .cli import Parser
from .projection import align_and_project
from .query import Embeddings
from .runs import RunError, load_run

# Words a reader recognises, in groups whose members should drift together as training goes on.
GROUPS = {
    "numbers": ["one", "two", "three", "four", "five", "six", "seven", "eight"],
    "months": ["january", "february", "march", "april", "june", "july", "august", "october"],
    "countries": ["france", "germany", "england", "italy", "spain", "china", "japan", "canada"],
    "family": ["father", "mother", "son", "daughter", "brother", "sister", "wife", "husband"],
    "music": ["album", "song", "band", "music", "guitar", "singer", "songs", "chart"],
    "war": ["army", "war", "battle", "soldiers", "troops", "forces", "attack", "military"],
}
FREQUENT = ["the", "of", "and", "in", "was", "is", "he", "it", "for", "his"]
PAIRS = [("king", "queen"), ("man", "woman"), ("france", "germany"), ("january", "february"),
         ("album", "song"), ("army", "soldiers"), ("one", "two"), ("album", "january")]
PROBE_WORDS = ["king", "france", "music", "war", "january", "river"]
ANALOGIES = [("king", "man", "woman"), ("paris", "france", "germany"), ("berlin", "germany", "italy"),
             ("january", "february", "april"), ("bigger", "big", "small"), ("sons", "son", "daughter"),
             ("walking", "walk", "swim"), ("brother", "man", "woman")]
COLORS = {"numbers": "#1f77b4", "months": "#ff7f0e", "countries": "#2ca02c", "family": "#d62728",
          "music": "#9467bd", "war": "#8c564b", "frequent": "#9a9a9a"}


def _plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.rcParams.update({"font.size": 9, "axes.titlesize": 10, "figure.dpi": 110})
    return plt


def _save(fig, path: Path) -> Path:
    import matplotlib.pyplot as plt
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def word_set(vocab_index: dict) -> tuple[list[str], list[str]]:
    """-> (words, group of each): the group words and frequent words that are in the vocabulary;
    for a corpus that has few of them, its 60 most frequent words (group "frequent")."""
    words, groups = [], []
    for group, members in list(GROUPS.items()) + [("frequent", FREQUENT)]:
        for w in members:
            if w in vocab_index and w not in words:
                words.append(w)
                groups.append(group)
    if len(words) < 10:
        by_id = sorted(vocab_index, key=vocab_index.get)
        words = [w for w in by_id if any(ch.isalnum() for ch in w)][:60] or by_id[:60]
        groups = ["frequent"] * len(words)
    return words, groups


def projected(ckpts: dict):
    """Aligned 2D coordinates of the word set for every epoch (the data behind the map figures)."""
    last = ckpts[max(ckpts)]
    words, groups = word_set(last.vocab.index)
    ids = np.array([last.vocab.index[w] for w in words])
    proj = align_and_project({e: c.W_in for e, c in ckpts.items()}, ids)
    return words, groups, proj


def _limits(proj):
    allxy = np.concatenate([proj.coords[e] for e in proj.epochs])
    lo, hi = allxy.min(0), allxy.max(0)
    pad = 0.08 * (hi - lo)
    return (lo[0] - pad[0], hi[0] + pad[0]), (lo[1] - pad[1], hi[1] + pad[1])


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


def plot_maps(ckpts: dict, out: Path) -> list[Path]:
    plt = _plt()
    words, groups, proj = projected(ckpts)
    xlim, ylim = _limits(proj)
    paths = []
    for e in proj.epochs:
        fig, ax = plt.subplots(figsize=(8.4, 6))
        _scatter(ax, proj.coords[e], words, groups)
        ev = proj.explained[e]
        ax.set(xlim=xlim, ylim=ylim, xlabel=f"PC1 ({ev[0]:.1%} of this epoch's variance)",
               ylabel=f"PC2 ({ev[1]:.1%})")
        _labels(ax, proj.coords[e], words, groups)
        ax.set_title(f"Epoch {e}: W_in rows of {len(words)} words, aligned to epoch {proj.epochs[-1]} "
                     f"(PCA variance {ev.sum():.1%})")
        # outside the axes: any corner inside may hold a group (family sat under it in one run)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=7, markerscale=1.5,
                  frameon=False)
        ax.grid(alpha=0.2)
        fig.text(0.01, 0.005, "2D distances are approximate; neighbours are computed in the full "
                 f"{ckpts[e].W_in.shape[1]} dimensions.", fontsize=7, color="#555555")
        fig.tight_layout(rect=(0, 0.02, 1, 1))
        paths.append(out / f"map_epoch{e}.png")
        fig.savefig(paths[-1])
        plt.close(fig)
    # side by side, same axes, with each group word's path so far
    n = len(proj.epochs)
    fig, axes = plt.subplots(1, n, figsize=(4.6 * n, 4.8), sharex=True, sharey=True, squeeze=False)
    for k, (ax, e) in enumerate(zip(axes[0], proj.epochs)):
        if k > 0:
            for i, g in enumerate(groups):
                if g != "frequent":
                    path = np.array([proj.coords[p][i] for p in proj.epochs[:k + 1]])
                    ax.plot(path[:, 0], path[:, 1], color=COLORS[g], alpha=0.25, lw=0.8)
        _scatter(ax, proj.coords[e], words, groups)
        ax.set(xlim=xlim, ylim=ylim, title=f"epoch {e} (PCA var {proj.explained[e].sum():.1%})")
        if k == n - 1:
            _labels(ax, proj.coords[e], words, groups, fontsize=6)
        ax.grid(alpha=0.2)
    axes[0][0].legend(loc="best", fontsize=7, framealpha=0.8)      # the corner with fewest points
    fig.suptitle("The same words on the same axes at each checkpoint (lines: where they came from)")
    paths.append(_save(fig, out / "map_epochs.png"))
    return paths


def plot_loss(ckpt, out: Path) -> Path:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, 4))
    trace = np.asarray(ckpt.loss_trace).reshape(-1, 3)
    if len(trace):
        x, y = trace[:, 0], trace[:, 1]
        k = max(1, len(y) // 40)
        smooth = np.convolve(y, np.ones(k) / k, mode="valid")
        ax.plot(x, y, color="#bbbbbb", lw=0.8, label="per slice of an epoch")
        ax.plot(x[k - 1:], smooth, color="#1f77b4", lw=1.5,
                label=f"moving average of {k} slices" if k > 1 else "per slice")
    epochs = np.arange(1, len(ckpt.loss_epochs) + 1)
    ax.plot(epochs, ckpt.loss_epochs, "o-", color="#d62728", label="mean over each epoch")
    ax.set(xlabel="epoch", ylabel="loss per pair  −[log σ(v_c·u_o) + Σ log σ(−v_c·u_n)]",
           title=f"Training loss ({ckpt.config.optimizer}, k = {ckpt.config.negatives})")
    ax.legend()
    ax.grid(alpha=0.3)
    return _save(fig, out / "loss.png")


def similarity_table(embs: dict) -> dict:
    """{(a, b): [cos at each epoch]} for the PAIRS in the vocabulary."""
    first = embs[min(embs)]
    return {(a, b): [embs[e].similarity(a, b) for e in sorted(embs)]
            for a, b in PAIRS if a in first.index and b in first.index}


def plot_similarity(embs: dict, out: Path) -> Path:
    plt = _plt()
    epochs = sorted(embs)
    fig, ax = plt.subplots(figsize=(7.6, 4.2))
    for (a, b), sims in similarity_table(embs).items():
        ax.plot(epochs, sims, "o-", label=f"{a} · {b}")
    from matplotlib.transforms import blended_transform_factory
    side = blended_transform_factory(ax.transAxes, ax.transData)
    for y0, y1, name, alpha in ((0.7, 1.0, "strongly related", 0.10), (0.3, 0.7, "moderately", 0.06),
                                (0.0, 0.3, "weakly", 0.03), (-0.3, 0.0, "dissimilar", 0.0)):
        ax.axhspan(y0, y1, color="#2ca02c", alpha=alpha)
        ax.text(1.01, (y0 + y1) / 2, name, transform=side, fontsize=7, color="#557755", va="center")
    ax.set(xlabel="epoch", ylabel="cosine similarity", xticks=epochs, ylim=(-0.3, 1.0),
           title="Similarity of word pairs across epochs")
    ax.legend(fontsize=7, ncol=2, loc="lower left")
    ax.grid(alpha=0.3)
    return _save(fig, out / "similarity.png")


def neighbor_table(embs: dict, topn: int = 5) -> dict:
    first = embs[min(embs)]
    return {w: {e: embs[e].neighbors(w, topn) for e in sorted(embs)}
            for w in PROBE_WORDS if w in first.index}


def plot_neighbors(embs: dict, out: Path) -> Path:
    plt = _plt()
    table = neighbor_table(embs)
    epochs = sorted(embs)
    fig, ax = plt.subplots(figsize=(2.6 + 2.4 * len(epochs), 0.9 + 0.42 * len(table) * 1.6))
    ax.axis("off")
    cells = [[w] + ["\n".join(f"{n} {s:.2f}" for n, s in table[w][e][:3]) for e in epochs]
             for w in table]
    t = ax.table(cellText=cells, colLabels=["word"] + [f"epoch {e}" for e in epochs],
                 loc="center", cellLoc="left")
    t.auto_set_font_size(False)
    t.set_fontsize(8)
    t.scale(1, 3.2)
    ax.set_title("Top-3 neighbours (cosine, full dimension) at each checkpoint", pad=4)
    return _save(fig, out / "neighbors.png")


def report(embs: dict, figure_names: list[str], evaluation: list | None, solved=()) -> str:
    """The Markdown report; ``solved``: Google-set questions [A, B, C, D] the last epoch answers."""
    from .evaluate import markdown_table
    epochs = sorted(embs)
    last = embs[epochs[-1]]
    lines = ["# What the run learned, epoch by epoch", ""]
    if evaluation:
        lines += ["## Standard evaluations", "", markdown_table(evaluation)]
    def analogy_rows(questions):
        rows = ["| question | " + " | ".join(f"epoch {e}" for e in epochs) + " |", "|---|" + "---|" * len(epochs)]
        for a, b, c, *expected in questions:
            if all(w in last.index for w in (a, b, c)):
                answers = [", ".join((f"**{w}**" if expected and w == expected[0] else w) + f" {s:.2f}"
                                     for w, s in embs[e].analogy(a, b, c, topn=3)) for e in epochs]
                q = f"{a} − {b} + {c}" + (f" (= {expected[0]})" if expected else "")
                rows.append(f"| {q} | " + " | ".join(answers) + " |")
        return rows
    lines += ["## Analogies: A − B + C = ? (3CosAdd, question words excluded, top 3)", ""]
    if solved:
        lines += ["Questions from the Google set that the last epoch answers (the right answer in bold):", ""]
        lines += analogy_rows(solved) + [""]
    lines += ["Classic questions (WikiText-2 is small: many stay unsolved):", ""] + analogy_rows(ANALOGIES)
    lines += ["", "## Nearest neighbours", "",
              "| word | " + " | ".join(f"epoch {e}" for e in epochs) + " |", "|---|" + "---|" * len(epochs)]
    for w, per_epoch in neighbor_table(embs).items():
        lines.append(f"| {w} | " + " | ".join(", ".join(f"{n} {s:.2f}" for n, s in per_epoch[e])
                                             for e in epochs) + " |")
    lines += ["", "## Similarity across epochs", "",
              "| pair | " + " | ".join(f"epoch {e}" for e in epochs) + " |", "|---|" + "---|" * len(epochs)]
    for (a, b), sims in similarity_table(embs).items():
        lines.append(f"| {a} · {b} | " + " | ".join(f"{s:+.3f}" for s in sims) + " |")
    lines += ["", "## Figures", ""] + [f"![{n}]({n})" for n in figure_names]
    return "\n".join(lines) + "\n"


def make_all(run_dir, out=None, analogies=None, similarities=None, log=print) -> list[Path]:
    """Every figure and the report for the run in run_dir. -> paths written."""
    from .data import write_atomic
    from .evaluate import analogy_examples, evaluate_epochs
    ckpts = load_run(run_dir)
    out = Path(out) if out else Path(run_dir) / "figures"
    out.mkdir(parents=True, exist_ok=True)
    embs = {e: Embeddings.from_checkpoint(c) for e, c in ckpts.items()}
    paths = plot_maps(ckpts, out)
    paths += [plot_loss(ckpts[max(ckpts)], out), plot_similarity(embs, out), plot_neighbors(embs, out)]
    evaluation = evaluate_epochs(embs, analogies, similarities) if (analogies or similarities) else None
    solved = analogy_examples(embs[max(embs)], analogies) if analogies else []
    text = report(embs, [p.name for p in paths], evaluation, solved)
    write_atomic(out / "report.md", text.encode("utf-8"))
    paths.append(out / "report.md")
    log(f"figures: wrote {len(paths)} files to {out}/")
    return paths


def main(argv=None) -> int:
    p = Parser(prog="python -m skipgram_np.figures", description=__doc__.split("\n")[0])
    p.add_argument("run_dir")
    p.add_argument("--out", help="folder for the figures (default RUN_DIR/figures)")
    p.add_argument("--analogies", help="questions-words.txt, to put the accuracy table in the report")
    p.add_argument("--similarities", help="WordSim-353 file, likewise")
    args = p.parse_args(argv)
    try:
        make_all(args.run_dir, args.out, args.analogies, args.similarities)
    except RunError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    from skipgram_np.cli import run
    raise SystemExit(run(main))
