// The "Toy corpus" view: a few sentences trained in the browser with sgns.js (SGD or Adam), drawn as a
// map of the W_in rows, the loss, both tables as heatmaps, and each word's nearest words.
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
  for (const id of ["toy-d", "toy-win", "toy-k", "toy-text"]) $(id).addEventListener("change", toyReset);   // edited text: a fresh start
  $("toy-lr").addEventListener("change", () => {        // a new rate applies from the next update on, as in wevi
    const lr = toyRate();
    if (toy.ready && !toy.broken && lr > 0) { toy.lr = lr; clear($("toy-msg")); toyDraw(); } else toyReset(); });
  $("toy-reset").addEventListener("click", toyReset);
  for (const b of document.querySelectorAll(".toy-run")) b.addEventListener("click", () => toyRun(parseInt(b.dataset.n, 10)));
  $("toy-text").value = TOY_PRESETS[TOY_PRESETS[state.toy] ? state.toy : "royalty"].join("\n");
  sel.value = TOY_PRESETS[state.toy] ? state.toy : "royalty";
}
function toyReset() {
  const lines = $("toy-text").value.toLowerCase().split("\n").map(l => l.match(/[\p{L}\p{N}']+/gu) || []).filter(l => l.length);
  const vocab = [...new Set(lines.flat())].sort(), index = new Map(vocab.map((w, i) => [w, i]));
  const d = parseInt($("toy-d").value, 10), win = parseInt($("toy-win").value, 10), lr = toyRate();
  const seed = parseInt($("toy-seed").value, 10) || 0, box = clear($("toy-msg"));
  const pairCount = lines.reduce((n, l) => n + l.length * Math.min(2 * win, l.length - 1), 0);   // an upper bound is enough here
  const problem = vocab.length < 3 ? "Give at least three different words." :
    !(lr > 0) ? "Give a learning rate: a number above 0 (e.g. 0.01 for Adam, 0.2 for SGD)." :
    pairCount === 0 ? "Every line has a single word: a pair needs two words on one line." : "";
  if (problem) {                                        // nothing from a previous corpus or rate stays on screen
    box.append(el("div", {class: "msg", text: problem}));
    toy.ready = false; toyBlank("Not trained: fix the corpus or the learning rate, then run some updates.");
    return; }
  const counts = new Float64Array(vocab.length); lines.flat().forEach(w => counts[index.get(w)]++);
  const cum = noiseCum(counts, 0.75);
  const pairs = [];                                     // (centre, context) within a sentence and a window
  for (const l of lines) for (let i = 0; i < l.length; i++) for (let j = Math.max(0, i - win); j <= Math.min(l.length - 1, i + win); j++)
    if (j !== i) pairs.push([index.get(l[i]), index.get(l[j])]);
  const rng = mulberry32(seed), V = vocab.length;
  const [Win, Wout] = initTables(V, d, rng);
  Object.assign(toy, {ready: pairs.length > 0, vocab, index, counts, cum, pairs, order: [], rng, d, V, lr, k: parseInt($("toy-k").value, 10),
    opt: $("toy-opt").value, Win, Wout, st: adamState(Win, Wout), updates: 0, losses: [], axes: null, broken: false});
  toyDraw();
}
function toyBlank(status) {                             // no numbers of tables that are not usable stay on screen
  $("toy-status").textContent = status;
  for (const id of ["toy-map", "toy-loss", "toy-win-heat", "toy-wout-heat"]) { const cv = $(id); if (cv) cv.getContext("2d").clearRect(0, 0, cv.width, cv.height); }
  clear($("toy-nb"));
}
function toyRate() {                                   // the lr field as a number, NaN unless it is one ("0.5.5" is not)
  const text = $("toy-lr").value.trim();
  return text && Number.isFinite(Number(text)) ? Number(text) : NaN;
}
function toyRun(n) {
  if (!toy.ready) toyReset();
  if (!toy.ready) return;
  if (toy.broken) return;                               // overflowed: only Reset (or a new rate) helps
  const t0 = performance.now();
  for (let u = 0; u < n; u++) {
    if (!toy.order.length) { toy.order = toy.pairs.map((_, i) => i);                // a fresh shuffled pass
      for (let i = toy.order.length - 1; i > 0; i--) { const j = Math.floor(toy.rng() * (i + 1)); [toy.order[i], toy.order[j]] = [toy.order[j], toy.order[i]]; } }
    const [c, o] = toy.pairs[toy.order.pop()], negs = Array.from({length: toy.k}, () => drawFrom(toy.cum, toy.rng()));
    const g = toy.opt === "adam" ? adamPair(toy.Win, toy.Wout, toy.st, toy.d, c, o, negs, toy.lr)
                                 : sgdPair(toy.Win, toy.Wout, toy.d, c, o, negs, toy.lr);
    toy.losses.push(g.loss); toy.updates++;
    if (!Number.isFinite(g.loss)) { toy.broken = true; break; }
  }
  toy.ms = performance.now() - t0;
  if (toy.broken) {
    clear($("toy-msg")).append(el("div", {class: "msg", text: `The numbers overflowed at update ${nice(toy.updates)} ` +
      `(the loss is no longer a number): lr = ${toy.lr} is far too large for ${toy.opt === "adam" ? "Adam" : "SGD"} here. ` +
      `Lower it and press Reset.`}));
    toyBlank(`Stopped at update ${nice(toy.updates)}: overflow.`);
    return;
  }
  toyDraw();
}
function toyUnit() { const {V, d, Win} = toy, u = new Float64Array(V * d);
  for (let i = 0; i < V; i++) { let s = 0; for (let t = 0; t < d; t++) s += Win[i * d + t] ** 2; s = Math.sqrt(s) || 1; for (let t = 0; t < d; t++) u[i * d + t] = Win[i * d + t] / s; }
  return u; }
function toyNearest(i, n = 2) { const {V, d} = toy, u = toyUnit(), out = [];
  for (let j = 0; j < V; j++) if (j !== i) { let s = 0; for (let t = 0; t < d; t++) s += u[i * d + t] * u[j * d + t]; out.push([toy.vocab[j], s]); }
  return out.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n); }
function toyAxes() {                                   // the top two principal directions of the W_in rows
  const {V, d, Win} = toy, mean = new Float64Array(d);
  for (let i = 0; i < V; i++) for (let t = 0; t < d; t++) mean[t] += Win[i * d + t] / V;
  const C = new Float64Array(d * d);
  for (let i = 0; i < V; i++) for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) C[a * d + b] += (Win[i * d + a] - mean[a]) * (Win[i * d + b] - mean[b]);
  const axes = [];
  for (let p = 0; p < Math.min(2, d); p++) {           // power iteration, deflating the first
    let x = new Float64Array(d).map((_, t) => (toy.axes ? toy.axes[p][t] : 1) + 1e-3 * (t + 1));
    for (let it = 0; it < 100; it++) {
      const y = new Float64Array(d);
      for (let a = 0; a < d; a++) for (let b = 0; b < d; b++) y[a] += C[a * d + b] * x[b];
      for (const q of axes) { const pr = dotv(y, q); for (let t = 0; t < d; t++) y[t] -= pr * q[t]; }
      const n = norm(y); if (!n) break; x = y.map(v => v / n);
    }
    if (toy.axes && dotv(x, toy.axes[p]) < 0) x = x.map(v => -v);   // no flips from frame to frame
    axes.push(x);
  }
  toy.axes = axes;
  return {axes, mean};
}
function toyDraw() {
  if (!toy.vocab) return;
  const L = toy.losses, recent = L.slice(-50), avg = recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : NaN;
  $("toy-status").textContent = `${nice(toy.updates)} updates · ${toy.V} words · ${toy.pairs.length} pairs · ${toy.opt === "adam" ? "Adam" : "SGD"}, lr ${toy.lr}` +
    (recent.length ? ` · loss ${avg.toFixed(3)} (last ${recent.length})` : "") + (toy.ms !== undefined ? ` · ${toy.ms.toFixed(0)} ms` : "");
  const {axes, mean} = toyAxes(), cv = $("toy-map"), dpr = window.devicePixelRatio || 1;
  if (cv.clientWidth) {
    cv.width = cv.clientWidth * dpr; cv.height = cv.clientHeight * dpr;
    const ctx = cv.getContext("2d"); ctx.setTransform(dpr, 0, 0, dpr, 0, 0); ctx.clearRect(0, 0, cv.clientWidth, cv.clientHeight);
    const pts = toy.vocab.map((_, i) => axes.map(a => { let s = 0; for (let t = 0; t < toy.d; t++) s += (toy.Win[i * toy.d + t] - mean[t]) * a[t]; return s; }));
    const span = Math.max(1e-9, ...pts.map(p => Math.max(Math.abs(p[0]), Math.abs(p[1] || 0)))), w = cv.clientWidth, h = cv.clientHeight, sc = Math.min(w, h) / 2.4 / span;
    ctx.font = "12px system-ui, sans-serif";
    pts.forEach((p, i) => { const x = w / 2 + p[0] * sc, y = h / 2 - (p[1] || 0) * sc; ctx.fillStyle = "#3558d6";
      ctx.beginPath(); ctx.arc(x, y, 3, 0, 6.283); ctx.fill(); ctx.fillStyle = "#1d2330"; ctx.fillText(toy.vocab[i], x + 5, y - 4); });
  }
  const lc = $("toy-loss");
  if (lc.clientWidth && L.length) {
    const sm = L.map((_, i) => { const a = L.slice(Math.max(0, i - 49), i + 1); return a.reduce((x, y) => x + y, 0) / a.length; });
    const step = Math.max(1, Math.floor(sm.length / 200)), ys = sm.filter((_, i) => i % step === 0 || i === sm.length - 1);
    const lo = Math.min(...ys), hi = Math.max(...ys);
    const {ctx, X, Y} = drawChartFrame(lc, Math.max(0, lo - 0.1), hi + 0.1, ys.map((_, i) => i === 0 ? "0" : i === ys.length - 1 ? String(L.length) : ""), "update");
    ctx.strokeStyle = "#d62728"; ctx.lineWidth = 2; ctx.beginPath(); ys.forEach((y, i) => i ? ctx.lineTo(X(i), Y(y)) : ctx.moveTo(X(i), Y(y))); ctx.stroke(); ctx.lineWidth = 1;
  }
  heatmap($("toy-win-heat"), toy.Win); heatmap($("toy-wout-heat"), toy.Wout);
  const nb = el("div", {class: "nbgrid", id: "toy-nb-table"});
  toy.vocab.forEach((w, i) => nb.append(el("div", {}, el("b", {text: w}), " → " + toyNearest(i).map(([x, s]) => `${x} ${s.toFixed(2)}`).join(", "))));
  clear($("toy-nb")).append(nb);
  if (!L.length && lc.clientWidth) { const ctx = lc.getContext("2d"); lc.width = lc.clientWidth * dpr; lc.height = lc.clientHeight * dpr;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0); ctx.fillStyle = "#5b6474"; ctx.font = "13px system-ui, sans-serif"; ctx.fillText("Run some updates (+1 … +500).", 12, 24); }
}
function heatmap(cv, W) {                             // rows = words, columns = dimensions; blue < 0 < red
  const {V, d} = toy, lab = 78, cell = Math.max(6, Math.min(22, (cv.clientWidth - lab) / d)), dpr = window.devicePixelRatio || 1;
  cv.style.height = (V * 14 + 8) + "px"; cv.width = cv.clientWidth * dpr; cv.height = (V * 14 + 8) * dpr;
  const ctx = cv.getContext("2d"); ctx.setTransform(dpr, 0, 0, dpr, 0, 0); ctx.clearRect(0, 0, cv.clientWidth, V * 14 + 8);
  let m = 0; for (const x of W) m = Math.max(m, Math.abs(x));
  const allZero = m === 0; if (allZero) m = 1;
  ctx.font = "11px system-ui, sans-serif";
  for (let i = 0; i < V; i++) {
    ctx.fillStyle = "#1d2330"; ctx.fillText(toy.vocab[i], 0, i * 14 + 12);
    for (let t = 0; t < d; t++) { const x = W[i * d + t] / m, a = Math.round(255 * (1 - Math.abs(x)));
      ctx.fillStyle = x >= 0 ? `rgb(255,${a},${a})` : `rgb(${a},${a},255)`; ctx.fillRect(lab + t * cell, i * 14 + 2, cell - 1, 12); }
  }
  ctx.fillStyle = "#5b6474"; ctx.fillText(allZero ? "all zero" : `max |x| = ${m.toPrecision(2)}`, lab + d * cell + 6, 12);
}
function renderToy() { if (!toy.vocab) toyReset(); else toyDraw(); }
