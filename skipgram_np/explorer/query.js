// Questions the page answers itself, among its own words ("the page's universe"), with the formulas of
// query.py, baseline.py and epochs.py: on the same 8-bit rows `python -m skipgram_np.query RUN --among N` asks
// the same questions and prints the same numbers (tests/test_explorer.py checks it in Chromium). What query
// answers among all words is embedded instead (facts.js); chance is the control's (chance.js).
//   cosine                        baseline.cosine (embeddings.Embeddings.similarity)
//   neighbors                     embeddings.Embeddings.neighbors (with min_count)
//   rankOf                        baseline.rank
//   analogy, analogyScores        query.Embeddings.analogy (3CosAdd, 3CosMul)
//   answerRank                    epochs.analogy_ranks (one epoch's rank)
//   hash32, PAIRS                 baseline.hash32, baseline.random_pairs
//   baseline, percentile, quantile  baseline.Baseline.of, .percentile, .quantile
//   stableSince, firstAnswered    epochs.stable_since, epochs.first_answered
function dot(u, i, v) { let s = 0; const o = i * D; for (let t = 0; t < D; t++) s += u[o + t] * v[t]; return s; }
function row(u, i) { return u.subarray(i * D, i * D + D); }
function cosine(t, e, a, b) { const u = UNITS(t, e); return dot(u, a, row(u, b)); }
function topK(scores, exclude, k) {                   // the k highest, ties to the lower index: a full sort's first k
  const ids = [], top = [];                            // (kept in order while scanning: k ≪ N, no sort of all N)
  for (let i = 0; i < N; i++) {
    const s = scores[i];
    if ((ids.length >= k && !(s > top[k - 1])) || exclude.has(i)) continue;
    if (ids.length >= k) { ids.pop(); top.pop(); }
    let p = ids.length;
    while (p > 0 && s > top[p - 1]) p--;
    ids.splice(p, 0, i); top.splice(p, 0, s);
  }
  return ids.map(i => [WORDS[i], scores[i], i]);
}
function sims(t, e, i) { const u = UNITS(t, e), v = row(u, i), s = new Float64Array(N); for (let j = 0; j < N; j++) s[j] = dot(u, j, v); return s; }
function neighbors(t, e, i, k, minCount = 1) {     // the k nearest, among the words seen minCount times or more
  const s = sims(t, e, i);
  if (minCount > 1) for (let j = 0; j < N; j++) if (DATA.counts[j] < minCount) s[j] = -Infinity;
  return topK(s, new Set([i]), k).filter(r => r[1] > -Infinity);
}
function rankOf(t, e, a, b) {                          // baseline.rank: 1 + words closer to a than b is
  const s = sims(t, e, a), target = s[b]; let r = 1;
  for (let j = 0; j < N; j++) if (j !== a && j !== b && s[j] > target) r++;
  return r;
}
const AN_CACHE = {key: null, scores: null};            // the last question's scores: its answers and the rank use them both
function analogyScores(t, e, a, b, c, method) {       // A − B + C
  const key = [t, e, a, b, c, method].join(":");
  if (AN_CACHE.key !== key) Object.assign(AN_CACHE, {key, scores: analogyScoresOf(t, e, a, b, c, method)});
  return AN_CACHE.scores;
}
function analogyScoresOf(t, e, a, b, c, method) {
  const u = UNITS(t, e), s = new Float64Array(N);
  if (method === "mul") {                              // 3CosMul (Levy & Goldberg, 2014)
    const va = row(u, a), vb = row(u, b), vc = row(u, c);
    for (let j = 0; j < N; j++) {
      const ca = (1 + dot(u, j, va)) / 2, cb = (1 + dot(u, j, vb)) / 2, cc = (1 + dot(u, j, vc)) / 2;
      s[j] = ca * cc / (cb + 1e-3);
    }
  } else {                                             // 3CosAdd: cos(w, â − b̂ + ĉ)
    const x = new Float64Array(D);
    for (let q = 0; q < D; q++) x[q] = u[a * D + q] - u[b * D + q] + u[c * D + q];
    let n = 0; for (let q = 0; q < D; q++) n += x[q] * x[q];
    n = Math.max(Math.sqrt(n), 1e-12);
    for (let q = 0; q < D; q++) x[q] /= n;
    for (let j = 0; j < N; j++) s[j] = dot(u, j, x);
  }
  return s;
}
function analogy(t, e, a, b, c, k, method) { return topK(analogyScores(t, e, a, b, c, method), new Set([a, b, c]), k); }
function answerRank(t, e, a, b, c, d, method) {        // epochs.analogy_ranks: d among the answers
  const s = analogyScores(t, e, a, b, c, method); let r = 1;
  for (let j = 0; j < N; j++) if (j !== a && j !== b && j !== c && j !== d && s[j] > s[d]) r++;
  return r;
}
// The random-pair baseline: baseline.random_pairs' lowbias32 hash, in 32-bit integer arithmetic.
function hash32(x) {
  x = x >>> 0; x ^= x >>> 16; x = Math.imul(x, 0x7feb352d) >>> 0;
  x ^= x >>> 15; x = Math.imul(x, 0x846ca68b) >>> 0; x ^= x >>> 16; return x >>> 0;
}
const PAIRS = (() => {
  const n = META.baseline.pairs, base = (META.baseline.seed << 20) >>> 0, I = new Int32Array(n), J = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = hash32((base + 2 * k) >>> 0) % N; let j = hash32((base + 2 * k + 1) >>> 0) % N;
    if (j === i) j = (j + 1) % N;
    I[k] = i; J[k] = j;
  }
  return [I, J];
})();
const BASE_CACHE = new Map();
function baseline(t, e) {                              // sorted cosines of the random pairs
  const key = t + ":" + e;
  if (!BASE_CACHE.has(key)) {
    const u = UNITS(t, e), [I, J] = PAIRS, c = new Float64Array(I.length);
    for (let k = 0; k < I.length; k++) { const a = I[k] * D, b = J[k] * D; let s = 0; for (let q = 0; q < D; q++) s += u[a + q] * u[b + q]; c[k] = s; }
    c.sort();
    BASE_CACHE.set(key, c);
  }
  return BASE_CACHE.get(key);
}
function percentile(t, e, c) { const b = baseline(t, e), lo = searchsorted(b, c, false), hi = searchsorted(b, c, true); return 100 * (lo + 0.5 * (hi - lo)) / b.length; }
function quantile(t, e, q) { const b = baseline(t, e), p = q * (b.length - 1), i = Math.floor(p), f = p - i; return i + 1 < b.length ? b[i] + f * (b[i + 1] - b[i]) : b[i]; }
// across the checkpoints (epochs.py)
// epochs.stable_since: the checkpoint since which word i's top 10 (as a set) has not changed; top(e): its ids at epoch e
function stableSince(t, i, minCount = 1, top = e => neighbors(t, e, i, 10, minCount).map(r => r[2])) {
  const live = EPOCHS.filter(e => !isZero(t, e)), tops = live.map(e => new Set(top(e)));
  let since = null;
  for (let n = live.length - 1; n > 0; n--) {
    const x = tops[n], y = tops[n - 1];
    if (x.size !== y.size || [...x].some(v => !y.has(v))) break;
    since = live[n - 1];
  }
  return since;
}
function firstAnswered(ranks) {                        // epochs.first_answered
  let first = null;
  for (let n = ranks.length - 1; n >= 0; n--) { if (ranks[n] !== 1) break; first = EPOCHS[n]; }
  return first;
}
