# %% [markdown]
# # Lesson 16 — what each knob does: one change at a time from the quality preset, against the seed noise
#
#     preset = config.PRESETS["quality"], trained for E epochs   (python -m skipgram_np.train --preset quality)
#     band   = [min, max] over seeds 0–4 of the preset            (ρ: WordSim-353 Spearman; acc: Google analogies)
#     row r  = the preset with one knob changed, seed 0:  where ρ_r and acc_r fall against the band,
#              in band widths;   time_r / time_preset
#
# The knobs are the ones Levy, Goldberg & Dagan (2015, "Improving distributional similarity with
# lessons learned from word embeddings") took apart for skip-gram with negative sampling (SGNS):
#
#     window w          contexts within w positions (the preset: 10, shrinking — b ~ U{1..w} per
#                       position, so a word at distance j counts with weight (w − j + 1)/w)
#     subsampling t     keep a token of word w with probability min(1, sqrt(t / f(w)))  (lesson 3;
#                       the preset uses word2vec.c's gentler min(1, (sqrt(f/t) + 1)·t/f))
#     negatives k       k noise words per pair: the optimum is v·u = PMI − log k          (lesson 15)
#     exponent α        P_n(w) ∝ count(w)^α, "context distribution smoothing"           (lesson 7)
#     dimension d, epochs, the optimizer (lesson 11), and which vectors are exported: W_in or W_in + W_out
#
# Two runs of the same settings differ (another seed, two threads updating the tables at once), so a
# row means something only where it leaves the band the preset's own seeds span. The full settings
# train the preset for 3 of its 18 epochs on the whole corpus, so that the sweep's 14 runs fit in a
# few minutes; runs are cached (a second run of the lesson takes seconds). Time is measured as the
# CPU seconds the training takes (all threads), which other programs on the machine do not inflate.

# %%
import hashlib
import json
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
from lesson_utils import (check, check_range, either, eval_files, exercise, load_corpus, parse, plt, predict,
                          reveal, save, section, show_table)

from skipgram_np import subsample
from skipgram_np.config import PRESETS, Config
from skipgram_np.embeddings import unit_rows
from skipgram_np.evaluate import QualityScorer
from skipgram_np.trainer import Trainer

args = parse("Lesson 16: what each knob does, one at a time from the quality preset")
TOKENS, EPOCHS = (150_000, 2) if args.quick else (None, 3)
SEEDS = (0, 1, 2, 3, 4)
preset = replace(Config(**PRESETS["quality"]), max_tokens=TOKENS, epochs=EPOCHS).validate()
c = load_corpus(args, max_tokens=TOKENS)
files = eval_files(args)
scorer = QualityScorer(c.vocab.words, files["analogies"], files["similarities"])
print(f"{len(c.ids):,} tokens, V = {len(c.vocab):,}; the preset: "
      + ", ".join(f"{k} {getattr(preset, k)}" for k in PRESETS["quality"] if k != "epochs")
      + f", {EPOCHS} epochs (of its {PRESETS['quality']['epochs']})")

# %% [markdown]
# ## 1. The preset, five times: the noise band
# `measure(cfg)` trains a configuration (the package's Trainer, as `train` runs it, without the
# checkpoints) and scores its last epoch: W_in, and the normalised sum v̂ + û of W_in and W_out.
# The result is kept in `runs/lessons/16_knobs/` under a digest of the configuration and the corpus.

# %%
CACHE = Path(args.runs) / "16_knobs"


def measure(cfg: Config) -> dict:
    """ρ and analogies of W_in and of v̂ + û, training seconds and pairs per epoch (cached)."""
    key = hashlib.sha256(json.dumps([cfg.to_dict(), c.digest], sort_keys=True).encode()).hexdigest()[:16]
    path = CACHE / f"{key}.json"
    if path.is_file():
        return json.loads(path.read_text())
    trainer = Trainer(cfg, c)
    trainer.compile_kernels()                       # (cached by Numba: not part of the time)
    cpu0 = time.process_time()                      # CPU seconds of all this process's threads
    for _ in range(cfg.epochs):
        _, pairs, _ = trainer.run_epoch()
    result = {"seconds": time.process_time() - cpu0, "pairs_per_epoch": pairs}
    for name, W in (("in", trainer.W_in), ("sum", unit_rows(trainer.W_in) + unit_rows(trainer.W_out))):
        s = scorer.score(W)
        result[name] = {k: s[k] for k in ("wordsim", "analogies")}
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(result))
    return result


t0 = time.perf_counter()
section(f"1. The preset, seeds {SEEDS[0]}–{SEEDS[-1]}")
seeds = [measure(replace(preset, seed=s)) for s in SEEDS]
base = seeds[0]
band = {m: (min(r["in"][m] for r in seeds), max(r["in"][m] for r in seeds)) for m in ("wordsim", "analogies")}
width = {m: max(hi - lo, 1e-3) for m, (lo, hi) in band.items()}
for s, r in zip(SEEDS, seeds):
    print(f"seed {s}: ρ {r['in']['wordsim']:.3f}, analogies {r['in']['analogies']:.1%}; {r['seconds']:.1f} CPU s of "
          f"training, {r['pairs_per_epoch'] / 1e6:.1f} M pairs per epoch")
print(f"the band: ρ {band['wordsim'][0]:.3f}–{band['wordsim'][1]:.3f}, analogies {band['analogies'][0]:.1%}–"
      f"{band['analogies'][1]:.1%}. {len(SEEDS)} seeds can understate the spread (fourteen runs of the full "
      f"18-epoch preset span ρ 0.55–0.61, README): read a row as a change only when it lies a band width or more "
      f"outside")

# %% [markdown]
# ## Exercise — before the sweep
# Which one of four changes lowers WordSim ρ the most: k = 1, window 1, no subsampling, or α = 1
# (negatives by raw frequency)? Write your prediction in the stub and check it now: the checker
# trains them on a slice of the text with its own noise band. Section 3 answers the same question
# on this lesson's corpus.

# %%
exercise("16", "worst_for_wordsim()")

# %% [markdown]
# ### Predict
# Subsampling drops most occurrences of the frequent words (lesson 3). Turn it off: how many times
# the preset's training time will the run take?

# %%
guess = None          # ← your prediction: a ratio, e.g. 1.5
predict("no subsampling time", "Training (CPU) time without subsampling, × the preset's?", guess)

# %% [markdown]
# ## 2. The sweep: one knob at a time
# Each row names the knob, its value, and the claim from the literature it tests, with the way the
# row should move if the claim holds here ("lower" or "higher" scores; for subsampling: more time,
# no better scores).

# %%
section("2. The sweep")
E = preset.epochs
ROWS = [  # (knob, value shown, changes, the claim, the direction the claim predicts)
    ("window", "1", dict(window=1, shrink_window=False),
     "a narrow window sees fewer contexts of each word (Levy et al. 2015)", "lower"),
    ("window", "2 fixed", dict(window=2, shrink_window=False),
     "a narrow window sees fewer contexts of each word (Levy et al. 2015)", "lower"),
    ("subsampling t", "none", dict(subsample=0.0),
     "subsampling frequent words saves time and costs no quality (Mikolov et al. 2013)", "slower_not_better"),
    ("negatives k", "1", dict(negatives=1), "more negative samples help SGNS (Levy et al. 2015)", "lower"),
    ("negatives k", "15", dict(negatives=15), "more negative samples help SGNS (Levy et al. 2015)", "higher"),
    ("exponent α", "1", dict(ns_exponent=1.0),
     "smoothing the noise distribution (α = 0.75) helps (Mikolov et al. 2013; Levy et al. 2015)", "lower"),
    ("dimension d", "50", dict(dim=50), "more dimensions hold more relations, given enough text", "lower"),
    ("epochs", str(max(1, E // 2)), dict(epochs=max(1, E // 2)), "more passes help, above all rare words", "lower"),
    ("optimizer", "sgd (word2vec's)", dict(optimizer="sgd", lr=None, lr_decay=None),
     "Adam learns more per epoch than word2vec's SGD here (lesson 11)", "lower"),
]
results = []
for knob, value, changes, claim, reading in ROWS:
    results.append(dict(knob=knob, value=value, claim=claim, reading=reading, changes=changes,
                        **measure(replace(preset, **changes).validate())))
results.append(dict(knob="vectors", value="W_in + W_out",        # the preset's own run, the other export
                    claim="adding the context vectors helps (Levy et al. 2015, w + c)", reading="higher",
                    changes={}, seconds=base["seconds"], pairs_per_epoch=base["pairs_per_epoch"],
                    **{"in": base["sum"]}))
print(f"{len(SEEDS) + len(results) - 1} runs measured in {time.perf_counter() - t0:.0f} s (cached runs take none)")

# %% [markdown]
# ## 3. The table, and the sentence each row supports

# %%
section("3. One knob at a time, against the band")


def place(value: float, metric: str) -> float:
    """Band widths outside the band (negative: below it); 0 inside."""
    lo, hi = band[metric]
    return (value - hi) / width[metric] if value > hi else (value - lo) / width[metric] if value < lo else 0.0


def move(value: float, metric: str) -> str:
    x = place(value, metric)
    if abs(x) < 0.05:
        return "inside the band" if x == 0 else f"just {either(x > 0, 'above', 'below')} the band"
    return f"{abs(x):.1f} band widths {either(x > 0, 'above', 'below')}"


def verdict(r: dict) -> str:
    """Does the row go the way its claim says, by a band width or more?"""
    x = {m: place(r["in"][m], m) for m in ("wordsim", "analogies")}
    if r["reading"] == "slower_not_better":
        ok = r["seconds"] > 1.2 * base["seconds"] and max(x.values()) < 1
        return either(ok, "supports it", "does not support it here")
    sign = 1 if r["reading"] == "higher" else -1
    agree = [m for m in x if sign * x[m] >= 1]
    disagree = [m for m in x if sign * x[m] <= -1]
    names = {"wordsim": "ρ", "analogies": "analogies"}
    if agree and disagree:
        return f"supports it on {names[agree[0]]} only ({names[disagree[0]]} went the other way)"
    return ("supports it" if agree else "does not support it here" if disagree else
            "cannot tell (within a band width of the seeds' spread)")


lines = ["| knob | value | WordSim ρ | against the band | analogies | against the band | training CPU s | × time |",
         "|---|---|---|---|---|---|---|---|",
         f"| **the preset**, seeds {SEEDS[0]}–{SEEDS[-1]} | window 10 shrinking, t 1e-4 (word2vec's formula), "
         f"k 5, α 0.75, d 100, "
         f"{E} epochs, Adam lr 0.003 decaying, W_in | {band['wordsim'][0]:.3f}–{band['wordsim'][1]:.3f} | the band | "
         f"{band['analogies'][0]:.1%}–{band['analogies'][1]:.1%} | the band | {base['seconds']:.1f} | 1.00 |"]
sentences = []
for r in results:
    s, ratio = r["in"], r["seconds"] / base["seconds"]
    lines.append(f"| {r['knob']} | {r['value']} | {s['wordsim']:.3f} | {move(s['wordsim'], 'wordsim')} | "
                 f"{s['analogies']:.1%} | {move(s['analogies'], 'analogies')} | {r['seconds']:.1f} | {ratio:.2f} |")
    r["sentence"] = (f"{r['knob']} {r['value']}: ρ {move(s['wordsim'], 'wordsim')}, analogies "
                     f"{move(s['analogies'], 'analogies')}, at {ratio:.2f}× the time — “{r['claim']}”: the row "
                     f"{verdict(r)}.")
    sentences.append(r["sentence"])
table = "\n".join(lines)
show_table(table)
print()
print("\n".join(sentences))
row = {(r["knob"], r["value"]): r for r in results}
no_sub = row[("subsampling t", "none")]
reveal("no subsampling time", no_sub["seconds"] / base["seconds"], "{:.2f}")
keep = subsample.keep_prob(c.vocab.counts, preset.subsample, preset.subsample_formula)
dropped = c.vocab.counts * (1 - keep)                        # the tokens subsampling drops, per word
print(f"without subsampling an epoch holds {no_sub['pairs_per_epoch'] / 1e6:.1f} M pairs instead of "
      f"{base['pairs_per_epoch'] / 1e6:.1f} M ({no_sub['pairs_per_epoch'] / base['pairs_per_epoch']:.2f}×), and the "
      f"time follows the pairs; of the tokens subsampling would have dropped, "
      f"{dropped[:100].sum() / dropped.sum():.0%} are occurrences of the 100 most frequent words")
four = {"k = 1": row[("negatives k", "1")], "window 1": row[("window", "1")], "no subsampling": no_sub,
        "α = 1": row[("exponent α", "1")]}
order = sorted(four, key=lambda k: four[k]["in"]["wordsim"])
print(f"the exercise's question on this corpus: {order[0]} lowers ρ most ({four[order[0]]['in']['wordsim']:.3f}, "
      f"{move(four[order[0]]['in']['wordsim'], 'wordsim')}), then " + ", ".join(
          f"{k} {four[k]['in']['wordsim']:.3f}" for k in order[1:]))

pyplot = plt()
labels = [f"{r['knob']} {r['value']}" for r in results]
y = np.arange(len(results))[::-1]
fig, axes = pyplot.subplots(1, 3, figsize=(13, 0.32 * len(results) + 1.8), sharey=True)
for ax, (title, metric, scale) in zip(axes, (("WordSim ρ", "wordsim", 1), ("analogies (%)", "analogies", 100))):
    values = np.array([r["in"][metric] for r in results]) * scale
    lo, hi = (b * scale for b in band[metric])
    colours = ["tab:green" if place(v / scale, metric) >= 1 else "tab:red" if place(v / scale, metric) <= -1
               else "0.6" for v in values]
    ax.scatter(values, y, color=colours, zorder=3)
    ax.axvspan(lo, hi, color="0.85", zorder=0, label=f"the preset, seeds {SEEDS[0]}–{SEEDS[-1]}")
    ax.set(title=title, yticks=y, yticklabels=labels)
    ax.legend(loc="lower right", fontsize=8)
ratios = [r["seconds"] / base["seconds"] for r in results]
axes[2].barh(y, np.array(ratios) - 1, left=1, color="tab:blue")
axes[2].axvline(1, color="k", lw=1)
axes[2].set(title="training CPU time / the preset's")
mode = (f"full settings: all of WikiText-2, {E} epochs" if not args.quick
        else f"quick settings: {len(c.ids):,} tokens, {E} epochs")
fig.suptitle(f"One knob at a time from --preset quality ({mode}; rows seed 0; grey band: seeds {SEEDS[0]}–{SEEDS[-1]})")
save(fig, args, "16_knobs.png")


def write_table(out: str, text: str) -> None:
    Path(out).mkdir(parents=True, exist_ok=True)
    Path(out, "table.md").write_text(text)
    print(f"[table] {out}/table.md")


write_table(out=f"{args.figures}/16_knobs", text=(
    f"# One knob at a time from `--preset quality` ({mode}, written by lessons/16_knobs.py on "
    f"{time.strftime('%Y-%m-%d')}; the training seconds are that run's CPU seconds, 2 threads)\n\n"
    f"The preset's {len(SEEDS)} seeds span ρ {band['wordsim'][0]:.3f}–{band['wordsim'][1]:.3f} and analogies "
    f"{band['analogies'][0]:.1%}–{band['analogies'][1]:.1%}: each row (seed 0) is placed against that band, in "
    f"band widths.\n\n" + table + "\n\n" + "\n".join(f"- {s}" for s in sentences) + "\n"))

# %% [markdown]
# ## 4. What the numbers say

# %%
section("4. What the numbers say")
clear = [r for r in results if max(abs(place(r["in"][m], m)) for m in ("wordsim", "analogies")) >= 1]
up = [r for r in clear if max(place(r["in"][m], m) for m in ("wordsim", "analogies")) >= 1]
print(f"{len(clear)} of {len(results)} rows leave the band by a band width or more on ρ or analogies; "
      + (f"{len(up)} of them upwards: " + ", ".join(f"{r['knob']} {r['value']} ({r['seconds'] / base['seconds']:.1f}× "
                                                     f"the time)" for r in up)
         if up else "none of them upwards: within these epochs no single change beats the preset")
      + f". The other rows lie within a band width of the seeds' spread: {len(SEEDS)} seeds cannot tell them from "
        "the preset.")
check(args, "the preset's WordSim ρ (seed 0)", base["in"]["wordsim"], full=(0.54, 0.05), quick=(0.25, 0.15))
check(args, "the preset's analogies (%) (seed 0)", 100 * base["in"]["analogies"], full=(9.5, 2.0),
      quick=(2.8, 2.0), fmt="{:.1f}")
check_range(args, "window 1 against the band, ρ (band widths)", place(row[("window", "1")]["in"]["wordsim"], "wordsim"),
            full=(-100, -1), quick=(-100, 0), fmt="{:+.1f}")
check_range(args, "subsampling off: training time / the preset's", no_sub["seconds"] / base["seconds"],
            full=(1.3, 4.0), quick=(0.8, 6.0), fmt="{:.2f}")

# %% [markdown]
# ## Try next
# - Two knobs at once: are their effects additive? (Levy et al. found interactions, e.g. the
#   window's effect depends on the task.)
# - Train the full preset (18 epochs): which rows keep their place against its band?
# - Lesson 14: the same corpus counted instead of trained — which knobs have a counting analogue?
