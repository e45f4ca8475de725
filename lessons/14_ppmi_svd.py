# %% [markdown]
# # Lesson 14 — count instead of train: PPMI + SVD, beside SGNS
#
#     #(w, c)       = how often c appears within `window` positions of w (both sides)
#     P(w, c) = #(w, c) / Σ #      P(w) = Σ_c #(w, c) / Σ #      P_α(c) = #(c)^α / Σ_c' #(c')^α
#     PMI_α(w, c)   = log( P(w, c) / (P(w)·P_α(c)) )        α = 0.75: context smoothing
#     PPMI(w, c)    = max(0, PMI_α(w, c))                    (unseen pairs: 0, not −∞)
#     SVD:  PPMI ≈ U_d Σ_d V_dᵀ,   word vectors = U_d Σ_d^0.5     (d = 100)
#
# Words that appear in the same contexts have similar rows of the co-occurrence matrix; PMI says
# how much more often a pair co-occurs than chance, and a truncated SVD squeezes the V-dimensional
# rows into d dimensions. No training loop, no learning rate, no epochs. You will see the counts,
# PMI and PPMI on this corpus, and the SVD's vectors scored next to an SGNS run with the same
# window. (Lesson 15 shows why the two should be related: SGNS's optimum is PMI_α − log k.)

# %%
import time

import numpy as np
import scipy.sparse as sp
from lesson_utils import (check, cooccurrences, either, eval_files, exercise, load_corpus, parse, predict,
                          reveal, section, truncated_svd)

from skipgram_np import evaluate, training
from skipgram_np.config import Config
from skipgram_np.embeddings import Embeddings

args = parse("Lesson 14: PPMI + SVD beside SGNS")
TOKENS, EPOCHS = (500_000, 3) if args.quick else (None, 10)
WINDOW, ALPHA, DIM = 5, 0.75, 100
c = load_corpus(args, max_tokens=TOKENS)
V = len(c.vocab)
files = eval_files(args)
print(f"{len(c.ids):,} tokens, V = {V:,}; window {WINDOW}, α = {ALPHA}, d = {DIM}")


def scores(vectors):
    """WordSim-353 ρ and Google analogy accuracy of a table's rows."""
    emb = Embeddings(c.vocab.words, vectors)
    ws = evaluate.evaluate_similarity(emb, files["similarities"])
    an = evaluate.evaluate_analogies(emb, files["analogies"])
    return dict(rho=ws.spearman, analogies=an.accuracy, coverage=an.coverage, emb=emb)


# %% [markdown]
# ### Predict
# PPMI + SVD counts once and takes one SVD; SGNS trains 10 epochs with the same window. On this
# corpus, which gives the higher WordSim-353 ρ?

# %%
guess = None          # ← your prediction: "a", "b" or "c"
CHOICES = ["PPMI + SVD", "SGNS", "neither: the same within SGNS's seed-to-seed spread"]
predict("ppmi or sgns", "Which scores higher on WordSim-353 here?", guess, choices=CHOICES)

# %% [markdown]
# ## 1. Count co-occurrences
# Every position and every offset 1..window on both sides, over the whole token array (windows
# cross paragraph ends, as the SGNS reference does), into a sparse V × V matrix. `cooccurrences`
# (in lesson_utils.py) encodes each pair as one integer w·V + c, one array per offset j:
#
#     keys = concatenate([ids[:-j]·V + ids[j:],  ids[j:]·V + ids[:-j]]  for j in 1..window)
#     pair_keys, n = np.unique(keys, return_counts=True)        # then #(w, c) = n at (key // V, key % V)

# %%
section("1. Co-occurrence counts")
t0 = time.perf_counter()
C = cooccurrences(c.ids, WINDOW, V)
t_count = time.perf_counter() - t0
print(f"{C.sum():,.0f} pairs, {C.nnz:,} distinct (w, c) ({C.nnz / V**2:.2%} of the V² cells) "
      f"in {t_count:.1f} s")

# %% [markdown]
# ## 2. PMI and PPMI

# %%
section("2. PMI with context smoothing, then PPMI")
t0 = time.perf_counter()
total = C.sum()
p_w = np.asarray(C.sum(axis=1)).ravel() / total                          # (V,)
ctx = np.asarray(C.sum(axis=0)).ravel() ** ALPHA
p_c = ctx / ctx.sum()                                                    # (V,) P_α(c)
coo = C.tocoo()
pmi = np.log(coo.data / total) - np.log(p_w[coo.row]) - np.log(p_c[coo.col])     # seen pairs only


def positive_part(values, shift=0.0):
    """max(0, PMI − shift) as a sparse matrix (entries ≤ 0 dropped)."""
    keep = values - shift > 0
    return sp.csr_matrix(((values - shift)[keep], (coo.row[keep], coo.col[keep])), shape=(V, V))


PPMI = positive_part(pmi)
t_pmi = time.perf_counter() - t0
index = c.vocab.index
for a, b in [("new", "york"), ("prime", "minister"), ("the", "of"), ("king", "queen"), ("war", "album")]:
    if a in index and b in index:
        print(f"PMI_α({a}, {b}) = "
              + (f"{np.log(C[index[a], index[b]] / total) - np.log(p_w[index[a]]) - np.log(p_c[index[b]]):+.2f}"
                 if C[index[a], index[b]] else "−∞ (never within the window)"))
print(f"{PPMI.nnz:,} of {C.nnz:,} seen pairs have PMI > 0 ({PPMI.nnz / C.nnz:.0%})")

# %% [markdown]
# ## 3. Truncated SVD → 100-dimensional word vectors

# %%
section("3. SVD of the PPMI matrix")
t0 = time.perf_counter()
U, S = truncated_svd(PPMI, DIM)
svd_vectors = U * np.sqrt(S)                                             # U_d Σ_d^0.5
t_svd = time.perf_counter() - t0
t_ppmi_total = t_count + t_pmi + t_svd
ppmi = scores(svd_vectors)
print(f"PPMI + SVD: WordSim ρ {ppmi['rho']:.3f}, analogies {ppmi['analogies']:.1%} "
      f"(of the {ppmi['coverage']:.0%} answerable); {t_ppmi_total:.1f} s in all "
      f"(count {t_count:.1f}, PMI {t_pmi:.1f}, SVD {t_svd:.1f})")
for w in ["war", "film", "january", "king"]:
    if w in index:
        print(f"{w:>8}: " + ", ".join(x for x, _ in ppmi["emb"].neighbors(w, 6)))
check(args, "PPMI-SVD WordSim ρ", ppmi["rho"], full=(0.553, 0.02), quick=(0.342, 0.03))
check(args, "PPMI-SVD analogies (%)", 100 * ppmi["analogies"], full=(13.9, 1.0), quick=(7.1, 1.0),
      fmt="{:.1f}")

# %% [markdown]
# ## 4. SGNS with the same window
# The package's default run (Adam, d = 100, k = 5, t = 1e-5) with window 5 instead of 3.

# %%
section("4. SGNS, window 5, the same corpus")
cfg = Config(max_tokens=TOKENS, window=WINDOW, epochs=EPOCHS, checkpoints=(EPOCHS,), seed=0).validate()
t0 = time.perf_counter()
res = training.train(cfg, c, f"{args.runs}/14_sgns_window5", overwrite=True, progress=False,
                     json_words=100, word2vec="none", log=lambda *a: None, control=False)
t_sgns = time.perf_counter() - t0
W_in, W_out = res.checkpoint.W_in, res.checkpoint.W_out
sgns = scores(W_in)
print(f"SGNS ({EPOCHS} epochs, last epoch's loss {res.epochs[-1][1]:.3f}): WordSim ρ {sgns['rho']:.3f}, "
      f"analogies {sgns['analogies']:.1%}; {t_sgns:.1f} s (training and saving)")
NOISE_RHO, NOISE_ANALOGIES = 0.03, 0.01     # SGNS from run to run (5 default runs: ρ 0.51–0.54, 6.3–7.4 %)


def versus(a, b, noise):
    return "matches (within SGNS's own seed-to-seed spread)" if abs(a - b) < noise else either(a > b, "beats", "trails")


winner = (CHOICES[2] if abs(ppmi["rho"] - sgns["rho"]) < NOISE_RHO
          else CHOICES[0] if ppmi["rho"] > sgns["rho"] else CHOICES[1])
reveal("ppmi or sgns", winner)
print(f"on {'this slice' if args.quick else 'this corpus'}, PPMI-SVD {versus(ppmi['rho'], sgns['rho'], NOISE_RHO)} "
      f"SGNS on WordSim ({ppmi['rho']:.3f} vs {sgns['rho']:.3f}) and "
      f"{versus(ppmi['analogies'], sgns['analogies'], NOISE_ANALOGIES)} it on analogies "
      f"({ppmi['analogies']:.1%} vs {sgns['analogies']:.1%}), in {t_ppmi_total:.1f} s against {t_sgns:.1f} s")
check(args, "SGNS window 5 WordSim ρ", sgns["rho"], full=(0.525, 0.04), quick=(0.05, 0.1))

# %% [markdown]
# ## Exercise
# Write `ppmi(C, alpha)` for a small dense count matrix. First, on paper: for a 2 × 2 matrix
# C = [[2, 0], [1, 1]] with α = 1, which cell has PMI > 0, and what is PPMI where C = 0?

# %%
exercise("14", "ppmi(C, alpha)")

# %% [markdown]
# ## Try next
# - Use W = U_d (no Σ) or U_d Σ_d: Levy et al. (2015) found the weighting matters as much as
#   the algorithm.
# - Add the context vectors (V_d Σ_d^0.5) to the word vectors, as `--vectors sum` does for SGNS.
# - Lesson 15: why SGNS should match PMI at all — its optimum, derived, and measured.
