// The "Axes" view: your own axes of meaning. x = the direction a − b between two words or word lists
// (he − she), y another (drawn as its part orthogonal to x); the words placed are a preset's or typed ones.
// Every epoch uses the same definition and the plot keeps one frame for all epochs, so a move is a move.
// Mirrors skipgram_np/directions.py (same formulas, same random pairs; tests/test_explorer_directions.py):
//   axDirection           directions.direction        d = mean â − mean b̂, scaled to length 1
//   axOrthogonal          directions.orthogonal_part  (y − (y·x) x) / |…|
//   axProject, axPlace    directions.project, .percentile (among this page's words, ties half)
//   axConsistency         directions.consistency      (|Σ ô_i|² − n) / (n (n − 1)),  o_i = â_i − b̂_i
//   axRandomLists         directions.random_lists     hash32(seed · 2^24 + 2n k + m) mod N
//   axChance              directions.random_consistency (its largest and median)
//   axHeldOut             directions.held_out          (how many are > 0)
const AX_COLORS = {pos: "#3558d6", neg: "#d9822b", word: "#1d2330"};
const AX_CACHE = new Map();
function axCached(key, make) { if (!AX_CACHE.has(key)) AX_CACHE.set(key, make()); return AX_CACHE.get(key); }
function axDirection(u, pos, neg) {
  const d = new Float64Array(D);
  for (const i of pos) for (let k = 0; k < D; k++) d[k] += u[i * D + k] / pos.length;
  for (const i of neg) for (let k = 0; k < D; k++) d[k] -= u[i * D + k] / neg.length;
  return axScaled(d);
}
function axScaled(d) { let s = 0; for (let k = 0; k < D; k++) s += d[k] * d[k]; const n = Math.max(Math.sqrt(s), 1e-12); return d.map(v => v / n); }
function axDot(a, b) { let s = 0; for (let k = 0; k < D; k++) s += a[k] * b[k]; return s; }
function axOrthogonal(y, x) { const c = axDot(y, x); return axScaled(y.map((v, k) => v - c * x[k])); }
function axProject(u, axis) { const p = new Float64Array(N); for (let i = 0; i < N; i++) p[i] = dot(u, i, axis); return p; }
function axPlace(sorted, c) { const lo = searchsorted(sorted, c, false), hi = searchsorted(sorted, c, true); return 100 * (lo + 0.5 * (hi - lo)) / sorted.length; }
const AX_TOT = new Float64Array(D), AX_O = new Float64Array(D);   // (scratch rows: 20,000 sets make no garbage)
function axConsistency(u, pos, neg) {           // of the pairs (pos[i], neg[i])
  const n = pos.length, tot = AX_TOT.fill(0), o = AX_O; let sq = 0;
  for (let m = 0; m < n; m++) {
    let s = 0;
    const a = pos[m] * D, b = neg[m] * D;
    for (let k = 0; k < D; k++) { o[k] = u[a + k] - u[b + k]; s += o[k] * o[k]; }
    const inv = 1 / Math.max(Math.sqrt(s), 1e-12);
    for (let k = 0; k < D; k++) tot[k] += o[k] * inv;
    sq += s * inv * inv;
  }
  return (axDot(tot, tot) - sq) / (n * (n - 1));
}
function axRandomLists(n) {
  const S = DATA.axes.sets, base = (DATA.axes.seed << 24) >>> 0, ids = new Int32Array(S * 2 * n);
  for (let k = 0; k < S; k++) for (let m = 0; m < 2 * n; m++) ids[k * 2 * n + m] = hash32((base + 2 * n * k + m) >>> 0) % N;
  return ids;
}
// The consistency of DATA.axes.sets sets of n random pairs: {max, median}, or null while it is being computed.
// The presets' n are stored (page_data.axes_chance, on these rows); another n is computed here, 500 sets per task
// so that the page stays responsive, with the body marked data-busy and the view drawn again when it is done.
function axChance(t, e, n) {
  const stored = ((((DATA.axes.chance || {})[t] || {})[e] || {})[String(n)]);
  if (stored) return {max: stored[0], median: stored[1]};
  const key = `chance:${t}:${e}:${n}`;
  if (AX_CACHE.has(key)) return AX_CACHE.get(key);
  if (!AX_RUNNING.has(key)) AX_RUNNING.set(key, axChanceLater(t, e, n, key));
  return null;
}
const AX_RUNNING = new Map();                   // key -> the share of the sets done
function axChanceLater(t, e, n, key) {
  const u = UNITS(t, e), ids = axRandomLists(n), S = DATA.axes.sets, c = new Float64Array(S);
  let k = 0;
  document.body.dataset.busy = "1";
  const slice = () => {
    for (const end = Math.min(S, k + 500); k < end; k++) {
      const row = ids.subarray(k * 2 * n, (k + 1) * 2 * n);
      c[k] = axConsistency(u, row.subarray(0, n), row.subarray(n));
    }
    AX_RUNNING.set(key, k / S);
    if (k < S) {
      for (const x of document.querySelectorAll(`.ax-progress[data-key="${key}"]`)) x.textContent = pct(100 * k / S, 0);
      return setTimeout(slice, 0);
    }
    c.sort();
    AX_CACHE.set(key, {max: c[S - 1], median: S % 2 ? c[(S - 1) / 2] : (c[S / 2 - 1] + c[S / 2]) / 2});
    AX_RUNNING.delete(key);
    if (!AX_RUNNING.size) delete document.body.dataset.busy;
    if (state.view === "axes") render();
  };
  setTimeout(slice, 0);
  return 0;
}
function axHeldOut(u, pos, neg) {               // pairs pointing the way of the axis made from the others
  const n = pos.length, o = pos.map((a, m) => Float64Array.from({length: D}, (_, k) => u[a * D + k] - u[neg[m] * D + k]));
  const tot = new Float64Array(D); for (const v of o) for (let k = 0; k < D; k++) tot[k] += v[k];
  let right = 0;
  for (const v of o) {
    const rest = tot.map((s, k) => (s - v[k]) / (n - 1)), norms = Math.sqrt(axDot(v, v)) * Math.sqrt(axDot(rest, rest));
    if (axDot(v, rest) / Math.max(norms, 1e-12) > 0) right++;
  }
  return right;
}
// The state's axes: a preset (resolved to this page's words by explore.py) or the typed ones.
function axSideText(ids) { return ids.map(i => WORDS[i]).join(", "); }
function axAxisText(a) { return `${axSideText(a.pos)} − ${axSideText(a.neg)}`; }
function axParse(text, box, which) {            // "he, man − she, woman" -> {pos, neg, label} or null
  const parts = (text || "").split(/\s+[-–]\s+|[−–]/);
  if (parts.length !== 2 || parts.some(p => !p.trim())) {
    box.append(el("div", {class: "msg", text: `Write the ${which} axis as a − b, with words on each side: “he − she” or “he, man − she, woman”.`}));
    return null;
  }
  const sides = [];
  for (const part of parts) {
    let words = part.split(/[\s,]+/).filter(Boolean);
    if (words.length > DATA.axes.max_list) {
      box.append(el("div", {class: "msg", text: `The ${which} axis keeps the first ${DATA.axes.max_list} words of each side.`}));
      words = words.slice(0, DATA.axes.max_list);
    }
    const ids = words.map(w => lookup(w, box, pick => set({axp: "own", [which === "x" ? "axx" : "axy"]: text.replace(w, pick)})));
    if (ids.some(i => i < 0)) return null;
    sides.push(ids);
  }
  const label = sides.map(s => WORDS[s[0]] + (s.length > 1 ? ", …" : "")).join(" − ");
  return {pos: sides[0], neg: sides[1], label};
}
function axTyped() { return {axx: $("ax-x").value.trim(), axy: $("ax-y").value.trim(), axw: $("ax-w").value.trim()}; }
function axPending() {                            // typed but not drawn yet: an epoch or table switch draws it (main.js)
  const now = axTyped();
  return axView.shown && Object.keys(now).some(k => now[k] !== axView.shown[k]) ? {axp: "own", ...now} : {};
}
function axSpec(box) {
  const preset = DATA.axes.presets[state.axp];
  if (preset) return {x: preset.x, y: preset.y, words: preset.words, pairs: preset.pairs, preset: state.axp};
  if (state.axp !== "own" || (!state.axx && !state.axy)) {
    box.append(el("div", {class: "msg", text: (state.axp !== "own" ? `The ${state.axp} preset's words are not all among this page's words. ` : "") +
      `Choose a preset, or type an x and a y axis as a − b (“he − she”) and the words to place.`}));
    return null;
  }
  const x = axParse(state.axx, box, "x"), y = axParse(state.axy, box, "y");
  if (!x || !y) return null;
  let words = (state.axw || "").split(/[\s,]+/).filter(Boolean).map(w => lookup(w, box, pick => set({axw: state.axw.replace(w, pick)})));
  if (words.some(i => i < 0)) return null;
  let pairs = [];
  if (!words.length) {                            // no words typed: the x axis's own words
    words = [...x.pos, ...x.neg];
    if (x.pos.length === x.neg.length) pairs = x.pos.map((a, m) => [a, x.neg[m]]);
  }
  return {x, y, words: [...new Set(words)], pairs, preset: null};
}
// Every epoch's coordinates of the placed words, their places among the page's words, and the axes' tests.
function axEpoch(t, e, spec, orth) {
  const key = `ep:${t}:${e}:${orth}:${JSON.stringify([spec.x.pos, spec.x.neg, spec.y.pos, spec.y.neg, spec.words])}`;
  return axCached(key, () => {
    const u = UNITS(t, e), x = axDirection(u, spec.x.pos, spec.x.neg), y0 = axDirection(u, spec.y.pos, spec.y.neg);
    const y = orth ? axOrthogonal(y0, x) : y0, px = axProject(u, x), py = axProject(u, y);
    const sx = Float64Array.from(px).sort(), sy = Float64Array.from(py).sort();
    return {angle: axDot(x, y0), x, y, coords: spec.words.map(i => [px[i], py[i]]),
            places: spec.words.map(i => [axPlace(sx, px[i]), axPlace(sy, py[i])])};
  });
}
function axTest(t, e, a) {                      // directions.AxisTest, for an axis of >= 2 pairs (pending: chance not yet known)
  if (a.pos.length < 2 || a.pos.length !== a.neg.length) return null;
  const u = UNITS(t, e), ch = axChance(t, e, a.pos.length), c = axConsistency(u, a.pos, a.neg);
  if (!ch) return {n: a.pos.length, consistency: c, pending: true, right: axHeldOut(u, a.pos, a.neg)};
  return {n: a.pos.length, consistency: c, max: ch.max, median: ch.median, beyond: c > ch.max, right: axHeldOut(u, a.pos, a.neg)};
}
const axView = {spec: null, frame: null, pts: [], tipFor: -1};
function renderAxes() {
  const box = clear($("ax-msg")), t = state.vec, e = state.epoch, orth = state.orth !== "0";
  $("ax-preset").value = DATA.axes.presets[state.axp] ? state.axp : "own";
  $("ax-orth").checked = orth;
  if (!DATA.axes.presets[state.axp]) { $("ax-x").value = state.axx; $("ax-y").value = state.axy; $("ax-w").value = state.axw; }
  const spec = axSpec(box);
  axView.spec = null; axView.shown = axTyped();
  for (const id of ["ax-order", "ax-chance", "ax-note"]) clear($(id));
  if (!spec) { drawAxes(); return; }
  if (spec.preset) { $("ax-x").value = axAxisText(spec.x); $("ax-y").value = axAxisText(spec.y); $("ax-w").value = spec.pairs.length ? "" : axSideText(spec.words); }
  axView.shown = axTyped();
  $("ax-title").textContent = `${spec.x.label} × ${spec.y.label} · ${TABLE_NAME[t]} · ${epochName(e)}`;
  if (zeroNote(box)) { drawAxes(); return; }
  const live = EPOCHS.filter(ep => !isZero(t, ep)), all = live.map(ep => axEpoch(t, ep, spec, orth));
  const xs = all.flatMap(r => r.coords.map(c => c[0])), ys = all.flatMap(r => r.coords.map(c => c[1]));
  axView.frame = {x0: Math.min(0, ...xs), x1: Math.max(0, ...xs), y0: Math.min(0, ...ys), y1: Math.max(0, ...ys)};
  axView.spec = spec; axView.now = axEpoch(t, e, spec, orth);
  const prev = live[live.indexOf(e) - 1];
  axView.prev = prev === undefined ? null : axEpoch(t, prev, spec, orth);
  axView.first = live[0] === "0" && e !== "0" ? axEpoch(t, "0", spec, orth) : null;
  drawAxes();
  axOrderCard(spec, e);
  axChanceCard(t, e, spec, orth);
  $("ax-note").textContent = `Each word's place is its cosine with the axis, cos(w, d) = ŵ·d, d = the mean of the left-hand words' ` +
    `unit rows minus the mean of the right-hand ones, scaled to length 1 (directions.py). ` + (orth ? `y is the part of its direction ` +
    `orthogonal to x (its cosine with x was ${fmt(axView.now.angle, 3)} before), so the two coordinates do not repeat each other. ` : `y is not made orthogonal to x ` +
    `(their cosine: ${fmt(axView.now.angle, 3)}). `) + `Both axes are made anew at every epoch from the same words, and drawn in one frame for all ` +
    `${live.length} epochs` + (axView.prev ? `; the faint dots are epoch ${prev}'s places.` : ".");
}
function axOrderCard(spec, e) {
  const now = axView.now, order = spec.words.map((w, k) => k).sort((a, b) => now.coords[b][0] - now.coords[a][0]);
  const [left, right] = spec.x.label.split(" − "), top = order.slice(0, 3), bottom = order.slice(-3).reverse();
  const say = ks => ks.map(k => `${WORDS[spec.words[k]]} (${fmt(now.coords[k][0], 2)})`).join(", ");
  const box = $("ax-order");
  let text = `Along ${spec.x.label} at ${epochName(e)}, nearest ${left}: ${say(top)}; nearest ${right}: ${say(bottom)}.`;
  if (axView.first) {
    const f = axView.first, o0 = spec.words.map((w, k) => k).sort((a, b) => f.coords[b][0] - f.coords[a][0]);
    text += ` At epoch 0, where the rows are noise, the same axis put ${o0.slice(0, 3).map(k => WORDS[spec.words[k]]).join(", ")} nearest ${left} ` +
      `and ${o0.slice(-3).reverse().map(k => WORDS[spec.words[k]]).join(", ")} nearest ${right}: any axis orders words; whether the order ` +
      `means more than noise is the axes' test beside.`;
  }
  if (e === "0") text += ` At epoch 0 the rows are noise: this order is chance's, and any axis has one.`;
  box.append(el("p", {class: "small", id: "ax-sentence", text}));
  const tbl = el("table", {class: "list", id: "ax-table"});
  tbl.append(el("tr", {}, el("th", {text: "word"}), el("th", {class: "num", text: "x = cos"}), el("th", {class: "num", text: "x above"}),
    el("th", {class: "num", text: "y = cos"}), el("th", {class: "num", text: "y above"}), axView.first ? el("th", {class: "num e0", text: "x above at epoch 0"}) : ""));
  for (const k of order) tbl.append(el("tr", {"data-word": WORDS[spec.words[k]]}, el("td", {text: WORDS[spec.words[k]]}),
    el("td", {class: "num", text: fmt(now.coords[k][0], 3)}), el("td", {class: "num", text: pct(now.places[k][0])}),
    el("td", {class: "num", text: fmt(now.coords[k][1], 3)}), el("td", {class: "num", text: pct(now.places[k][1])}),
    axView.first ? el("td", {class: "num e0", text: pct(axView.first.places[k][0])}) : ""));
  box.append(el("div", {class: "scroll"}, tbl), el("p", {class: "small muted", text: `“above”: the share of this page's ${nice(N)} words ` +
    `whose cosine with the axis is lower — a place that can be compared across epochs, where raw cosines cannot.`}));
}
function axChanceCard(t, e, spec, orth) {
  const box = $("ax-chance");
  for (const [name, a] of [["x", spec.x], ["y", spec.y]]) {
    const r = axBeyondControl(axTest(t, e, a), axControlValue(t, e, spec, name), e), label = `${name}: ${a.label}`;
    if (!r) { box.append(el("p", {class: "small"}, el("b", {text: label}), ` — one word a side, or lists of different lengths: no pairs whose offsets could ` +
      `agree, so no test (type as many words on each side, in pairs, for one).`)); continue; }
    const r0 = e !== "0" && EPOCHS.includes("0") && !isZero(t, "0") ? axBeyondControl(axTest(t, "0", a), axControlValue(t, "0", spec, name), "0") : null;
    if (r.pending || (r0 && r0.pending)) {        // a typed axis's n: its random sets are being computed
      box.append(el("div", {class: "axtest", "data-axis": name}, el("p", {class: "small"}, el("b", {text: label}), ` — its ${r.n} pairs' offsets ` +
        `agree with a mean cosine of ${fmt(r.consistency, 3)}; testing it against ${nice(DATA.axes.sets)} sets of ${r.n} random word pairs… `,
        el("span", {class: "ax-progress muted", "data-key": `chance:${t}:${r.pending ? e : "0"}:${r.n}`}))));
      continue;
    }
    box.append(el("div", {class: "axtest", "data-axis": name}, el("p", {class: "small"}, el("b", {text: label}), " ",
      el("span", {class: "tag", style: `background:${r.beyond ? "var(--good)" : "var(--none)"}`, text: r.beyond ? "beyond chance" : "within chance"}),
      ` — its ${r.n} pairs' offsets agree with a mean cosine of `, el("b", {class: "ax-cons", text: fmt(r.consistency, 3)}),
      `; ${nice(DATA.axes.sets)} sets of ${r.n} random word pairs: median ${fmt(r.median, 3)}, largest `, el("b", {class: "ax-max", text: fmt(r.max, 3)}),
      `. Each pair held out, ${r.right} of ${r.n} point the way of the axis made from the others (noise: about half).` +
      (r0 ? ` At epoch 0: ${fmt(r0.consistency, 3)} against a largest of ${fmt(r0.max, 3)}, ${r0.beyond ? "beyond" : "within"} chance.` : "")),
      el("p", {class: "small ax-control"}, axControlText(t, e, spec, name, r))));
  }
  box.append(el("p", {class: "small muted", text: `A badge goes to an axis, never to a word: any axis, noise's included, puts some word ` +
    `at each end. An axis is beyond chance when its pairs' offsets (a − b) agree more than those of every one of ` +
    `${nice(DATA.axes.sets)} sets of random pairs: noise earns it once in ${nice(DATA.axes.sets + 1)}` +
    (HAS_CONTROL && spec.preset && t === "in" ? ` — and more than the same pairs in the control, which frequency alone makes agree.` : `.`)}));
}
function axControlValue(t, e, spec, name) {     // the control's same pairs at epoch e (presets, W_in), or null
  if (!HAS_CONTROL || !spec.preset || t !== "in") return null;
  return (((DATA.control.axes || {})[spec.preset] || {})[name] || {})[e] || null;
}
function axBeyondControl(r, c, e) {             // directions.AxisTest.beyond: above the random sets' largest and the control's
  // (at epoch 0 the control's table is the run's: never above it, whatever the 8-bit rows round to)
  if (r && !r.pending && c) r.beyond = r.beyond && e !== "0" && r.consistency > c.consistency;
  return r;
}
function axControlText(t, e, spec, name, r) {           // the axis's chance: the control's same pairs (presets; W_in)
  if (!HAS_CONTROL) return controlNote("control value");
  const c = axControlValue(t, e, spec, name);
  if (!c) return `The control's value for ${spec.preset ? `the ${TABLE_NAME[t]} table` : "a typed axis"} is not on this page (it holds the presets' in W_in).`;
  return `Chance, the control (the same training on shuffled text): the same ${c.n} pairs agree ${fmt(c.consistency, 3)} at ${epochName(e)} ` +
    `(the run: ${fmt(r.consistency, 3)}); held out, ${c.right} of ${c.n} point its way. ` + (e === "0" ? "At epoch 0 the two are the same tables." :
    r.consistency > c.consistency ? "What the run's pairs share beyond that, the text taught." : "The run's pairs agree no more than the control's.");
}
function drawAxes() {
  const c = $("ax-canvas"), dpr = window.devicePixelRatio || 1;
  const [w, h] = sizeOf(c);
  if (!w) return;
  c.width = Math.round(w * dpr); c.height = Math.round(h * dpr);
  const ctx = c.getContext("2d"); ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h); axView.pts = [];
  const spec = axView.spec, F = axView.frame;
  if (!spec) return;
  const pad = 28, sx = (w - 2 * pad - 60) / Math.max(F.x1 - F.x0, 1e-9), sy = (h - 2 * pad) / Math.max(F.y1 - F.y0, 1e-9);
  const X = v => pad + 30 + (v - F.x0) * sx, Y = v => h - pad - (v - F.y0) * sy;
  ctx.strokeStyle = "#c9d0dc"; ctx.lineWidth = 1; ctx.beginPath(); ctx.moveTo(pad, Y(0)); ctx.lineTo(w - pad, Y(0)); ctx.moveTo(X(0), pad / 2); ctx.lineTo(X(0), h - pad / 2); ctx.stroke();
  ctx.fillStyle = "#5b6474"; ctx.font = "12px system-ui, sans-serif";
  const [xr, xl] = spec.x.label.split(" − "), [yt, yb] = spec.y.label.split(" − ");
  ctx.textAlign = "right"; ctx.fillText(`${xr} →`, w - 4, Y(0) - 6); ctx.textAlign = "left"; ctx.fillText(`← ${xl}`, 4, Y(0) - 6);
  ctx.fillText(`↑ ${yt}`, X(0) + 6, 14); ctx.fillText(`↓ ${yb}`, X(0) + 6, h - 6);
  const now = axView.now, prev = axView.prev, pos = new Set(spec.x.pos), neg = new Set(spec.x.neg);
  ctx.strokeStyle = "#b9c2d3";
  for (const [a, b] of spec.pairs) {             // each pair: an arrow from b to a
    const ia = spec.words.indexOf(a), ib = spec.words.indexOf(b), [x0, y0] = now.coords[ib], [x1, y1] = now.coords[ia];
    ctx.beginPath(); ctx.moveTo(X(x0), Y(y0)); ctx.lineTo(X(x1), Y(y1)); ctx.stroke();
    const ang = Math.atan2(Y(y1) - Y(y0), X(x1) - X(x0));
    ctx.beginPath(); ctx.moveTo(X(x1), Y(y1)); ctx.lineTo(X(x1) - 7 * Math.cos(ang - 0.4), Y(y1) - 7 * Math.sin(ang - 0.4));
    ctx.moveTo(X(x1), Y(y1)); ctx.lineTo(X(x1) - 7 * Math.cos(ang + 0.4), Y(y1) - 7 * Math.sin(ang + 0.4)); ctx.stroke();
  }
  const placed = [];
  spec.words.forEach((i, k) => {
    const [x, y] = now.coords[k], px = X(x), py = Y(y), col = pos.has(i) ? AX_COLORS.pos : neg.has(i) ? AX_COLORS.neg : AX_COLORS.word;
    if (prev) { const [qx, qy] = prev.coords[k]; ctx.strokeStyle = "rgba(91,100,116,0.25)"; ctx.fillStyle = "rgba(91,100,116,0.3)";
      ctx.beginPath(); ctx.moveTo(X(qx), Y(qy)); ctx.lineTo(px, py); ctx.stroke(); ctx.beginPath(); ctx.arc(X(qx), Y(qy), 2, 0, 2 * Math.PI); ctx.fill(); }
    ctx.fillStyle = col; ctx.beginPath(); ctx.arc(px, py, 3.5, 0, 2 * Math.PI); ctx.fill();
    axView.pts.push([px, py, k]);
    ctx.font = "12px system-ui, sans-serif"; const tw = ctx.measureText(WORDS[i]).width;
    const spot = [[5, -4], [5, 12], [-tw - 5, -4], [-tw - 5, 12]].find(([dx, dy]) => !placed.some(r =>
      px + dx < r[2] && px + dx + tw > r[0] && py + dy - 10 < r[3] && py + dy + 2 > r[1]));
    if (spot) { placed.push([px + spot[0], py + spot[1] - 10, px + spot[0] + tw, py + spot[1] + 2]); ctx.fillText(WORDS[i], px + spot[0], py + spot[1]); }
  });
}
function axTip(k, px, py) {
  const tip = $("ax-tip"), spec = axView.spec;
  if (k < 0 || !spec) { tip.style.display = "none"; return; }
  const now = axView.now, f = axView.first, i = spec.words[k];
  tip.textContent = `${WORDS[i]} · x (${spec.x.label}): cos ${fmt(now.coords[k][0], 3)}, above ${pct(now.places[k][0])} of the page's words` +
    (f ? ` (epoch 0: ${pct(f.places[k][0])})` : "") + ` · y (${spec.y.label}): cos ${fmt(now.coords[k][1], 3)}, above ${pct(now.places[k][1])}` +
    (f ? ` (epoch 0: ${pct(f.places[k][1])})` : "");
  tip.style.display = "block";
  const c = $("ax-canvas");
  tip.style.left = Math.max(4, Math.min(px + 12, sizeOf(c)[0] - tip.offsetWidth - 4)) + "px"; tip.style.top = (py + 12) + "px";
}
function axNearest(px, py, r) { let best = -1, bd = r * r; for (const [x, y, k] of axView.pts) { const d = (x - px) ** 2 + (y - py) ** 2; if (d < bd) { bd = d; best = k; } } return best; }
function setupAxes() {
  const sel = $("ax-preset");
  for (const name of Object.keys(DATA.axes.presets)) sel.append(el("option", {value: name, text: DATA.axes.presets[name].title}));
  sel.append(el("option", {value: "own", text: "your own (type below)"}));
  sel.addEventListener("change", () => set(sel.value === "own" ? {axp: "own", ...axTyped()} : {axp: sel.value}));
  $("ax-go").addEventListener("click", () => set({axp: "own", ...axTyped()}));
  for (const id of ["ax-x", "ax-y", "ax-w"]) $(id).addEventListener("keydown", ev => { if (ev.key === "Enter") $("ax-go").click(); });
  $("ax-orth").addEventListener("change", () => set({orth: $("ax-orth").checked ? "1" : "0"}));
  const c = $("ax-canvas"), local = ev => { const r = c.getBoundingClientRect(); return [ev.clientX - r.left, ev.clientY - r.top]; };
  c.addEventListener("pointermove", ev => { if (ev.pointerType === "mouse") { const [x, y] = local(ev); axTip(axNearest(x, y, 12), x, y); } });
  c.addEventListener("pointerup", ev => { const [x, y] = local(ev); axTip(axNearest(x, y, ev.pointerType === "mouse" ? 12 : 24), x, y); });
  c.addEventListener("pointerleave", ev => { if (ev.pointerType === "mouse") $("ax-tip").style.display = "none"; });
  window.addEventListener("resize", () => { if (state.view === "axes") drawAxes(); });
}
