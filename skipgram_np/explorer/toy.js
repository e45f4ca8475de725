// The "Toy corpus" view: a few sentences trained in the browser with sgns.js (SGD or Adam), one update
// at a time or played at a chosen pace: each update names its pair and negatives, lights the rows it
// touches in both heatmaps and draws each touched word's move on the map (W_in, W_out or both on one
// PCA); the loss against its flat start (k+1)·log 2; each word's nearest words; the presets' analogies.
// Chance is the toy's control (control.py, for the toy): the same toy on its tokens shuffled once, trained beside it
// update for update. A word's nearest word is beyond chance (★) when it is closer than any word of the control gets
// to its nearest at the same update count (the chance level of a maximum: toyChance).
const TOY_PRESETS = {
  royalty: ["the king rules the kingdom", "the queen rules the kingdom", "the king wears a crown", "the queen wears a crown",
    "the prince is the son of the king", "the princess is the daughter of the queen", "the man walks to the market",
    "the woman walks to the market", "the man is strong and tall", "the woman is strong and tall", "a boy plays in the garden",
    "a girl plays in the garden", "the boy is young", "the girl is young"],
  capitals: ["paris is the capital of france", "berlin is the capital of germany", "rome is the capital of italy",
    "madrid is the capital of spain", "people in france speak french", "people in germany speak german",
    "people in italy speak italian", "people in spain speak spanish", "we flew to paris last summer",
    "we flew to berlin last summer", "we flew to rome last summer", "we flew to madrid last summer"],
  own: ["write your own sentences here , one a line", "words that share neighbours end up close"],
};
const toy = {};
function setupToy() {
  const sel = $("toy-preset");
  for (const [k, name] of [["royalty", "royalty and gender"], ["capitals", "countries and capitals"], ["own", "your own"]])
    sel.append(el("option", {value: k, text: name}));
  sel.addEventListener("change", () => { $("toy-text").value = TOY_PRESETS[sel.value].join("\n"); set({toy: sel.value}); toyReset(); });
  $("toy-opt").addEventListener("change", () => { $("toy-lr").value = $("toy-opt").value === "adam" ? "0.01" : "0.2"; toyReset();
    if (toy.ready) clear($("toy-msg")).append(el("div", {class: "small muted", text: `New optimizer: training starts again from the ` +
      `initial tables, with its usual lr (${$("toy-lr").value}).`})); });
  for (const id of ["toy-d", "toy-win", "toy-k", "toy-text", "toy-seed"]) $(id).addEventListener("change", toyReset);   // a fresh start
  $("toy-lr").addEventListener("change", () => {        // a new rate applies from the next update on, as in wevi
    const lr = toyRate();
    if (toy.ready && !toy.broken && lr > 0) { toy.lr = toy.control.lr = lr; toy.gen++; toyAhead(); clear($("toy-msg")); toyDraw(); }
    else toyReset(); });
  $("toy-reset").addEventListener("click", toyReset);
  for (const b of document.querySelectorAll(".toy-run")) b.addEventListener("click", () => toyRun(parseInt(b.dataset.n, 10)));
  $("toy-stop").addEventListener("click", toyStop);
  try { const pace = localStorage.getItem("skipgram_np.pace"); if (pace) $("toy-speed").value = pace; } catch (err) { /* no storage */ }
  $("toy-speed").addEventListener("change", () => { toyNeedLine();
    try { localStorage.setItem("skipgram_np.pace", $("toy-speed").value); } catch (err) { /* no storage */ } });
  $("toy-show").addEventListener("change", toyDraw);
  $("toy-text").value = TOY_PRESETS[TOY_PRESETS[state.toy] ? state.toy : "royalty"].join("\n");
  sel.value = TOY_PRESETS[state.toy] ? state.toy : "royalty";
}
function toyLines() { return $("toy-text").value.toLowerCase().split("\n").map(l => l.match(/[\p{L}\p{N}']+/gu) || []).filter(l => l.length); }
function toyMake(lines, d, win, lr, seed, k, opt) {    // a fresh toy: its words, pairs, noise and initial tables
  const vocab = [...new Set(lines.flat())].sort(), index = new Map(vocab.map((w, i) => [w, i]));
  const counts = new Float64Array(vocab.length); lines.flat().forEach(w => counts[index.get(w)]++);
  const cum = noiseCum(counts, 0.75);
  const pairs = [];                                     // (centre, context) within a sentence and a window
  for (const l of lines) for (let i = 0; i < l.length; i++) for (let j = Math.max(0, i - win); j <= Math.min(l.length - 1, i + win); j++)
    if (j !== i) pairs.push([index.get(l[i]), index.get(l[j])]);
  const rng = mulberry32(seed), V = vocab.length;
  const [Win, Wout] = initTables(V, d, rng);
  return {ready: pairs.length > 0, lines, vocab, index, counts, cum, pairs, order: new Int32Array(pairs.length), left: 0,
          negs: new Array(k).fill(0), rng, d, V, lr, k, opt, Win, Wout, st: adamState(Win, Wout), updates: 0, losses: [],
          axes: null, broken: false, last: null, control: null};
}
const TOY_SHUFFLE = 0x5AFF1E;                           // control.SHUFFLE_SEED: the control's order, drawn apart from the toy's draws
function toyShuffled(lines, seed) {                     // control.shuffled: the tokens in a seeded order, every line keeping its length
  const flat = lines.flat(), rng = mulberry32((seed ^ TOY_SHUFFLE) >>> 0);
  for (let i = flat.length - 1; i > 0; i--) { const j = Math.floor(rng() * (i + 1)); [flat[i], flat[j]] = [flat[j], flat[i]]; }
  let at = 0;
  return lines.map(l => flat.slice(at, at += l.length));
}
// A toy and its control: the control is toyMake on the same tokens shuffled (every word keeps its count, so the
// vocabulary, P_n and the number of pairs are the toy's), with the same d, window, lr, k, optimizer and seed (so
// before any update its tables are the toy's).
function toyPair(lines, d, win, lr, seed, k, opt) {
  const T = toyMake(lines, d, win, lr, seed, k, opt);
  T.control = toyMake(toyShuffled(lines, seed), d, win, lr, seed, k, opt);
  return T;
}
function toyReset() {
  const lines = toyLines(), vocab = new Set(lines.flat());
  const d = parseInt($("toy-d").value, 10), win = parseInt($("toy-win").value, 10), lr = toyRate();
  const seed = parseInt($("toy-seed").value, 10) || 0, box = clear($("toy-msg"));
  const pairCount = lines.reduce((n, l) => n + l.length * Math.min(2 * win, l.length - 1), 0);   // an upper bound is enough here
  const problem = vocab.size < 3 ? "Give at least three different words." :
    !(lr > 0) ? "Give a learning rate: a number above 0 (e.g. 0.01 for Adam, 0.2 for SGD)." :
    pairCount === 0 ? "Every line has a single word: a pair needs two words on one line." : "";
  toy.gen = (toy.gen || 0) + 1;                         // a run ahead of an older toy stops
  if (problem) {                                        // nothing from a previous corpus or rate stays on screen
    box.append(el("div", {class: "msg", text: problem}));
    toy.ready = false; toy.need = null; toyBlank("Not trained: fix the corpus or the learning rate, then run some updates.");
    return; }
  Object.assign(toy, toyPair(lines, d, win, lr, seed, parseInt($("toy-k").value, 10), $("toy-opt").value));
  toyStop();
  toyAhead();
  toyDraw();
}
// How many updates the toy's neighbours need: a copy of this toy and of its control (the same corpus, settings and
// seed) run ahead in the background until a quarter of its words have a nearest word beyond chance (★, toyStarred),
// looked at every TOY_CHECK updates (so the answer does not depend on the machine's speed). It starts once the tab's
// first frame is painted, and works in slices of about TOY_SLICE ms, so that a click never waits long for it.
const TOY_AHEAD = 20000, TOY_CHECK = 50, TOY_SLICE = 10;   // at most this many updates ahead; updates a look; ms a slice
function toyStarred(T) {                               // how many of a toy's words have their nearest beyond chance
  const top = Math.max(...toyNearestCos(T.control)), near = toyNearestCos(T);
  let n = 0; for (const s of near) if (s > top) n++;
  return n; }
function toyAhead() {
  const T = toyPair(toyLines(), toy.d, win0(), toy.lr, parseInt($("toy-seed").value, 10) || 0, toy.k, toy.opt), gen = toy.gen;
  toy.need = {at: 0};
  const slice = () => {
    if (toy.gen !== gen || !T.ready) return;            // the toy was reset meanwhile: this copy is of another toy
    const t0 = performance.now();
    let found = false, over = false;
    do {
      for (let u = 0; u < TOY_CHECK && toyStep(T); u++) ;
      found = toyStarred(T) >= Math.ceil(T.V / 4);
      over = T.broken || T.updates >= TOY_AHEAD;
    } while (!found && !over && performance.now() - t0 < TOY_SLICE);
    toy.need = found ? {updates: T.updates} : over ? {updates: Infinity, tried: T.updates} : {at: T.updates};
    toyNeedLine();
    if (toy.need.at !== undefined) setTimeout(slice, 0);
  };
  requestAnimationFrame(() => setTimeout(slice, 0));   // after the frame that shows the tab (a frame's callbacks run before its paint)
}
function win0() { return parseInt($("toy-win").value, 10); }
function toyNeedLine() {                               // what the run ahead found, and the fast-forward to it
  const box = clear($("toy-need")), n = toy.need;
  if (!n || !toy.ready) return;
  if (n.at !== undefined) { box.append(`Running a copy of this toy and of its control ahead to see when its neighbours stand beyond chance… ` +
    `(update ${nice(n.at)})`); return; }
  if (n.updates === Infinity) { box.append(`A copy of this toy run ${nice(n.tried)} updates ahead, beside its control, still had fewer than a ` +
    `quarter of its words with a nearest word beyond chance: try another learning rate, d or window.`); return; }
  const pace = parseFloat($("toy-speed").value), secs = n.updates / pace;
  box.append(`With these settings a quarter of the words (${Math.ceil(toy.V / 4)} of ${toy.V}) have their nearest word beyond chance (★: closer ` +
    `than any word of the control gets to its nearest) from update ${nice(n.updates)} on (a copy of this toy and of its control, run ahead)` +
    (Number.isFinite(pace) ? `: at ${pace} a second that is ${secs >= 90 ? `${(secs / 60).toFixed(0)} minutes` : `${secs.toFixed(0)} s`}. ` : ". "));
  if (toy.updates < n.updates) box.append(el("button", {id: "toy-ff", text: `⏩ fast-forward to update ${nice(n.updates)}`,
    onclick: () => toyRun(n.updates - toy.updates, true)}));
  else box.append("This toy is there.");
}
function toyBlank(status) {                             // no numbers of tables that are not usable stay on screen
  $("toy-status").textContent = status;
  for (const id of ["toy-map", "toy-win-heat", "toy-wout-heat"]) { const cv = $(id); if (!cv) continue;
    const ctx = cv.getContext("2d"); ctx.setTransform(1, 0, 0, 1, 0, 0); ctx.clearRect(0, 0, cv.width, cv.height);
    if (toy.broken) { const dpr = window.devicePixelRatio || 1; ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.fillStyle = "#5b6474"; ctx.font = "13px system-ui, sans-serif"; ctx.fillText("No numbers to draw: the tables overflowed.", 12, 24); } }
  for (const id of ["toy-nb", "toy-update", "toy-analogies", "toy-need"]) clear($(id));
  if (toy.broken) for (const id of ["toy-nb", "toy-analogies"])   // say why the panel is empty
    $(id).append(el("p", {class: "muted", text: "No numbers to show: the tables overflowed. Lower lr and press Reset."}));
  if (!toy.ready) { const cv = $("toy-loss"); cv.getContext("2d").clearRect(0, 0, cv.width, cv.height); }
  else drawToyLoss();                                   // the curve up to an overflow stays: it is the picture to see
}
function toyRate() {                                   // the lr field as a number, NaN unless it is one ("0.5.5" is not)
  const text = $("toy-lr").value.trim();
  return text && Number.isFinite(Number(text)) ? Number(text) : NaN;
}
function toyStep(T = toy) {                             // one update of the toy and one of its control: false once the toy overflowed
  const ok = toyUpdate(T);
  if (T.control) toyUpdate(T.control);
  return ok;
}
function toyUpdate(T) {                                 // one update (sgns.js); the toy on screen remembers it with the rows it touched
  const order = T.order;
  if (!T.left) { for (let i = 0; i < order.length; i++) order[i] = i;                 // a fresh shuffled pass, taken from its end
    for (let i = order.length - 1; i > 0; i--) { const j = Math.floor(T.rng() * (i + 1)), x = order[i]; order[i] = order[j]; order[j] = x; }
    T.left = order.length; }
  const [c, o] = T.pairs[order[--T.left]], negs = T.negs, shown = T === toy;
  for (let n = 0; n < T.k; n++) negs[n] = drawFrom(T.cum, T.rng());
  const before = shown ? {in: T.Win.slice(c * T.d, c * T.d + T.d), out: [o, ...negs].map(r => [r, T.Wout.slice(r * T.d, r * T.d + T.d)])} : null;
  const g = T.opt === "adam" ? adamPair(T.Win, T.Wout, T.st, T.d, c, o, negs, T.lr) : sgdPair(T.Win, T.Wout, T.d, c, o, negs, T.lr);
  T.updates++;
  if (shown) { T.losses.push(g.loss); T.last = {c, o, negs: negs.slice(), before, loss: g.loss, sPos: g.sPos}; }
  if (!Number.isFinite(g.loss)) T.broken = true;
  return !T.broken;
}
function toyRun(n, fast = false) {                      // fast: as many updates as fit a frame (~12 ms), frame after frame
  if (!toy.ready) toyReset();
  if (!toy.ready || toy.broken) return;                 // overflowed: only Reset (or a new rate) helps
  const rate = fast ? Infinity : parseFloat($("toy-speed").value);   // updates per second; Infinity: all at once
  if (n === 1 || (!Number.isFinite(rate) && n <= 500)) {
    toyStop();
    const t0 = performance.now();
    for (let u = 0; u < n && toyStep(); u++) ;
    toy.ms = performance.now() - t0;
    return toyShow();
  }
  toy.ms = undefined;                                    // a paced run's time is the pace's, not the computation's
  toy.playing = {left: (toy.playing ? toy.playing.left : 0) + n, rate, t: performance.now(), done: 0};
  $("toy-stop").disabled = false;
  const frame = now => {                                 // as many updates as the pace allows since the last frame
    const p = toy.playing; if (!p) return;
    const due = Math.max(1, Math.floor((now - p.t) / 1000 * p.rate) - p.done), t0 = performance.now();
    for (let u = 0; u < Math.min(due, p.left) && (u % 50 || performance.now() - t0 < 12) && toyStep(); u++) { p.left--; p.done++; }
    toyShow();
    if (p.left > 0 && !toy.broken && toy.playing === p) requestAnimationFrame(frame); else toyStop();
  };
  requestAnimationFrame(frame);
}
function toyStop() { toy.playing = null; const b = $("toy-stop"); if (b) b.disabled = true; }
function toyShow() {
  if (!toy.broken) return toyDraw();
  toyStop();
  clear($("toy-msg")).append(el("div", {class: "msg", text: `The numbers overflowed at update ${nice(toy.updates)} ` +
    `(the loss is no longer a number): lr = ${toy.lr} is far too large for ${toy.opt === "adam" ? "Adam" : "SGD"} here. ` +
    `Lower it and press Reset. The loss curve shows the updates before it.`}));
  toyBlank(`Stopped at update ${nice(toy.updates)}: overflow.`);
}
function toyUnit(W = toy.Win, T = toy) { const {V, d} = T, u = new Float64Array(V * d);
  for (let i = 0; i < V; i++) { let s = 0; for (let t = 0; t < d; t++) s += W[i * d + t] ** 2; s = Math.sqrt(s) || 1; for (let t = 0; t < d; t++) u[i * d + t] = W[i * d + t] / s; }
  return u; }
// Each word's nearest cosine among a toy's W_in rows: toyNearest's first cosine (the same sums in the same order).
function toyNearestCos(T = toy, u = toyUnit(T.Win, T)) { const {V, d} = T, near = new Float64Array(V);
  for (let i = 0; i < V; i++) { let best = -Infinity;
    for (let j = 0; j < V; j++) if (j !== i) { let s = 0; for (let t = 0; t < d; t++) s += u[i * d + t] * u[j * d + t]; if (s > best) best = s; }
    near[i] = best; }
  return near; }
// The chance level of a nearest word in the toy: its control's words' nearest cosines at the same update count, their
// median and their largest (`top`, and the control's pair that reaches it). A toy word whose nearest cosine is above
// `top` is closer to it than any word of the control gets to its nearest. Before any update the control is the toy.
function toyChance(T = toy) {
  const C = T.control, near = toyNearestCos(C), sorted = Float64Array.from(near).sort();
  let at = 0; for (let i = 1; i < C.V; i++) if (near[i] > near[at]) at = i;
  return {top: near[at], median: sorted[Math.floor(C.V / 2)], word: C.vocab[at], to: toyNearest(at, 1, C)[0][0],
          updates: C.updates, broken: C.broken};
}
function toyNearest(i, n = 2, T = toy, u = toyUnit(T.Win, T)) { const {V, d} = T, out = [];
  for (let j = 0; j < V; j++) if (j !== i) { let s = 0; for (let t = 0; t < d; t++) s += u[i * d + t] * u[j * d + t]; out.push([T.vocab[j], s]); }
  return out.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n); }
function toyAnalogy(a, b, c, T = toy) {                // embeddings.Embeddings.analogy (3CosAdd) on a toy's W_in
  const {V, d} = T, u = toyUnit(T.Win, T), [ia, ib, ic] = [a, b, c].map(w => T.index.get(w)), x = new Float64Array(d);
  for (let t = 0; t < d; t++) x[t] = u[ia * d + t] - u[ib * d + t] + u[ic * d + t];
  const scores = [];
  for (let j = 0; j < V; j++) if (![ia, ib, ic].includes(j)) { let s = 0; for (let t = 0; t < d; t++) s += u[j * d + t] * x[t]; scores.push([T.vocab[j], s / (norm(x) || 1)]); }
  return scores.sort((p, q) => q[1] - p[1]);
}
const TOY_ANALOGIES = {royalty: [["king", "man", "woman", "queen"], ["prince", "boy", "girl", "princess"], ["son", "king", "queen", "daughter"]],
  capitals: [["paris", "france", "germany", "berlin"], ["rome", "italy", "spain", "madrid"], ["french", "france", "italy", "italian"]]};
function toyAxes(rows) {                               // the top two principal directions of the rows drawn
  const {d} = toy, n = rows.length / d, mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean[t] += rows[i * d + t] / n;
  const C = new Float64Array(d * d);
  for (let i = 0; i < n; i++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) C[a * d + b] += (rows[i * d + a] - mean[a]) * (rows[i * d + b] - mean[b]);
  const axes = [], y = new Float64Array(d);
  for (let p = 0; p < Math.min(2, d); p++) {           // power iteration, deflating the first (in place: no array an iteration)
    const prev = toy.axes && toy.axes[p].length === d ? toy.axes[p] : null, x = new Float64Array(d);
    for (let t = 0; t < d; t++) x[t] = (prev ? prev[t] : 1) + 1e-3 * (t + 1);
    for (let it = 0; it < 100; it++) {
      y.fill(0);
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) y[a] += C[a * d + b] * x[b];
      for (const q of axes) { const pr = dotv(y, q); for (let t = 0; t < d; t++) y[t] -= pr * q[t]; }
      const m = norm(y); if (!m) break;
      let moved = 0; for (let t = 0; t < d; t++) { const v = y[t] / m; moved = Math.max(moved, Math.abs(v - x[t])); x[t] = v; }
      if (moved < 1e-12) break;                         // converged
    }
    if (prev && dotv(x, prev) < 0) for (let t = 0; t < d; t++) x[t] = -x[t];   // no flips from frame to frame
    axes.push(x);
  }
  toy.axes = axes;
  return {axes, mean};
}
function toyMap() {                                    // W_in, W_out or both on one PCA; the last update's moves as arrows
  const cv = $("toy-map"), dpr = window.devicePixelRatio || 1, show = $("toy-show").value, {V, d} = toy;
  const [w, h] = sizeOf(cv);
  if (!w) return;
  const ctx = toyCanvas(cv, w, h, dpr);
  const tables = show === "both" ? [["in", toy.Win], ["out", toy.Wout]] : [[show, show === "out" ? toy.Wout : toy.Win]];
  const rows = new Float64Array(tables.length * V * d); tables.forEach(([, W], k) => rows.set(W, k * V * d));
  const {axes, mean} = toyAxes(rows), P = v => axes.map(a => { let s = 0; for (let t = 0; t < d; t++) s += (v[t] - mean[t]) * a[t]; return s; });
  const pts = tables.flatMap(([t, W]) => toy.vocab.map((word, i) => ({t, i, word, p: P(W.subarray(i * d, i * d + d))})));
  const moves = [];                                    // the words the last update touched: where they were
  if (toy.last) {
    if (show !== "out") moves.push({t: "in", i: toy.last.c, from: P(toy.last.before.in)});
    if (show !== "in") for (const [r, v] of toy.last.before.out) moves.push({t: "out", i: r, from: P(v)});
  }
  const all = pts.map(q => q.p).concat(moves.map(m => m.from));
  const xs = all.map(p => p[0]), ys = all.map(p => p[1] || 0), pad = 30;
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  const s = Math.min((w - 2 * pad - 60) / Math.max(x1 - x0, 1e-9), (h - 2 * pad) / Math.max(y1 - y0, 1e-9));   // the canvas, one scale
  const X = x => pad + (x - x0) * s, Y = y => h - pad - ((y || 0) - y0) * s;
  ctx.font = "12px system-ui, sans-serif";
  for (const m of moves) {                             // arrows: before → after, for each touched row
    const q = pts.find(r => r.t === m.t && r.i === m.i); if (!q) continue;
    ctx.strokeStyle = m.t === "in" ? "#3558d6" : m.i === toy.last.o ? "#1f8a4c" : "#c53030"; ctx.lineWidth = 1.5;
    ctx.beginPath(); ctx.moveTo(X(m.from[0]), Y(m.from[1])); ctx.lineTo(X(q.p[0]), Y(q.p[1])); ctx.stroke();
  }
  ctx.lineWidth = 1;
  for (const q of pts) { ctx.fillStyle = q.t === "in" ? "#3558d6" : "#d97706"; ctx.beginPath();
    if (q.t === "in") ctx.arc(X(q.p[0]), Y(q.p[1]), 3, 0, 6.283); else ctx.rect(X(q.p[0]) - 3, Y(q.p[1]) - 3, 6, 6); ctx.fill(); }
  const placed = [];                                   // labels where they fit, never over another; the rest left out
  toy.placed = placed;
  const touched = new Set(moves.map(m => m.t + m.i));
  const order = [...pts].sort((a, b) => touched.has(b.t + b.i) - touched.has(a.t + a.i));
  for (const q of order) {
    const text = show === "both" ? `${q.word}${q.t === "in" ? "" : "′"}` : q.word, tw = ctx.measureText(text).width, px = X(q.p[0]), py = Y(q.p[1]);
    const spot = [[5, -4], [5, 13], [-tw - 5, -4], [-tw - 5, 13], [5, -16], [-tw / 2, 18]].map(([dx, dy]) => [px + dx, py + dy - 10, px + dx + tw, py + dy + 2])
      .find(b => b[0] >= 0 && b[2] <= w && b[1] >= 0 && b[3] <= h && !placed.some(r => b[0] < r[2] + 2 && r[0] < b[2] + 2 && b[1] < r[3] + 1 && r[1] < b[3] + 1));
    if (!spot) continue;
    placed.push(spot);
    ctx.fillStyle = touched.has(q.t + q.i) ? "#1d2330" : "#5b6474"; ctx.fillText(text, spot[0], spot[3] - 2);
  }
  ctx.fillStyle = "#5b6474"; ctx.font = "11px system-ui, sans-serif";
  ctx.fillText(show === "both" ? "● W_in (v) · ■ W_out (u, word′)" : show === "out" ? "■ W_out rows" : "● W_in rows", 8, 14);
}
function drawToyLoss() {                               // the running mean of the loss, against its flat start (k+1)·log 2
  const lc = $("toy-loss"), L = toy.losses.filter(Number.isFinite), flat = (toy.k + 1) * Math.LN2;
  if (!sizeOf(lc)[0]) return;
  if (!L.length) { const dpr = window.devicePixelRatio || 1, ctx = lc.getContext("2d"); lc.width = sizeOf(lc)[0] * dpr; lc.height = sizeOf(lc)[1] * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0); ctx.fillStyle = "#5b6474"; ctx.font = "13px system-ui, sans-serif"; ctx.fillText("Run some updates (+1 … +500).", 12, 24); }
  else {
    const step = Math.max(1, Math.floor(L.length / 200)), ys = [];   // about 200 points, each the mean of the last 50 losses
    for (let i = 0; i < L.length; i++) if (i % step === 0 || i === L.length - 1) {
      let sum = 0; for (let j = Math.max(0, i - 49); j <= i; j++) sum += L[j];
      ys.push(sum / (i - Math.max(0, i - 49) + 1)); }
    const lo = Math.min(...ys, flat), hi = Math.max(...ys, flat);
    const {ctx, X, Y, w, R} = drawChartFrame(lc, Math.max(0, lo - 0.1), hi + 0.1, ys.map((_, i) => i === 0 ? "1" : i === ys.length - 1 ? String(L.length) : ""), "update");
    ctx.strokeStyle = "#8a94a6"; ctx.setLineDash([4, 3]); ctx.beginPath(); ctx.moveTo(44, Y(flat)); ctx.lineTo(w - R, Y(flat)); ctx.stroke(); ctx.setLineDash([]);
    ctx.fillStyle = "#5b6474"; ctx.fillText(`(k+1)·log 2 = ${flat.toFixed(3)}`, w - R - 120, Y(flat) - 4);
    ctx.strokeStyle = "#d62728"; ctx.lineWidth = 2; ctx.beginPath(); ys.forEach((y, i) => i ? ctx.lineTo(X(i), Y(y)) : ctx.moveTo(X(i), Y(y))); ctx.stroke(); ctx.lineWidth = 1;
    if (ys.length === 1) { ctx.fillStyle = "#d62728"; ctx.beginPath(); ctx.arc(X(0), Y(ys[0]), 3, 0, 2 * Math.PI); ctx.fill(); }   // one update: a dot
  }
  const early = toy.losses.slice(0, 10), flatNow = early.length && early.every(x => Math.abs(x - flat) < 0.02);
  $("toy-loss-note").textContent = `Dashed: (k+1)·log 2 = ${toy.k + 1} × 0.693 = ${flat.toFixed(3)}, the loss of one pair when every score s = v·u is 0: ` +
    `σ(0) = ½ for the true word and for each of the k = ${toy.k} negatives. W_out starts at zero, so every s is 0 until its rows have moved, and ` +
    `∂L/∂v_c = Σ g·u is 0 too: the first updates only move W_out` + (flatNow ? `, which is why ${early.length === 1 ? "the first loss sits" : `the first ${early.length} losses sit`} at ${flat.toFixed(3)}.` : ".");
}
function toyDraw() {
  if (!toy.vocab) return;
  const L = toy.losses, recent = L.slice(-50), avg = recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : NaN;
  $("toy-status").textContent = `${nice(toy.updates)} update${toy.updates === 1 ? "" : "s"} · ${toy.V} words · ${toy.pairs.length} pairs · ${toy.opt === "adam" ? "Adam" : "SGD"}, lr ${toy.lr}` +
    (recent.length ? ` · loss ${big(avg)} (last ${recent.length})` : "") + (toy.ms !== undefined ? ` · ${toy.ms.toFixed(0)} ms` : "");
  const flat = (toy.k + 1) * Math.LN2, rising = recent.length >= 10 && avg > 3 * flat;   // far above where it started: diverging
  const warn = $("toy-diverging");
  if (rising && !warn) $("toy-msg").append(el("div", {class: "msg", id: "toy-diverging", text: `The loss is growing (its last ${recent.length} ` +
    `average ${big(avg)}, against ${flat.toFixed(3)} at the start): lr = ${toy.lr} is too large; the numbers will overflow. Lower it and press Reset.`}));
  else if (!rising && warn) warn.remove();
  const l = toy.last;
  clear($("toy-update")).append(l ? `Update ${nice(toy.updates)}: the pair (${toy.vocab[l.c]}, ${toy.vocab[l.o]}) with negatives ` +
    `${l.negs.map(n => toy.vocab[n]).join(", ")}; s_pos was ${(l.sPos < 0 ? "" : "+") + big(l.sPos)}, loss ${big(l.loss)}. Lit: the rows it changed — ` +
    `${toy.vocab[l.c]} in W_in (blue), ${toy.vocab[l.o]} (green) and the negatives (red) in W_out; the map draws each one's move.` +
    (l.negs.includes(l.o) ? ` One negative is “${toy.vocab[l.o]}” itself: the noise may draw the true context word, and word2vec keeps such a draw.` : "") : "");
  toyMap(); drawToyLoss(); toyNeedLine();
  heatmap($("toy-win-heat"), toy.Win, l ? new Map([[l.c, "#3558d6"]]) : new Map());
  heatmap($("toy-wout-heat"), toy.Wout, l ? new Map([...l.negs.map(n => [n, "#c53030"]), [l.o, "#1f8a4c"]]) : new Map());
  toyNeighbours(); toyAnalogies();
}
function toyNeighbours() {                             // each word's two nearest, ★ beyond the control's largest nearest cosine
  const ch = toyChance(), unit = toyUnit(), top = ch.top.toFixed(3), C = toy.control;
  const nb = el("div", {class: "nbgrid", id: "toy-nb-table", style: "grid-template-columns: repeat(auto-fill, minmax(min(280px, 100%), 1fr))"},
    el("div", {class: "muted", id: "toy-nb-control", style: "grid-column: 1 / -1"}, el("i", {text: "the control"}),   // a line of its own
      ch.broken ? " → overflowed" : ` → its words' nearest at most ${top} (${ch.word} → ${ch.to})`));   // rows of 3-decimal cosines, unbroken
  let starred = 0;
  toy.vocab.forEach((w, i) => { const near = toyNearest(i, 2, toy, unit), row = el("div", {}, el("b", {text: w}), " → ",
    ...near.flatMap(([x, s], r) => [r ? ", " : "", s > ch.top ? el("b", {class: "beyond", text: `${x} ${s.toFixed(3)} ★`}) : `${x} ${s.toFixed(3)}`]));
    if (near[0][1] > ch.top) { row.classList.add("starred"); starred++; }
    nb.append(row); });
  const rule = "★ beyond chance: closer than any word of the control — the same toy on its words shuffled — gets to its nearest. ";
  const said = ch.broken ? `The control overflowed at update ${nice(ch.updates)} (lr ${C.lr} is too large for its shuffled pairs): there is no ` +
      `chance level to compare with, so no ★.` :
    !toy.updates ? `Before any update the control is this toy (the same seed, so the same tables): its words' nearest cosine is ` +
      `${ch.median.toFixed(3)} in the median and at most ${top} (${ch.word} → ${ch.to}), this toy's own largest, so ` +
      `${starred ? `${starred} of the ${toy.V} words are` : "none of the words is"} above it. These rows are untrained.` :
    `After the same ${nice(ch.updates)} update${ch.updates === 1 ? "" : "s"} the control's words have their nearest at cosine ` +
      `${ch.median.toFixed(3)} in the median and at most ${top} (${ch.word} → ${ch.to}); ${starred} of this toy's ${toy.V} words ` +
      `have their nearest above ${top} (★).`;
  clear($("toy-nb")).append(el("p", {class: "small muted", id: "toy-nb-chance"}, rule + said), nb);
}
function toyAnalogies() {                              // the preset's questions, each with its rank in the control
  const box = clear($("toy-analogies")), preset = $("toy-preset").value;
  for (const [a, b, c, want] of (TOY_ANALOGIES[preset] || []).filter(q => q.every(w => toy.index.has(w)))) {
    const answers = toyAnalogy(a, b, c), rank = answers.findIndex(([w]) => w === want) + 1;
    const inControl = toy.control.broken ? "overflowed" : `no. ${toyAnalogy(a, b, c, toy.control).findIndex(([w]) => w === want) + 1}`;
    box.append(el("div", {}, el("b", {text: `${a} − ${b} + ${c}`}), ` → ${answers.slice(0, 3).map(([w, s]) => `${w} ${s.toFixed(2)}`).join(", ")}; ` +
      `“${want}” ranks no. ${rank} of ${answers.length} (the control: ${inControl})`));
  }
  if (box.childNodes.length) box.append(el("p", {class: "small muted", id: "toy-an-chance", text: `In brackets, the same question asked of ` +
    `the control (the same toy on its words shuffled, after the same ${nice(toy.control.updates)} updates). Chance puts the answer first ` +
    `one time in ${Math.max(0, toy.V - 3)} (any of the ${toy.V - 3} candidates is as likely): one question answered is no proof; all of them, ` +
    `over many updates, is.` + (toy.updates ? "" : " These rows are untrained: the control is this toy.")}));
  if (!box.childNodes.length) box.append("Your own corpus: no analogy questions to ask it.");
}
// A canvas cleared for drawing at w × h CSS pixels: its bitmap resized only when the size changed (resizing one
// allocates it anew, several ms a frame on a phone's 2× screen), its state reset either way.
function toyCanvas(cv, w, h, dpr) {
  if (cv.width !== Math.floor(w * dpr) || cv.height !== Math.floor(h * dpr)) { cv.width = w * dpr; cv.height = h * dpr; }
  const ctx = cv.getContext("2d");
  ctx.reset ? ctx.reset() : (ctx.setTransform(1, 0, 0, 1, 0, 0), ctx.clearRect(0, 0, cv.width, cv.height));
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}
function heatmap(cv, W, lit = new Map()) {            // rows = words, columns = dimensions; blue < 0 < red; lit rows outlined
  const {V, d} = toy, cw = sizeOf(cv)[0], lab = 78, cell = Math.max(6, Math.min(22, (cw - lab) / d)), dpr = window.devicePixelRatio || 1;
  if (cv.style.height !== (V * 14 + 8) + "px") cv.style.height = (V * 14 + 8) + "px";
  const ctx = toyCanvas(cv, cw, V * 14 + 8, dpr);
  let m = 0; for (const x of W) m = Math.max(m, Math.abs(x));
  const allZero = m === 0; if (allZero) m = 1;
  ctx.font = "11px system-ui, sans-serif";
  for (let i = 0; i < V; i++) {
    ctx.fillStyle = lit.has(i) ? lit.get(i) : "#1d2330"; ctx.fillText(toy.vocab[i], 0, i * 14 + 12);
    for (let t = 0; t < d; t++) { const x = W[i * d + t] / m, a = Math.round(255 * (1 - Math.abs(x)));
      ctx.fillStyle = x >= 0 ? `rgb(255,${a},${a})` : `rgb(${a},${a},255)`; ctx.fillRect(lab + t * cell, i * 14 + 2, cell - 1, 12); }
    if (lit.has(i)) { ctx.strokeStyle = lit.get(i); ctx.lineWidth = 2; ctx.strokeRect(lab - 2, i * 14 + 1, d * cell + 2, 14); ctx.lineWidth = 1; }
  }
  ctx.fillStyle = "#5b6474"; ctx.fillText(allZero ? "all zero" : `max |x| = ${m.toPrecision(2)}`, lab + d * cell + 6, 12);
}
function renderToy() { if (!toy.vocab || !toy.ready) toyReset(); else toyShow(); }   // a toy that could not start says why again
