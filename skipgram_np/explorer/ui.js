// The page's shared UI: DOM helpers, number and word formatting, looking a typed word up (with close
// matches), the state kept in the URL hash, the header's epoch and vector bar, and the small charts' frame.
// Words come from a corpus: they are only ever inserted as text (textContent), never as HTML.
function el(tag, attrs, ...kids) {
  const n = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") n.className = v; else if (k === "style") n.style.cssText = v;
    else if (k === "text") n.textContent = v; else if (k.startsWith("on")) n.addEventListener(k.slice(2), v);
    else n.setAttribute(k, v);
  }
  for (const c of kids) n.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return n;
}
function clear(n) { n.replaceChildren(); return n; }
// A table that becomes cards on a phone (style.css, table.cards): each cell labelled with its column's heading (data-label),
// so that on a narrow screen a row's cells stack in two columns under their names and none is off-screen sideways.
function cards(tbl) {
  const rows = [...tbl.rows], names = [];
  for (const th of rows[0].cells) for (let k = 0; k < (th.colSpan || 1); k++) names.push(th.textContent);
  for (const tr of rows.slice(1)) { let k = 0; for (const td of tr.cells) { td.dataset.label = names[k] || ""; k += td.colSpan || 1; } }
  tbl.classList.add("cards");
  return tbl;
}
// An element's [width, height] in CSS pixels, read once per task. Reading a size after the page changed makes the browser
// lay the whole page out again (10–40 ms on a long view), so a view reads its canvases' and boxes' sizes together when it
// is drawn (measure, in render) and every drawing that follows in the same task reuses them.
const SIZES = new Map();
function sizeOf(n) {
  if (!SIZES.has(n)) {
    if (!SIZES.size) setTimeout(() => SIZES.clear(), 0);
    SIZES.set(n, [n.clientWidth, n.clientHeight]);
  }
  return SIZES.get(n);
}
function measure(root) { SIZES.clear(); for (const n of root.querySelectorAll("canvas, .sized")) sizeOf(n); }
window.addEventListener("resize", () => SIZES.clear());   // (registered first: every other resize handler reads anew)
const $ = id => document.getElementById(id);
// a signed number; one that rounds to zero has no sign (never "−0.000")
const fmt = (x, d = 4) => { const a = Math.abs(x).toFixed(d); return (Number(a) === 0 ? "" : x >= 0 ? "+" : "−") + a; };
// fmt, but a value too small for d decimals (yet not 0) in scientific notation, so that "+0.0000 → −0.0000" never hides a change
const fmtFine = (x, d = 4) => x !== 0 && Math.abs(x) < 0.5 * 10 ** -d ? (x > 0 ? "+" : "−") + Math.abs(x).toExponential(1) : fmt(x, d);
function change(before, after, d = 4) {                // "fell (4.1589 → 4.1234)", with a change below d decimals spelled out
  const verb = after < before ? "fell" : after > before ? "rose" : "stayed the same";
  if (before.toFixed(d) !== after.toFixed(d) || after === before) return `${verb} (${before.toFixed(d)} → ${after.toFixed(d)})`;
  return `${verb} by ${Math.abs(after - before).toExponential(1)} (${before.toFixed(d)} at ${d} decimals, before and after)`;
}
// a count with thousands separators, as toLocaleString("en-US") writes it (whose first call costs ~40 ms: Intl's start)
const nice = x => Number.isSafeInteger(x) ? String(x).replace(/\B(?=(\d{3})+(?!\d))/g, ",") : x.toLocaleString("en-US");
// a number of any size, readable: 3 decimals, or 5.6e+59 once it is too large for that
const big = (x, d = 3) => Math.abs(x) >= 1e5 ? (x < 0 ? "−" : "") + Math.abs(x).toExponential(1) : x.toFixed(d);
function ordinal(n) { const t = n % 100, u = n % 10;
  return nice(n) + (t >= 11 && t <= 13 ? "th" : u === 1 ? "st" : u === 2 ? "nd" : u === 3 ? "rd" : "th"); }
const pct = (x, d = 1) => `${x.toFixed(d)} %`;
// a share "higher than": rounded down, so 99.996 % never shows as 100 % (which would mean all)
const pctBelow = (x, d = 1) => `${(Math.floor(x * 10 ** d + 1e-9) / 10 ** d).toFixed(d)} %`;
const epochName = e => META.vectors_file ? "the file's vectors" : e === "0" ? "epoch 0 (untrained)" : `epoch ${e}`;
const q = w => `“${w}”`;
const atEpoch = e => FILE_ONLY ? "in the file" : `at ${e === "0" ? "epoch 0" : e}`;   // "at epoch 0", "at 10"; a vectors file has one table

function editDistance(a, b, cap) {
  if (Math.abs(a.length - b.length) > cap) return cap + 1;
  let prev = Array.from({length: b.length + 1}, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]; let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > cap) return cap + 1;
    prev = cur;
  }
  return prev[b.length];
}
function closeMatches(word, n = 5) {
  const found = [];
  for (let i = 0; i < N; i++) {
    const d = editDistance(word, WORDS[i], 2);
    if (d <= 2 || (word.length >= 3 && WORDS[i].startsWith(word))) found.push([Math.min(d, 3), i]);
  }
  found.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return found.slice(0, n).map(f => WORDS[f[1]]);
}
// Look a word up; on failure show a friendly message (with close matches) in `box` and return -1.
function lookup(raw, box, onPick) {
  const word = (raw || "").trim().toLowerCase().normalize("NFC");     // as the vocabulary is (embeddings.Embeddings.id)
  if (!word) { box.append(el("div", {class: "msg", text: "Type a word first."})); return -1; }
  if (INDEX.has(word)) return INDEX.get(word);
  const m = el("div", {class: "msg"}, `${q(word)} is not among the ${nice(N)} most frequent words this page holds` +
    (N < META.vocab_size ? ` (of ${nice(META.vocab_size)}; python -m skipgram_np.query searches them all).` : "."));
  const close = closeMatches(word);
  if (close.length) {
    m.append(" Close matches:");
    for (const w of close) m.append(el("button", {text: w, onclick: () => onPick(w)}));
  }
  box.append(m);
  return -1;
}
function zeroNote(box) {
  if (!isZero(state.vec, state.epoch)) return false;
  box.append(el("div", {class: "msg", text: `W_out is all zero at ${epochName(state.epoch)}: it starts at 0 and only ` +
    `learns during training, so its words have no direction yet. Pick W_in, or a later epoch.`}));
  return true;
}

// ----------------------------------------------------------------------------------- state (URL hash)
const VIEWS = ["start", "explore", "similarity", "neighbors", "analogy", "axes", "step", "toy", "how"];
const DEFAULT_STATE = {view: "explore", epoch: LAST, vec: "in", find: "", fit: DATA.fits ? "groups" : "all",
  a: "", b: "", word: "", k: "10", min: "1", qa: "", qb: "", qc: "", qd: "", method: "add",
  sent: "0", own: "", sc: "", so: "", ns: "1", pick: "o", stop: "", tour: "", toy: "royalty",
  mapk: "pca", axp: "occupations", axx: "", axy: "", axw: "", orth: "1", ctl: ""};
let state = {...DEFAULT_STATE};
function readHash() {
  const p = new URLSearchParams(location.hash.slice(1));
  state = {...DEFAULT_STATE};
  for (const k of Object.keys(DEFAULT_STATE)) if (p.has(k)) state[k] = p.get(k);
  if (!EPOCHS.includes(state.epoch)) state.epoch = DEFAULT_STATE.epoch;
  if (!TABLES.includes(state.vec)) state.vec = "in";
  if (!VIEWS.includes(state.view)) state.view = "explore";
  if (!["groups", "all"].includes(state.fit) || !DATA.fits) state.fit = DEFAULT_STATE.fit;
  if (!["pca", "tsne"].includes(state.mapk)) state.mapk = "pca";
  if (state.ctl !== "1" || !META.control) state.ctl = "";
}
function writeHash() {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(state)) if (v !== "" && v !== DEFAULT_STATE[k]) p.set(k, v);
  history.replaceState(null, "", "#" + p.toString());
}
function set(changes) {
  if ("epoch" in changes || "vec" in changes || "view" in changes) $("tooltip").style.display = "none";   // it was about another map
  Object.assign(state, changes); writeHash(); render();
}

// ----------------------------------------------------------------------------------- header
function buildHeader() {
  const eb = $("epoch-buttons"), tb = $("table-buttons");
  for (const e of EPOCHS) eb.append(el("button", {class: "epochbtn", "data-epoch": e, text: META.vectors_file ? "the file" : e === "0" ? "0 (noise)" : e,
    title: epochName(e), onclick: () => set({epoch: e, ...typedWords()})}));
  for (const t of TABLES) tb.append(el("button", {class: "tablebtn", "data-vec": t, text: {in: "W_in", out: "W_out", sum: "sum"}[t],
    title: TABLE_NAME[t], onclick: () => set({vec: t, ...typedWords()})}));
  for (const [c, name] of [["", "real"], ["1", "shuffled (control)"]]) $("control-buttons").append(el("button", {class: "ctlbtn", "data-ctl": c,
    text: name, onclick: () => set({ctl: c, ...typedWords()})}));
  // a tab leaves the path's "see it live" (its bar would name a stop the new view is not about)
  for (const t of document.querySelectorAll(".tab")) t.addEventListener("click", () => set({view: t.dataset.view, tour: ""}));
  $("loaded").textContent = META.vectors_file
    ? `the first ${nice(N)} words of ${META.vectors_file} (of ${nice(META.vocab_size)}; word2vec tools write the most frequent first) · one table, no history`
    : `${nice(N)} most frequent words (of ${nice(META.vocab_size)}) · ${EPOCHS.length} checkpoints · run ${META.run}`;
  $("kick-data").textContent = META.dataset;
  if (META.vectors_file) {                            // another tool's vectors: no run, no epochs to watch
    document.querySelector(".lede .long").textContent = `The word vectors in ${META.vectors_file}, written by another tool: one table and ` +
      `no training history. Explore their map, neighbours, similarities, analogies and axes.`;
    document.querySelector(".lede .short").textContent = `${META.vectors_file}: another tool's vectors, one table.`;
  }
}
// ----------------------------------------------------------------------------------- charts
// The axes and grid of a small line chart (similarity, how it works, toy corpus): -> its context and scales.
function drawChartFrame(cv, ymin, ymax, xs, xlabel = "epoch") {
  const dpr = window.devicePixelRatio || 1, [w, h] = sizeOf(cv);
  cv.width = w * dpr; cv.height = h * dpr;
  const ctx = cv.getContext("2d"); ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const L = 44, R = 44, T = 14, B = 24;
  const X = i => L + (w - L - R) * (xs.length > 1 ? i / (xs.length - 1) : 0.5);
  const Y = y => T + (h - T - B) * (1 - (y - ymin) / Math.max(ymax - ymin, 1e-9));
  ctx.clearRect(0, 0, w, h); ctx.strokeStyle = "#dde2ea"; ctx.fillStyle = "#5b6474"; ctx.font = "11px system-ui, sans-serif";
  for (let k = 0; k <= 4; k++) { const y = ymin + (ymax - ymin) * k / 4; ctx.beginPath(); ctx.moveTo(L, Y(y)); ctx.lineTo(w - R, Y(y)); ctx.stroke();
    ctx.fillText(Math.abs(y) >= 1e5 ? y.toExponential(1) : Math.abs(ymax - ymin) >= 10 ? y.toFixed(0) : y.toFixed(2), 2, Y(y) + 4); }
  ctx.textAlign = "center"; xs.forEach((x, i) => { if (i) ctx.fillText(x, X(i), h - 6); }); ctx.textAlign = "left";
  if (xs.length) ctx.fillText(xs[0], X(0) - 2, h - 6);          // the first label starts at its tick, clear of the axis name
  ctx.fillText(xlabel, 2, h - 6);
  return {ctx, X, Y, w, h, R};
}
