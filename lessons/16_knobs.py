# %% [markdown]
# # Lesson 16 — what each knob does: one change at a time from the quality preset
#
#     preset = config.PRESETS["quality"]           (python -m skipgram_np.train --preset quality)
#     row r  = the preset with one knob changed:   Δρ_r = ρ_r − ρ_preset,   Δacc_r = acc_r − acc_preset,
#              time_r / time_preset                 (ρ: WordSim-353 Spearman; acc: Google analogies)
#
# The knobs are the ones Levy, Goldberg & Dagan (2015, "Improving distributional similarity with
# lessons learned from word embeddings") took apart for skip-gram with negative sampling (SGNS):
#
#     window w          contexts within w positions; fixed (all of them) or shrinking
#                       (b ~ U{1..w} per position: a word at distance j counts with weight (w − j + 1)/w,
#                       word2vec's "dynamic context window")
#     subsampling t     keep a token of word w with probability min(1, sqrt(t / f(w)))  (lesson 3;
#                       the preset uses word2vec.c's gentler min(1, (sqrt(f/t) + 1)·t/f))
#     negatives k       k noise words per pair: the optimum is v·u = PMI − log k          (lesson 15)
#     exponent α        P_n(w) ∝ count(w)^α, "context distribution smoothing"           (lesson 7)
#     dimension d, epochs, the optimizer (lesson 11), and which vectors are exported: W_in or W_in + W_out
#
# Every run trains the whole preset except one knob, on the same corpus, with the same seed, and is
# scored on both sets. A difference smaller than the preset's own seed-to-seed spread means
# nothing; the sentence after each row says what the row supports, computed from its numbers.
# Runs are cached (a second run of the lesson takes seconds); the full sweep takes ~14 minutes.

# %%
import hashlib
import json
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from lesson_utils import check, check_range, either, eval_files, exercise, load_corpus, parse, plt, save, section

from skipgram_np.config import PRESETS, Config
from skipgram_np.embeddings import unit_rows
from skipgram_np.evaluate import QualityScorer
from skipgram_np.train import Trainer

args = parse("Lesson 16: what each knob does, one at a time from the quality preset")
TOKENS = 150_000 if args.quick else None
preset = Config(**PRESETS["quality"], max_tokens=TOKENS)
if args.quick:                                # a few epochs of a slice: a dry run of the sweep
    preset = replace(preset, epochs=2)
preset = preset.validate()
c = load_corpus(args, max_tokens=TOKENS)
files = eval_files(args)
scorer = QualityScorer(c.vocab.words, files["analogies"], files["similarities"])
# How far apart three runs of the preset itself land (the whole command, seeds 0, 1, 2, 2 threads,
# the wider of two measurements: ρ 0.580-0.614, analogies 14.5-15.6 %; benchmarks/README.md): a row
# closer to the preset than this is not told apart from it. (Quick: a guess for the slice.)
NOISE_RHO, NOISE_ANALOGIES = (0.035, 0.011) if not args.quick else (0.05, 0.01)
print(f"{len(c.ids):,} tokens, V = {len(c.vocab):,}; the preset: "
      + ", ".join(f"{k} {getattr(preset, k)}" for k in PRESETS["quality"]))

# %% [markdown]
# ## 1. One run, cached
# `measure(cfg)` trains a configuration (the package's Trainer, as `train` runs it, without the
# checkpoints) and scores its last epoch: W_in, and the normalised sum v̂ + û of W_in and W_out.
# The result is kept in `runs/lessons/13_knobs/` under a digest of the configuration and the corpus.

# %%
CACHE = Path(args.runs) / "16_knobs"


def measure(cfg: Config) -> dict:
    """ρ, analogies (semantic, syntactic) of W_in and of v̂ + û, training seconds and pairs."""
    key = hashlib.sha256(json.dumps([cfg.to_dict(), c.digest], sort_keys=True).encode()).hexdigest()[:16]
    path = CACHE / f"{key}.json"
    if path.is_file():
        return json.loads(path.read_text())
    trainer = Trainer(cfg, c)
    trainer.compile_kernels()                       # (cached by Numba: not part of the time)
    seconds, pairs = 0.0, 0
    for _ in range(cfg.epochs):
        _, n, s = trainer.run_epoch()
        seconds, pairs = seconds + s, n
    result = {"seconds": seconds, "pairs_per_epoch": pairs}
    for name, W in (("in", trainer.W_in), ("sum", unit_rows(trainer.W_in) + unit_rows(trainer.W_out))):
        s = scorer.score(W)
        result[name] = {k: s[k] for k in ("wordsim", "analogies", "semantic", "syntactic")}
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result))
    return result


t0 = time.perf_counter()
base = measure(preset)
section("1. The preset")
print(f"ρ {base['in']['wordsim']:.3f}, analogies {base['in']['analogies']:.1%} (semantic "
      f"{base['in']['semantic']:.1%}, syntactic {base['in']['syntactic']:.1%}); "
      f"{base['seconds']:.1f} s of training, {base['pairs_per_epoch'] / 1e6:.1f} M pairs per epoch")

# %% [markdown]
# ## 2. The sweep: one knob at a time
# Each row names the knob, its value, and the claim from the literature it tests. `supports` means
# the numbers go the claimed way by more than the seed-to-seed spread.

# %%
E = preset.epochs
ROWS = [  # (knob, value shown, changes, the claim, how the claim is read off the row)
    *[("window", f"{w} {'shrinking' if s else 'fixed'}", dict(window=w, shrink_window=s),
       "a narrow window favours syntactic relations, a wide one topical ones (Levy et al. 2015)",
       "syntax" if w < preset.window else "topic")
      for w in (2, 5, 10) for s in (False, True)],
    *[("subsampling t", "none" if t == 0 else f"{t:g}", dict(subsample=t),
       "subsampling frequent words saves time and helps the rest (Mikolov et al. 2013)",
       "slower_not_better" if t == 0 or t > preset.subsample else "faster_not_worse")
      for t in (0.0, 1e-5, 1e-4, 1e-3)],
    *[("negatives k", str(k), dict(negatives=k),
       "more negative samples help SGNS (Levy et al. 2015: k = 15 beats k = 5)",
       "more_helps") for k in (1, 5, 15)],
    *[("exponent α", f"{a:g}", dict(ns_exponent=a),
       "smoothing the noise distribution (α = 0.75) helps (Mikolov et al. 2013; Levy et al. 2015)",
       "smoothing") for a in (0.5, 0.75, 1.0)],
    *[("dimension d", str(d), dict(dim=d),
       "more dimensions hold more relations, given enough text", "more_helps") for d in (50, 100, 300)],
    *[("epochs", str(e), dict(epochs=e),
       "more passes help, above all the rare words' vectors", "more_helps")
      for e in sorted({max(1, E // 2), 3 * E // 2})],
    ("optimizer", "sgd (word2vec's)", dict(optimizer="sgd", lr=None),
     "Adam learns more per epoch than word2vec's SGD here (lesson 11)", "worse"),
]
results = []
for knob, value, changes, claim, reading in ROWS:
    cfg = replace(preset, **changes)
    if cfg == preset:
        continue                                    # the preset's own value: row 0
    results.append(dict(knob=knob, value=value, claim=claim, reading=reading, changes=changes, **measure(cfg)))
results.append(dict(knob="vectors", value="W_in + W_out",        # the preset's own run, the other export
                    claim="adding the context vectors helps (Levy et al. 2015, w + c)", reading="helps",
                    changes={}, seconds=base["seconds"], pairs_per_epoch=base["pairs_per_epoch"],
                    **{"in": base["sum"]}))
print(f"{len(results)} rows in {time.perf_counter() - t0:.0f} s")

# %% [markdown]
# ## 3. The table, and the sentence each row supports

# %%
section("3. One knob at a time")


def move(delta: float, noise: float) -> str:
    return "held" if abs(delta) < noise else either(delta > 0, "rose", "fell")


def verdict(r: dict) -> str:
    """Does the row go the way its claim says, by more than the seed-to-seed spread?"""
    d = {k: r["in"][k] - base["in"][k] for k in ("wordsim", "analogies", "semantic", "syntactic")}
    noise = {"wordsim": NOISE_RHO, "analogies": NOISE_ANALOGIES}
    if r["reading"] in ("syntax", "topic"):      # which kind of relation gains on the other
        lead = (d["syntactic"] - d["semantic"]) * (1 if r["reading"] == "syntax" else -1)
        if abs(lead) < NOISE_ANALOGIES:
            return "cannot tell (the two kinds move alike, within the spread)"
        return either(lead > 0, "supports it", "does not support it here")
    if r["reading"] in ("faster_not_worse", "slower_not_better"):
        fell = any(d[k] < -noise[k] for k in noise)
        rose = any(d[k] > noise[k] for k in noise)
        if r["reading"] == "faster_not_worse":
            ok = r["seconds"] < 0.8 * base["seconds"] and not fell
        else:
            ok = r["seconds"] > 1.2 * base["seconds"] and not rose
        return either(ok, "supports it", "does not support it here")
    bigger = any(isinstance(v, (int, float)) and not isinstance(v, bool) and v > getattr(preset, k)
                 for k, v in r["changes"].items())
    sign = {"more_helps": 1 if bigger else -1, "smoothing": -1, "worse": -1, "helps": 1}[r["reading"]]
    agree = [k for k in noise if sign * d[k] > noise[k]]
    disagree = [k for k in noise if sign * d[k] < -noise[k]]
    names = {"wordsim": "ρ", "analogies": "analogies"}
    if agree and disagree:
        return f"supports it on {names[agree[0]]} only ({names[disagree[0]]} went the other way)"
    if agree:
        return "supports it"
    if disagree:
        return "does not support it here"
    return "cannot tell (within the seed-to-seed spread)"


def describe(cfg: Config) -> str:
    return (f"window {cfg.window} {'shrinking' if cfg.shrink_window else 'fixed'}, t {cfg.subsample:g} "
            f"({cfg.subsample_formula}'s formula), k {cfg.negatives}, α {cfg.ns_exponent:g}, d {cfg.dim}, "
            f"{cfg.epochs} epochs, {cfg.optimizer} lr {cfg.learning_rate:g}{' decaying' if cfg.decays else ''}, W_in")


lines = ["| knob | value | WordSim ρ | Δρ | analogies | Δ (points) | semantic | syntactic | training s | × time |",
         "|---|---|---|---|---|---|---|---|---|---|",
         f"| **the preset** | {describe(preset)} | {base['in']['wordsim']:.3f} | | {base['in']['analogies']:.1%} | | "
         f"{base['in']['semantic']:.1%} | {base['in']['syntactic']:.1%} | {base['seconds']:.1f} | 1.00 |"]
sentences = []
for r in results:
    s = r["in"]
    dr, da = s["wordsim"] - base["in"]["wordsim"], s["analogies"] - base["in"]["analogies"]
    ratio = r["seconds"] / base["seconds"]
    lines.append(f"| {r['knob']} | {r['value']} | {s['wordsim']:.3f} | {dr:+.3f} | {s['analogies']:.1%} | "
                 f"{100 * da:+.1f} | {s['semantic']:.1%} | {s['syntactic']:.1%} | {r['seconds']:.1f} | {ratio:.2f} |")
    r["sentence"] = (f"{r['knob']} {r['value']}: ρ {move(dr, NOISE_RHO)} ({dr:+.3f}), analogies "
                     f"{move(da, NOISE_ANALOGIES)} ({100 * da:+.1f} points), at {ratio:.2f}× the time — "
                     f"“{r['claim']}”: the row {verdict(r)}.")
    sentences.append(r["sentence"])
table = "\n".join(lines)
print(table)
print()
print("\n".join(sentences))

# %% [markdown]
# ## 4. The figure

# %%
section("4. The figure")
labels = [f"{r['knob']} {r['value']}" for r in results]
y = np.arange(len(results))[::-1]
pyplot = plt()
fig, axes = pyplot.subplots(1, 3, figsize=(13, 0.32 * len(results) + 1.8), sharey=True)
panels = [("Δ WordSim ρ", [r["in"]["wordsim"] - base["in"]["wordsim"] for r in results], NOISE_RHO),
          ("Δ analogies (points)", [100 * (r["in"]["analogies"] - base["in"]["analogies"]) for r in results],
           100 * NOISE_ANALOGIES),
          ("training time / the preset's", [r["seconds"] / base["seconds"] for r in results], None)]
for ax, (title, values, noise) in zip(axes, panels):
    ref = 1.0 if noise is None else 0.0
    colours = (["tab:green" if v > noise else "tab:red" if v < -noise else "0.6" for v in values]
               if noise is not None else "tab:blue")          # the time is a cost, not a score
    ax.barh(y, np.array(values) - ref, left=ref, color=colours)
    ax.axvline(ref, color="k", lw=1)
    if noise is not None:
        ax.axvspan(-noise, noise, color="0.85", zorder=0, label="the preset's seed spread")
        ax.legend(loc="lower right", fontsize=8)
    ax.set(title=title, yticks=y, yticklabels=labels)
mode = "full settings: all of WikiText-2" if not args.quick else f"quick settings: {len(c.ids):,} tokens"
fig.suptitle(f"One knob at a time from --preset quality ({mode}, seed 0; the preset: ρ "
             f"{base['in']['wordsim']:.3f}, analogies {base['in']['analogies']:.1%}, {base['seconds']:.0f} s)")
save(fig, args, "16_knobs.png")


def write_table(out: str, text: str) -> None:
    Path(out).mkdir(parents=True, exist_ok=True)
    Path(out, "table.md").write_text(text)
    print(f"[table] {out}/table.md")


write_table(out=f"{args.figures}/16_knobs", text=(
    f"# One knob at a time from `--preset quality` ({mode}, seed 0, written by lessons/13_knobs.py on "
    f"{time.strftime('%Y-%m-%d')}; the training seconds are that run's, on 2 cores)\n\n"
    f"Preset: " + ", ".join(f"{k} {getattr(preset, k)}" for k in PRESETS["quality"])
    + f". Three seeds of the preset span ρ {NOISE_RHO} and {100 * NOISE_ANALOGIES:.1f} analogy points: "
    f"a row closer to the preset than that is not told apart from it.\n\n"
    + table + "\n\n" + "\n".join(f"- {s}" for s in sentences) + "\n"))

# %% [markdown]
# ## 5. What the numbers say

# %%
section("5. What the numbers say")
best = max(results, key=lambda r: r["in"]["analogies"])
cheap = [r for r in results if r["seconds"] <= 1.1 * base["seconds"]]
best_cheap = max(cheap, key=lambda r: r["in"]["analogies"]) if cheap else None
print(f"the largest analogy score: {best['knob']} {best['value']} ({best['in']['analogies']:.1%}, "
      f"{best['seconds'] / base['seconds']:.2f}× the time); "
      + (f"among the rows no slower than the preset: {best_cheap['knob']} {best_cheap['value']} "
         f"({best_cheap['in']['analogies']:.1%}) — "
         + either(best_cheap["in"]["analogies"] - base["in"]["analogies"] > NOISE_ANALOGIES,
                  "a free gain the preset leaves on the table",
                  "none beats the preset by more than the spread: within its time the preset is a local optimum")
         if best_cheap else "no row is as fast as the preset"))
row = {(r["knob"], r["value"]): r for r in results}
k1 = row.get(("negatives k", "1"))
check(args, "the preset's WordSim ρ", base["in"]["wordsim"], full=(0.59, 0.045), quick=(0.25, 0.15))
check(args, "the preset's analogies (%)", 100 * base["in"]["analogies"], full=(15.2, 1.5), quick=(2.8, 2.0),
      fmt="{:.1f}")
if k1 is not None:
    check_range(args, "k = 1 against the preset, analogies (points)",
                100 * (k1["in"]["analogies"] - base["in"]["analogies"]), full=(-10, -2), quick=(-5, 5),
                fmt="{:+.1f}")
check_range(args, "subsampling off: training time / the preset's",
            row[("subsampling t", "none")]["seconds"] / base["seconds"], full=(1.3, 4.0), quick=(0.8, 6.0),
            fmt="{:.2f}")

# %% [markdown]
# ## Exercise
# Read the table: which single knob would you change, starting from the preset, to raise the
# analogy score? Write it as `{config field: value}` in the stub; the checker trains the preset
# with and without your change on a slice of the corpus and tells you whether the score rose.

# %%
exercise("16", "better_analogies()")

# %% [markdown]
# ## Try next
# - Two knobs at once: are their effects additive? (Levy et al. found interactions, e.g. the
#   window's effect depends on the task.)
# - Score the rows with `--vectors sum` (the table's last row) and compare which knobs move it.
# - Lesson 14: the same corpus counted instead of trained — which knobs have a counting analogue?
