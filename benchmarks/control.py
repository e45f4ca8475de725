"""A run beside its control, checkpoint by checkpoint: what chance.py's rule finds, and what it would
find where there is nothing to find.

    python benchmarks/control.py RUN [RUN ...]        (runs trained with their control, the default)

For each run and checkpoint epoch, the run's and the control's: the median cosine of the nearest word of
the 1,000 most frequent words (among all words); the share of those words' top-10 neighbours beyond
chance — the run's by the rule, the control's judged against the other half of its own words (the
thresholds made from control words of each band not in the judged half) —, the structure number,
WordSim-353 ρ and the Google analogy accuracy (scored during training). Writes
benchmarks/results/control.md. Targets (issue 28): at the last epoch ≥ 70 % of the run's top-10 beyond
chance, ≤ 2 % of the control's and ≤ 2 % of the run's at epoch 0.
"""
from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from skipgram_np import chance, epochs, runs  # noqa: E402
from skipgram_np.embeddings import Embeddings  # noqa: E402

WORDS = 1000


def split_half_share(control: Embeddings, judged: np.ndarray, seed: int = 1) -> float:
    """The share of the control's top-10 neighbours of ``judged`` words beyond a line made, band by
    band, from control words outside ``judged`` (an independent half)."""
    edges = chance.band_edges(len(control.words))
    rest = np.setdiff1d(chance.sample_ids(edges, 2 * chance.SAMPLE, seed), judged)
    near_rest = chance.nearest_cosines(control.unit, rest).astype(np.float64)
    bands = chance.band_of(edges, rest)
    line = {b: np.quantile(near_rest[bands == b], chance.QUANTILE, axis=0) for b in np.unique(bands)}
    near = chance.nearest_cosines(control.unit, judged).astype(np.float64)
    return float(np.mean([near[k] > line[b] for k, b in enumerate(chance.band_of(edges, judged))]))


def rows_of(run_dir: Path) -> list[dict]:
    ckpts = runs.load_run(run_dir)
    controls = runs.load_control(run_dir, ckpts)
    if controls is None:
        raise SystemExit(f"{run_dir} has no control: train it with its control (the default)")
    levels = runs.chance_levels(run_dir, ckpts, controls=controls)
    embs = runs.embeddings_by_epoch(run_dir, ckpts=ckpts)
    structure = epochs.structure_by_epoch(embs, levels.controls)
    quality = {r["epoch"]: r for r in ckpts[max(ckpts)].stats.get("quality", [])}
    theirs = {r["epoch"]: r for r in controls[max(controls)].stats.get("quality", [])}
    judged = np.arange(WORDS)
    out = []
    for e, emb in sorted(embs.items()):
        ctl = levels.controls[e]
        near = levels.neighbours(e)
        real_cos = chance.nearest_cosines(emb.unit, judged)
        beyond = np.mean([near.beyond(i, r + 1, float(c)) for i in judged for r, c in enumerate(real_cos[i])])
        # the control's own top-10, judged against the other half of its words: even (odd) ranks
        evens, odds = judged[::2], judged[1::2]
        ctl_share = (split_half_share(ctl, evens) + split_half_share(ctl, odds)) / 2
        out.append({"epoch": e, "nn": float(np.median(real_cos[:, 0])),
                    "nn_control": float(np.median(chance.nearest_cosines(ctl.unit, judged)[:, 0])),
                    "beyond": float(beyond), "beyond_control": ctl_share,
                    "structure": structure["share"].get(e) if structure else None,
                    "structure_control": structure["control"].get(e) if structure else None,
                    "rho": quality.get(e, {}).get("wordsim"), "rho_control": theirs.get(e, {}).get("wordsim"),
                    "analogies": quality.get(e, {}).get("analogies"),
                    "analogies_control": theirs.get(e, {}).get("analogies")})
    return out


def fmt(x, spec):
    return "—" if x is None else format(x, spec)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("runs", nargs="+", type=Path)
    opts = p.parse_args()
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "")
    lines = [f"Measured {time.strftime('%Y-%m-%d')} on {cpu}, Python {platform.python_version()}. "
             f"Command: `python benchmarks/control.py {' '.join(map(str, opts.runs))}`", ""]
    for run in opts.runs:
        cfg = runs.load_run(run)
        seed = cfg[max(cfg)].config.seed
        lines += [f"### `{run.name}` (seed {seed}): run / control", "",
                  f"| epoch | nearest-word cosine, median of the {WORDS:,} most frequent | top-10 beyond chance "
                  f"| structure number | WordSim ρ | analogies |", "|---|---|---|---|---|---|"]
        for r in rows_of(run):
            lines.append(f"| {r['epoch']} | {r['nn']:.3f} / {r['nn_control']:.3f} | {r['beyond']:.1%} / "
                         f"{r['beyond_control']:.1%} | {fmt(r['structure'], '.0%')} / "
                         f"{fmt(r['structure_control'], '.0%')} "
                         f"| {fmt(r['rho'], '.3f')} / {fmt(r['rho_control'], '.3f')} | {fmt(r['analogies'], '.1%')} / "
                         f"{fmt(r['analogies_control'], '.1%')} |")
        lines.append("")
    lines.append("The control's share is judged against the other half of its own words (thresholds made from control "
                 "words not judged); the run's against the whole control, as every command judges it.")
    text = "\n".join(lines) + "\n"
    print(text)
    (REPO / "benchmarks" / "results").mkdir(parents=True, exist_ok=True)
    (REPO / "benchmarks" / "results" / "control.md").write_text(text)


if __name__ == "__main__":
    main()
