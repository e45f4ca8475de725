// Skip-gram with negative sampling: the page's one JS twin of model.py. The "One step" view (step.js)
// and the "Toy corpus" view (toy.js) both train with these functions; no other file repeats their maths.
//   sigma, logSigma    model.sigmoid, model.log_sigmoid
//   pairGrads          model.loss_and_grads
//   sgdPair            model.sgd_step
//   adamState          model.AdamState
//   adamPair           model.adam_step, its inner update model.adam_update (dense: every row, lazy: touched rows)
//   initTables         model.init_tables
//   noiseCum, drawFrom negatives.noise_distribution as a running sum, and one draw from it (an inverse CDF,
//                      where negatives.py uses an alias table: the same distribution)
//   mulberry32         the page's small seeded generator
// The formulas work on Float32Array tables of V rows × d, for a batch of one pair (c, o) with negatives
// n_1..n_k (B = 1, so the batch mean is the sum). Every gradient is computed from the old rows before any
// row moves, and a row that appears twice (a negative equal to o, or drawn twice) collects both (np.add.at).
const sigma = x => x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
const logSigma = x => -(Math.max(-x, 0) + Math.log1p(Math.exp(-Math.abs(x))));   // log σ(x), stable
// vectors: a row of a V × d table, dot product, length
function rowOf(W, d, i) { return W.subarray(i * d, i * d + d); }
function dotv(a, b) { let s = 0; for (let t = 0; t < a.length; t++) s += a[t] * b[t]; return s; }
function norm(x) { return Math.sqrt(dotv(x, x)); }
function initTables(V, d, rng) {                      // W_in ~ U(±0.5/d), W_out = 0
  return [new Float32Array(V * d).map(() => (rng() - 0.5) / d), new Float32Array(V * d)];
}
function pairGrads(Win, Wout, d, c, o, negs) {
  const v = rowOf(Win, d, c), u = rowOf(Wout, d, o);
  const sPos = dotv(v, u), sNeg = negs.map(n => dotv(v, rowOf(Wout, d, n)));            // s = v_c·u
  const loss = -(logSigma(sPos) + sNeg.reduce((a, s) => a + logSigma(-s), 0));
  const gPos = sigma(sPos) - 1, gNeg = sNeg.map(sigma);                                  // ∂L/∂s
  const dv = new Float64Array(d);                                                         // ∂L/∂v_c
  for (let t = 0; t < d; t++) { dv[t] = gPos * u[t]; for (let k = 0; k < negs.length; k++) dv[t] += gNeg[k] * Wout[negs[k] * d + t]; }
  const du = new Map();                                                                   // ∂L/∂u, per row
  const add = (row, g) => { if (!du.has(row)) du.set(row, new Float64Array(d)); const x = du.get(row); for (let t = 0; t < d; t++) x[t] += g * v[t]; };
  add(o, gPos); negs.forEach((n, k) => add(n, gNeg[k]));
  return {sPos, sNeg, loss, gPos, gNeg, dv, du};
}
function sgdPair(Win, Wout, d, c, o, negs, lr) {                                          // model.sgd_step
  const g = pairGrads(Win, Wout, d, c, o, negs);
  for (let t = 0; t < d; t++) Win[c * d + t] -= lr * g.dv[t];
  for (const [row, x] of g.du) for (let t = 0; t < d; t++) Wout[row * d + t] -= lr * x[t];
  return g;
}
function adamState(Win, Wout) { return {t: 0, mIn: new Float32Array(Win.length), vIn: new Float32Array(Win.length),
  mOut: new Float32Array(Wout.length), vOut: new Float32Array(Wout.length)}; }
function adamPair(Win, Wout, st, d, c, o, negs, lr, b1 = 0.9, b2 = 0.999, eps = 1e-8, dense = true) {   // model.adam_step
  const g = pairGrads(Win, Wout, d, c, o, negs);
  st.t += 1;
  const bc1 = 1 - Math.pow(b1, st.t), bc2 = Math.sqrt(1 - Math.pow(b2, st.t)), zero = new Float64Array(d);
  const update = (W, m, v, row, grad) => {                                                // model.adam_update
    for (let t = 0; t < d; t++) {
      const i = row * d + t;
      m[i] = b1 * m[i] + (1 - b1) * grad[t];                                              // m ← β1 m + (1 − β1) g
      v[i] = b2 * v[i] + (1 - b2) * grad[t] * grad[t];                                    // v ← β2 v + (1 − β2) g²
      W[i] -= (lr / bc1) * m[i] / (Math.sqrt(v[i]) / bc2 + eps);                          // W ← W − lr/(1−β1^t) · m / (√v/√(1−β2^t) + ε)
    }
  };
  const rowsIn = dense ? Win.length / d : 0, rowsOut = dense ? Wout.length / d : 0;
  if (dense) for (let r = 0; r < rowsIn; r++) update(Win, st.mIn, st.vIn, r, r === c ? g.dv : zero);
  else update(Win, st.mIn, st.vIn, c, g.dv);
  if (dense) for (let r = 0; r < rowsOut; r++) update(Wout, st.mOut, st.vOut, r, g.du.get(r) || zero);
  else for (const [row, x] of g.du) update(Wout, st.mOut, st.vOut, row, x);
  return g;
}
function mulberry32(seed) {                            // a small seeded generator for the page's draws
  let a = seed >>> 0;
  return () => { a = (a + 0x6D2B79F5) >>> 0; let t = a; t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}
function noiseCum(counts, power) {                   // P_n(w) ∝ count(w)^power, as a running sum over the words
  const c = new Float64Array(counts.length); let s = 0;
  for (let i = 0; i < counts.length; i++) { s += Math.pow(counts[i], power); c[i] = s; }
  return c;
}
function drawFrom(cum, u) {                           // the word whose stretch of the running sum holds u ∈ [0, 1)
  return Math.min(cum.length - 1, searchsorted(cum, u * cum[cum.length - 1], true)); }
function searchsorted(a, x, right) {                // numpy.searchsorted on a sorted array (query.js's percentile too)
  let lo = 0, hi = a.length;
  while (lo < hi) { const m = (lo + hi) >> 1; if (right ? a[m] <= x : a[m] < x) lo = m + 1; else hi = m; } return lo; }
