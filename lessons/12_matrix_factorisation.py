# %% [markdown]
# # Lesson 12 — word2vec is matrix factorisation (Levy & Goldberg 2014)
#
# Count instead of train:
#
#     #(w, c)       = how often c appears within `window` positions of w (both sides)
#     P(w, c) = #(w, c) / Σ #      P(w) = Σ_c #(w, c) / Σ #      P_α(c) = #(c)^α / Σ_c' #(c')^α
#     PMI_α(w, c)   = log( P(w, c) / (P(w)·P_α(c)) )        α = 0.75: context smoothing
#     PPMI(w, c)    = max(0, PMI_α(w, c))                    (unseen pairs: 0, not −∞)
#     SVD:  PPMI ≈ U_d Σ_d V_dᵀ,   word vectors = U_d Σ_d^0.5     (d = 100)
#
# Levy & Goldberg showed that skip-gram with k negatives drawn from P_n = P_α is optimal when
#
#     v_c·u_o = PMI_α(c, o) − log k                            ("shifted PMI")
#
# for every pair it sees: SGNS implicitly factorises the PMI matrix shifted by log k, weighted by
# how often each pair occurs. (Lesson 6: σ(v_c·u_o) = P(o|c) / (P(o|c) + k·P_n(o)) at the best
# classifier.) More negatives push every score down by log k; SPPMI_k = max(0, PMI_α − log k)
# is the counting analogue. You will see the counts, PMI and PPMI on this corpus, the SVD's
# vectors scored next to an SGNS run with the same window, the shifted variant, and the SGNS
# run's own dot products against PMI_α − log k.

# %%
import time

import numpy as np
import scipy.sparse as sp
from lesson_utils import (check, check_range, either, eval_files, exercise, load_corpus, parse, plt,
                          save, section)
from scipy.sparse.linalg import svds

from skipgram_np import evaluate, negatives, subsample, train
from skipgram_np.config import Config
from skipgram_np.embeddings import Embeddings

args = parse("Lesson 12: word2vec is matrix factorisation")
TOKENS, EPOCHS = (500_000, 3) if args.quick else (None, 10)
WINDOW, ALPHA, DIM, K = 5, 0.75, 100, 5
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
# ## 1. Count co-occurrences
# Every position and every offset 1..window on both sides, over the whole token array (windows
# cross paragraph ends, as the SGNS reference does), into a sparse V × V matrix.

# %%
section("1. Co-occurrence counts")
t0 = time.perf_counter()
ids = c.ids.astype(np.int64)


def cooccurrences(ids, window):
    """Sparse V × V counts #(w, c) of the pairs within `window` positions."""
    keys = np.concatenate([np.concatenate([ids[:-j] * V + ids[j:], ids[j:] * V + ids[:-j]])
                           for j in range(1, window + 1)])               # w·V + c, one per pair
    pair_keys, n = np.unique(keys, return_counts=True)
    return sp.csr_matrix((n.astype(np.float64), (pair_keys // V, pair_keys % V)), shape=(V, V))


C = cooccurrences(ids, WINDOW)
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


def truncated_svd(M, d):
    """U_d, Σ_d of the d largest singular values. PROPACK (scipy ≥ 1.11) is exact like ARPACK and
    faster here; older scipy versions need SCIPY_USE_PROPACK=1, else ARPACK. One BLAS thread: these
    solvers make many small BLAS calls, which extra threads slow down on a busy machine."""
    from threadpoolctl import threadpool_limits                        # (comes with scikit-learn)
    v0 = np.full(M.shape[0], 1 / np.sqrt(M.shape[0]))                # a fixed start: reproducible
    with threadpool_limits(limits=1, user_api="blas"):
        try:
            U, S, _ = svds(M, k=d, solver="propack", v0=v0)
        except ValueError:
            U, S, _ = svds(M, k=d, v0=v0)
    return U, S


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
res = train.train(cfg, c, f"{args.runs}/12_sgns_window5", overwrite=True, progress=False,
                  json_words=100, word2vec="none", log=lambda *a: None)
t_sgns = time.perf_counter() - t0
W_in, W_out = res.checkpoint.W_in, res.checkpoint.W_out
sgns = scores(W_in)
print(f"SGNS ({EPOCHS} epochs, last epoch's loss {res.epochs[-1][1]:.3f}): WordSim ρ {sgns['rho']:.3f}, "
      f"analogies {sgns['analogies']:.1%}; {t_sgns:.1f} s (training and saving)")
NOISE_RHO, NOISE_ANALOGIES = 0.03, 0.01     # SGNS from run to run (5 default runs: ρ 0.51–0.54, 6.3–7.4 %)


def versus(a, b, noise):
    return "matches (within SGNS's own seed-to-seed spread)" if abs(a - b) < noise else either(a > b, "beats", "trails")


print(f"on {'this slice' if args.quick else 'this corpus'}, PPMI-SVD {versus(ppmi['rho'], sgns['rho'], NOISE_RHO)} "
      f"SGNS on WordSim ({ppmi['rho']:.3f} vs {sgns['rho']:.3f}) and "
      f"{versus(ppmi['analogies'], sgns['analogies'], NOISE_ANALOGIES)} it on analogies "
      f"({ppmi['analogies']:.1%} vs {sgns['analogies']:.1%}), in {t_ppmi_total:.1f} s against {t_sgns:.1f} s")
check(args, "SGNS window 5 WordSim ρ", sgns["rho"], full=(0.525, 0.04), quick=(0.05, 0.1))

# %% [markdown]
# ## 5. Shifted PPMI: what log k does
# SPPMI_k = max(0, PMI_α − log k) keeps only the pairs SGNS would score above 0 (σ > ½).

# %%
section(f"5. Shifted PPMI, k = {K}")
t0 = time.perf_counter()
SPPMI = positive_part(pmi, np.log(K))
U_s, S_s = truncated_svd(SPPMI, DIM)
sppmi = scores(U_s * np.sqrt(S_s))
print(f"shift log {K} = {np.log(K):.2f} keeps {SPPMI.nnz:,} of {PPMI.nnz:,} positive cells; "
      f"WordSim ρ {sppmi['rho']:.3f} (unshifted {ppmi['rho']:.3f}), analogies {sppmi['analogies']:.1%} "
      f"(unshifted {ppmi['analogies']:.1%}); {time.perf_counter() - t0:.1f} s")

# %% [markdown]
# ## 6. SGNS's dot products against PMI_α − log k
# SGNS sees the subsampled text and draws negatives from P_n, so the PMI it should match is
# log(P(c, o) / (P(c)·P_n(o))) − log k, measured on one epoch's subsampled tokens. Compared
# over the pairs seen at least 5 times there (rarer counts make PMI noisy).

# %%
section("6. SGNS's v_c·u_o against PMI − log k")
keep = subsample.keep_prob(c.vocab.counts, cfg.subsample)
kept, _ = subsample.subsample(c.ids, c.line_starts, keep, np.random.default_rng(0))
Cs = cooccurrences(kept.astype(np.int64), WINDOW).tocoo()
p_cs = np.asarray(Cs.tocsr().sum(axis=1)).ravel() / Cs.data.sum()
p_n = negatives.noise_distribution(c.vocab.counts, cfg.ns_exponent)
often = Cs.data >= 5
r, o = Cs.row[often], Cs.col[often]
target = np.log(Cs.data[often] / Cs.data.sum()) - np.log(p_cs[r]) - np.log(p_n[o]) - np.log(K)
dots = np.einsum("nd,nd->n", W_in[r].astype(np.float64), W_out[o].astype(np.float64))
corr = np.corrcoef(target, dots)[0, 1]
slope, intercept = np.polyfit(target, dots, 1)
print(f"{often.sum():,} pairs: correlation {corr:.2f}; v_c·u_o ≈ {slope:.2f}·(PMI − log k) "
      f"{intercept:+.2f}  (the theory: slope 1, intercept 0)")
if sgns["rho"] < 0.2:
    print(f"careful: this SGNS has barely learned (WordSim ρ {sgns['rho']:.3f}). On the loss plateau its "
          f"scores depend mostly on the context word's frequency (lesson 8), and PMI − log k holds that "
          f"too (its − log P_n(o) term): the correlation says little about SGNS factorising PMI. The "
          f"full settings make the real test.")
check_range(args, "correlation of v_c·u_o with PMI − log k", corr, full=(0.7, 1.0), quick=(0.2, 1.0),
            fmt="{:.2f}")
pyplot = plt()
fig, ax = pyplot.subplots(figsize=(5.5, 4.5))
ax.hexbin(target, dots, gridsize=60, bins="log", cmap="Blues", mincnt=1)
lims = [min(target.min(), dots.min()), max(target.max(), dots.max())]
ax.plot(lims, lims, "r--", lw=1, label="v_c·u_o = PMI − log k")
ax.set(xlabel="PMI_α(c, o) − log k  (one epoch's subsampled counts)", ylabel="SGNS v_c·u_o",
       title=f"SGNS dot products against shifted PMI (r = {corr:.2f})")
ax.legend(loc="upper left")
save(fig, args, "12_sgns_vs_pmi.png")

# %% [markdown]
# ## Exercise
# Write `ppmi(C, alpha)` for a small dense count matrix.

# %%
exercise("12", "ppmi(C, alpha)")

# %% [markdown]
# ## Try next
# - Use W = U_d (no Σ) or U_d Σ_d: Levy et al. (2015) found the weighting matters as much as
#   the algorithm.
# - Add the context vectors (V_d Σ_d^0.5) to the word vectors, as `--vectors sum` does for SGNS.
# - Train SGNS with k = 15: do its dot products follow PMI − log 15?
