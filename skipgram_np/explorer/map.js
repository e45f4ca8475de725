// The "Map" view: every word's 2D place (projection.py) on a canvas, animated between epochs, with
// zoom and pan (wheel, drag, pinch), a word's tooltip, search and its neighbours, group colours and trails.
const map = {canvas: $("map"), shown: null, anim: null, view: null, key: null, baseScale: null,
             pointers: new Map(), gesture: null};
const DOT_LAYERS = (() => {                            // [style, radius, ids]: grey (darker: the 500 most frequent), then the groups on top
  const faint = [], dark = [], groups = new Map();
  for (let i = N - 1; i >= 0; i--) {                   // rarer words first, so the frequent ones lie on top
    const g = GROUP_OF.get(WORDS[i]);
    if (!g) (i < 500 ? dark : faint).push(i); else { if (!groups.has(g)) groups.set(g, []); groups.get(g).push(i); }
  }
  return [["rgba(110,120,140,0.25)", 1.8, faint], ["rgba(110,120,140,0.55)", 1.8, dark],
          ...[...groups].map(([g, ids]) => [GROUP_COLORS[g] || "#1d2330", 3.2, ids])];
})();
const LABELLED = (() => {                              // the labels tried on every frame: the coloured words, then frequent words
  const coloured = [], frequent = [];
  for (let i = 0; i < N; i++) if (GROUP_OF.has(WORDS[i])) coloured.push(i); else if (i < 2000 && /[\p{L}\p{N}]/u.test(WORDS[i])) frequent.push(i);
  return {coloured, frequent};
})();
const TEXT_WIDTH = new Map();                          // font + word -> its measured width: measured once, not on every frame
function labelWidth(ctx, font, text) {
  const key = font + "\t" + text;
  if (!TEXT_WIDTH.has(key)) { ctx.font = font; TEXT_WIDTH.set(key, ctx.measureText(text).width); }
  return TEXT_WIDTH.get(key);
}
const BOUNDS = new WeakMap();                          // per map (the cached arrays of XY, tsneXY, controlXY)
function bounds(xy) {                                  // 2nd..98th percentiles, and every coloured word: the rest may leave the frame
  if (BOUNDS.has(xy)) return BOUNDS.get(xy);
  const xs = new Float32Array(N), ys = new Float32Array(N); let n = 0;
  for (let i = 0; i < N; i++) if (Number.isFinite(xy[2 * i])) { xs[n] = xy[2 * i]; ys[n] = xy[2 * i + 1]; n++; }   // (t-SNE: its words only)
  const sx = xs.subarray(0, n).sort(), sy = ys.subarray(0, n).sort();   // (a typed array sorts numerically)
  const p = (a, f) => a[Math.min(a.length - 1, Math.floor(f * (a.length - 1)))];
  const b = {x0: p(sx, 0.02), x1: p(sx, 0.98), y0: p(sy, 0.02), y1: p(sy, 0.98)};
  for (const w of GROUP_OF.keys()) { const i = INDEX.get(w); if (!Number.isFinite(xy[2 * i])) continue;
    b.x0 = Math.min(b.x0, xy[2 * i]); b.x1 = Math.max(b.x1, xy[2 * i]); b.y0 = Math.min(b.y0, xy[2 * i + 1]); b.y1 = Math.max(b.y1, xy[2 * i + 1]); }
  BOUNDS.set(xy, b);
  return b;
}
function resetView() {                                // framed on every epoch's words (one frame and scale, so moves are real)
  const c = map.canvas, [w, h] = sizeOf(c), pad = 24, top = $("legend").offsetHeight + 12;
  const live = EPOCHS.filter(e => !isZero(state.vec, e)), all = live.map(e => bounds(mapXY(state.vec, e, false)));
  if (controlMapHere(state.vec)) for (const e of live) all.push(bounds(mapXY(state.vec, e, true)));   // one frame for both
  const B = {x0: Math.min(...all.map(b => b.x0)), x1: Math.max(...all.map(b => b.x1)),
             y0: Math.min(...all.map(b => b.y0)), y1: Math.max(...all.map(b => b.y1))};
  const s = Math.min((w - 2 * pad) / Math.max(B.x1 - B.x0, 1e-9), (h - pad - top) / Math.max(B.y1 - B.y0, 1e-9));
  map.view = {s, cx: (B.x0 + B.x1) / 2, cy: (B.y0 + B.y1) / 2 + (top - pad) / 2 / s};   // below the legend
  map.baseScale = s;
}
function toScreen(x, y) { const [w, h] = sizeOf(map.canvas), v = map.view;
  return [w / 2 + (x - v.cx) * v.s, h / 2 - (y - v.cy) * v.s]; }
function fromScreen(px, py) { const [w, h] = sizeOf(map.canvas), v = map.view;
  return [v.cx + (px - w / 2) / v.s, v.cy - (py - h / 2) / v.s]; }
function drawMap() {
  const c = map.canvas, dpr = window.devicePixelRatio || 1, [W, H] = sizeOf(c);
  if (!W) return;
  if (c.width !== Math.round(W * dpr) || c.height !== Math.round(H * dpr)) { c.width = Math.round(W * dpr); c.height = Math.round(H * dpr); }
  const ctx = c.getContext("2d"); ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, W, H);
  const xy = map.shown, find = INDEX.has(state.find) ? INDEX.get(state.find) : -1;
  const zero = isZero(state.vec, state.epoch);
  if ($("map-trails").checked) {                      // each coloured word's path through every epoch with vectors, an arrow at the last
    ctx.lineWidth = 1;
    const path = EPOCHS.filter(e => !isZero(state.vec, e)).map(e => mapXY(state.vec, e));
    for (const [w, g] of GROUP_OF) { const i = INDEX.get(w), pts = path.map(p => toScreen(p[2 * i], p[2 * i + 1]));
      if (pts.length < 2 || !pts.every(([x]) => Number.isFinite(x))) continue;
      ctx.strokeStyle = ctx.fillStyle = GROUP_COLORS[g] + "88"; ctx.beginPath();
      pts.forEach(([px, py], k) => k ? ctx.lineTo(px, py) : ctx.moveTo(px, py)); ctx.stroke();
      const [[x0, y0], [x1, y1]] = pts.slice(-2), a = Math.atan2(y1 - y0, x1 - x0);
      if (Math.hypot(x1 - x0, y1 - y0) > 6) { ctx.beginPath(); ctx.moveTo(x1, y1);
        ctx.lineTo(x1 - 7 * Math.cos(a - 0.4), y1 - 7 * Math.sin(a - 0.4)); ctx.lineTo(x1 - 7 * Math.cos(a + 0.4), y1 - 7 * Math.sin(a + 0.4)); ctx.fill(); }
    }
  }
  const v = map.view, ox = W / 2 - v.cx * v.s, oy = H / 2 + v.cy * v.s;   // toScreen, unrolled
  // The dots: the grey ones as small squares of a circle's area (a canvas draws thousands of tiny squares several times
  // faster than round dots: 60 frames a second on a phone's screen instead of 30), the coloured ones round, one path each.
  for (const [style, r, ids] of DOT_LAYERS) {         // (NaN: not on this map)
    ctx.fillStyle = style;
    if (r < 2) {
      const a = r * Math.sqrt(Math.PI) / 2;           // half the side of a square as large as the dot
      for (let k = 0; k < ids.length; k++) {
        const i = ids[k], px = ox + xy[2 * i] * v.s, py = oy - xy[2 * i + 1] * v.s;
        if (px > -r && py > -r && px < W + r && py < H + r) ctx.fillRect(px - a, py - a, 2 * a, 2 * a);
      }
      continue;
    }
    ctx.beginPath();
    for (let k = 0; k < ids.length; k++) {
      const i = ids[k], px = ox + xy[2 * i] * v.s, py = oy - xy[2 * i + 1] * v.s;
      if (px > -r && py > -r && px < W + r && py < H + r) { ctx.moveTo(px + r, py); ctx.arc(px, py, r, 0, 2 * Math.PI); }
    }
    ctx.fill();
  }
  if (zero) {
    ctx.fillStyle = "#5b6474"; ctx.font = "14px system-ui, sans-serif";
    ctx.fillText("W_out is all zero before training: every word sits at one point.", 16, 28);
  }
  // Labels, most important first, each drawn only where it does not cover one already drawn.
  // a label's box: from its baseline up by ~0.85 of the font size, down by ~0.25 (descenders), 1 px apart
  const placed = [], free = (x, y, w, up, down) => !placed.some(r => x < r[2] + 3 && x + w + 3 > r[0] && y - up < r[3] + 1 && y + down + 1 > r[1]);
  map.placed = placed;                                 // (the label boxes drawn, for tests/test_explorer.py)
  let font0 = "";
  const label = (i, color, font, force) => {
    const px = ox + xy[2 * i] * v.s, py = oy - xy[2 * i + 1] * v.s;
    if (!(px >= 0 && py >= 0 && px <= W && py <= H)) return;   // (NaN: not on this map)
    const w = labelWidth(ctx, font, WORDS[i]), size = parseFloat(font.match(/([\d.]+)px/)[1]);
    const up = Math.ceil(0.85 * size), down = Math.ceil(0.25 * size);
    // right of the dot, then below it, left of it, further up or down; a label that fits nowhere is left out
    // (the searched word is drawn first, so it always fits)
    const spots = force ? [[4, -3], [4, 12], [-w - 4, -3], [-w - 4, 12], [4, -16], [4, 25], [-w - 4, -16], [-w - 4, 25]] : [[4, -3]];
    const spot = spots.find(([dx, dy]) => free(px + dx, py + dy, w, up, down));
    if (!spot) return;
    const [dx, dy] = spot;
    placed.push([px + dx, py + dy - up, px + dx + w, py + dy + down]);
    if (font0 !== font) ctx.font = font0 = font;
    ctx.fillStyle = color; ctx.fillText(WORDS[i], px + dx, py + dy);
  };
  const near = find >= 0 && !zero && Number.isFinite(xy[2 * find]) ? mapNeighbours(find).filter(r => Number.isFinite(xy[2 * r[2]])) : [];
  if (find >= 0) {
    label(find, "#1d2330", "bold 14px system-ui, sans-serif", true);
    for (const [, , j] of near) label(j, "#3558d6", "12px system-ui, sans-serif", true);
  }
  const zoomed = map.view.s > 1.8 * map.baseScale;
  for (const i of LABELLED.coloured) label(i, GROUP_COLORS[GROUP_OF.get(WORDS[i])], "11px system-ui, sans-serif");
  for (const i of LABELLED.frequent) { if (i >= (zoomed ? 2000 : 60)) break; label(i, "#6b7385", "11px system-ui, sans-serif"); }
  if (find >= 0 && Number.isFinite(xy[2 * find])) {   // the searched word and its neighbours
    const [fx, fy] = toScreen(xy[2 * find], xy[2 * find + 1]);
    ctx.strokeStyle = "#3558d6"; ctx.lineWidth = 1;
    for (const [, , j] of near) {
      const [px, py] = toScreen(xy[2 * j], xy[2 * j + 1]);
      ctx.beginPath(); ctx.moveTo(fx, fy); ctx.lineTo(px, py); ctx.stroke();
    }
    ctx.lineWidth = 2.5; ctx.beginPath(); ctx.arc(fx, fy, 8, 0, 2 * Math.PI); ctx.stroke();
  }
}
function animateTo() {
  const target = mapXY(state.vec, state.epoch);
  if (!map.shown) { map.shown = new Float32Array(target); drawMap(); return; }
  const from = new Float32Array(map.shown), t0 = performance.now(), dur = 650;
  cancelAnimationFrame(map.anim);
  const step = now => {
    const t = Math.min(1, (now - t0) / dur), k = t < 0.5 ? 2 * t * t : 1 - Math.pow(-2 * t + 2, 2) / 2;
    for (let i = 0; i < 2 * N; i++) map.shown[i] = from[i] + (target[i] - from[i]) * k;
    drawMap();
    if (t < 1) map.anim = requestAnimationFrame(step);
  };
  map.anim = requestAnimationFrame(step);
}
function nearestPoint(px, py, radius) {                // the dot nearest a screen point, within radius px
  let best = -1, bd = radius * radius;
  for (let i = 0; i < N; i++) { const [x, y] = toScreen(map.shown[2 * i], map.shown[2 * i + 1]);
    const d = (x - px) ** 2 + (y - py) ** 2; if (d < bd) { bd = d; best = i; } }
  return best;
}
function showTip(i, px, py) {
  const tip = $("tooltip");
  if (i < 0) { tip.style.display = "none"; return; }
  tip.textContent = DATA.counts ? `${WORDS[i]} · no. ${i + 1} by frequency · seen ${nice(DATA.counts[i])}×` : `${WORDS[i]} · no. ${i + 1} in the file`;
  tip.style.display = "block";                         // then measure it, to keep it inside the map
  tip.style.left = Math.max(4, Math.min(px + 12, map.canvas.clientWidth - tip.offsetWidth - 4)) + "px";
  tip.style.top = (py + 10) + "px";
}
function setupMap() {
  const c = map.canvas;
  const local = ev => { const r = c.getBoundingClientRect(); return [ev.clientX - r.left, ev.clientY - r.top]; };
  const zoomAt = (px, py, f) => { const [wx, wy] = fromScreen(px, py); map.view.s *= f;
    map.view.cx = wx - (wx - map.view.cx) / f; map.view.cy = wy - (wy - map.view.cy) / f; };
  c.addEventListener("wheel", ev => { ev.preventDefault(); const [px, py] = local(ev); zoomAt(px, py, Math.exp(-ev.deltaY * 0.0015)); drawMap(); }, {passive: false});
  // Pointer events: one pointer pans (or taps), two pinch; mouse, pen and touch alike.
  c.addEventListener("pointerdown", ev => {
    c.setPointerCapture(ev.pointerId);
    map.pointers.set(ev.pointerId, local(ev));
    const pts = [...map.pointers.values()];
    if (pts.length === 1) map.gesture = {kind: "pan", start: pts[0], cx: map.view.cx, cy: map.view.cy, moved: false, type: ev.pointerType};
    else if (pts.length === 2) { const [a, b] = pts;
      map.gesture = {kind: "pinch", dist: Math.hypot(a[0] - b[0], a[1] - b[1]) || 1, s: map.view.s,
        mid: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], world: fromScreen((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)}; }
    c.style.cursor = "grabbing";
  });
  c.addEventListener("pointermove", ev => {
    const p = local(ev);
    if (!map.pointers.has(ev.pointerId)) {            // a mouse hovering: its word
      if (ev.pointerType === "mouse") showTip(nearestPoint(p[0], p[1], 8), p[0], p[1]);
      return;
    }
    map.pointers.set(ev.pointerId, p);
    const g = map.gesture;
    if (g && g.kind === "pan" && map.pointers.size === 1) {
      const dx = p[0] - g.start[0], dy = p[1] - g.start[1];
      if (Math.hypot(dx, dy) > 6) g.moved = true;
      if (g.moved) { map.view.cx = g.cx - dx / map.view.s; map.view.cy = g.cy + dy / map.view.s; $("tooltip").style.display = "none"; drawMap(); }
    } else if (g && g.kind === "pinch" && map.pointers.size === 2) {
      const [a, b] = [...map.pointers.values()], mid = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
      map.view.s = g.s * (Math.hypot(a[0] - b[0], a[1] - b[1]) || 1) / g.dist;
      const [cw, ch] = sizeOf(c);                          // keep the pinched world point under the fingers
      map.view.cx = g.world[0] - (mid[0] - cw / 2) / map.view.s;
      map.view.cy = g.world[1] + (mid[1] - ch / 2) / map.view.s;
      drawMap();
    }
  });
  const end = ev => {
    const g = map.gesture;
    map.pointers.delete(ev.pointerId);
    if (g && g.kind === "pan" && !g.moved && ev.type === "pointerup") {   // a tap or a click: select a word
      const [px, py] = local(ev), i = nearestPoint(px, py, g.type === "mouse" ? 10 : 24);
      if (i >= 0) { showTip(i, px, py); set({find: WORDS[i]}); }
    }
    if (map.pointers.size === 0) { map.gesture = null; c.style.cursor = "grab"; }
    else if (map.pointers.size === 1) { const p = [...map.pointers.values()][0];
      map.gesture = {kind: "pan", start: p, cx: map.view.cx, cy: map.view.cy, moved: true, type: ev.pointerType}; }
  };
  c.addEventListener("pointerup", end);
  c.addEventListener("pointercancel", end);
  c.addEventListener("pointerleave", ev => { if (ev.pointerType === "mouse") $("tooltip").style.display = "none"; });
  c.addEventListener("dblclick", () => { resetView(); drawMap(); });
  $("map-reset").addEventListener("click", () => { resetView(); drawMap(); });
  $("map-trails").addEventListener("change", renderExplore);   // the trails' note comes and goes with them
  $("map-fit").addEventListener("change", () => set($("map-fit").value === "tsne" ? {mapk: "tsne"} : {fit: $("map-fit").value, mapk: "pca"}));
  $("map-search").addEventListener("keydown", ev => { if (ev.key === "Enter") $("map-find").click(); });
  window.addEventListener("resize", () => { if (state.view === "explore") { resetView(); drawMap(); } });
  const legend = $("legend");
  for (const [g, col] of Object.entries(GROUP_COLORS)) if ((DATA.groups[g] || []).length)
    legend.append(el("span", {style: `--c:${col}`, text: g}));
  legend.append(el("span", {style: "--c:#9aa1b0", text: "other words (darker: the 500 most frequent)"}));
}
function controlMapHere(t) { return HAS_CONTROL && t === "in" && Boolean(DATA.control); }
function mapShowsControl() { return ctlOn() && controlMapHere(state.vec); }
const MAP_NEAR = new Map();
function mapNeighbours(i) {                            // the lines' words: 8 nearest among the page's words (the control's: query's list)
  const key = `${mapShowsControl()}:${state.vec}:${state.epoch}:${i}`;   // cached: every frame of an animation or a drag draws them
  if (!MAP_NEAR.has(key)) MAP_NEAR.set(key, mapShowsControl()
    ? exactNeighbours("control", 1, state.epoch, i, 10).filter(r => r.page).slice(0, 8).map(r => [r.word, r.cos, r.id, r.beyond])
    : neighbors(state.vec, state.epoch, i, 8).map(([w, c, j], r) => [w, c, j, nearChance(state.vec, state.epoch, 1) ? isBeyond(nearChance(state.vec, state.epoch, 1), i, r + 1, c) : null]));
  return MAP_NEAR.get(key);
}
function renderExplore() {
  const e = state.epoch, t = state.vec, f = state.fit, ctl = mapShowsControl();
  const qual = ctl ? (META.control_quality || []).find(r => String(r.epoch) === e) : QUALITY.get(e);
  const ex = f === "groups" ? DATA.fits[t].explained[e] : DATA.explained[t][e];
  const coloured = DATA.plotted.groups.filter(g => g !== "frequent").length;
  const fitted = f === "groups" ? `the ${DATA.plotted.words.length} words the figures plot (${coloured} coloured, ` +
    `${DATA.plotted.words.length - coloured} frequent ones)`
    : `all ${nice(N)} words of this page`;
  const kind = mapKind(), shown = shownMapName(e, ctl), trust = mapTrust(e, ctl, shown), other = HAS_CONTROL ? mapTrust(e, !ctl, shown) : null;
  $("map-title").textContent = `${kind === "tsne" ? "t-SNE map" : "2D map"} · ${TABLE_NAME[t]} · ${epochName(e)}` + (ctl ? " · control (shuffled text)" : "");
  $("map-fit").value = kind === "tsne" ? "tsne" : f;
  const stats = clear($("map-stats"));
  const stat = (k, v, id) => stats.append(el("span", id ? {id} : {}, k + " ", el("b", {text: v})));
  stat("Words:", kind === "tsne" ? `${nice(TSNE.n)} on this map (of the page's ${nice(N)})` : `${nice(N)} of ${nice(META.vocab_size)}`);
  stat("Dimensions:", String(D));
  if (kind === "pca" && !isZero(t, e) && !ctl) stat("The 2 axes keep:", `${pct(100 * (ex[0] + ex[1]))} of the variance of ${f === "groups" ? "the plotted words" : "the page's words"}`);
  if (trust !== null) stats.append(el("span", {class: "trust"}, "Trustworthiness: ", el("b", {text: trust.toFixed(3)}),
    other !== null ? ` (${ctl ? "the run's" : "the control's"} ${other.toFixed(3)})` : ""));   // (a phone: in the note)
  const st = (DATA.structure || {})[t];
  if (st && e in st.share) stat("Structure:", ctl ? `${pct(100 * st.control[e], 0)} (the run's ${pct(100 * st.share[e], 0)})`
    : e in st.control ? `${pct(100 * st.share[e], 0)} (the control's ${pct(100 * st.control[e], 0)})` : pct(100 * st.share[e], 0), "map-structure-stat");
  if (qual && "wordsim" in qual) stat(`${ctl ? "The control's" : "W_in's"} WordSim-353 ρ:`, qual.wordsim.toFixed(3));
  if (qual && "analogies" in qual) stat(`${ctl ? "The control's" : "W_in's"} analogies:`, pct(100 * qual.analogies));
  const fe = META.fit;
  $("map-note").textContent = (ctl ? `The control's ${TABLE_NAME[t]} rows, rotated at each epoch onto the run's rows of the same epoch (orthogonal ` +
    `Procrustes on this page's words) and drawn on the run's map of that epoch: at epoch 0 the two are the same tables, so the same picture. ` : "") +
    (FILE_ONLY ? `Each word's row in ${FILE_ONLY} is scaled to length 1 and drawn on the two PCA axes (principal component analysis: the two ` +
      `directions along which ${fitted} spread most). ` :
    `Each word's ${TABLE_NAME[t]} row is scaled to length 1; every epoch is rotated onto epoch ${fe.epoch} ` +
    `(orthogonal Procrustes: the rotation that best lines up the ${nice(fe.words)} words of this page with epoch ${fe.epoch}, in all ${D} dimensions) ` +
    `and drawn on the two PCA axes (principal component analysis: the two directions along which ${fitted} spread most at ` +
    `epoch ${fe.epoch}), the same axes and scale at every epoch, so a word that moves here moved in the full space too (though not every ` +
    `move in the full space shows here). `) + mapVarianceSentence(t, f) + ` 2D distances are approximate: neighbours, similarities and the ` +
    `structure number are computed in all ${D} dimensions.` + (t === "in" ? mapKindNote() : "");
  if (kind === "tsne") $("map-note").textContent = tsneNote();
  drawStructure(t);
  if (!map.view || map.table !== t + f + kind || !(map.view.s > 0)) { if (map.table && !map.table.endsWith(kind)) map.shown = null;
    map.table = t + f + kind; resetView(); }
  const box = clear($("map-msg"));
  $("map-search").value = state.find;
  if (state.find && lookup(state.find, box, w => set({find: w})) < 0) state.find = "";
  if (ctlOn() && !ctl) box.append(el("div", {class: "msg", id: "map-nocontrol", text: `The control's map is on this page for W_in only ` +
    `(its ${TABLE_NAME[t]} rows are not stored): this is the run's. ${queryCommand("neighbors WORD", {control: true, vectors: t})} asks the control's ${TABLE_NAME[t]}.`}));
  const below = clear($("map-below"));                 // (under the map: a phone's first screen keeps the map)
  if (HAS_CONTROL && t === "in" && !isZero(t, e)) below.append(mapControlSentence(e));
  if ($("map-trails").checked) box.append(el("p", {class: "small", id: "map-trails-note", text: `Trails: each coloured word's place at ` +
    `epoch ${EPOCHS.filter(ep => !isZero(t, ep)).join(" → ")}, one line per word, the arrow at the last; the dot is where it is at ${epochName(e)}.`}));
  if (state.find && INDEX.has(state.find) && !isZero(t, e)) {           // the lines to the searched word's neighbours, weighed
    const i = INDEX.get(state.find), near = mapNeighbours(i), beyond = near.filter(r => r[3]).length;
    box.append(el("p", {class: "small", id: "map-find-note", text: `Lines: ${q(WORDS[i])}'s ${near.length} nearest words in all ${D} dimensions ` +
      (ctl ? `among this page's words in the control's list (query's, among all words)` : `among this page's words`) +
      (!HAS_CONTROL ? `. ${controlNote("verdicts")}` : `; ${beyond} of them beyond chance` + (beyond ? " (the Neighbours view marks which)." : e === "0"
        ? " — at epoch 0 the run is its control: nothing is learned yet." : " — the control at the same epoch puts its words' neighbours this close too."))}));
  }
  if (isZero(t, e)) $("map-note").textContent = `${TABLE_NAME[t]} is all zero before training (word2vec starts it at zero): a zero row ` +
    `has no direction to scale to length 1, so every word sits at one point and there is no structure number. Pick a later epoch, or W_in.`;
  if (ctl && kind === "tsne" && !controlTsneHere(e)) box.append(el("div", {class: "msg", id: "map-notsne", text: `The control's t-SNE map is on ` +
    `this page at epoch ${Object.keys(DATA.control.tsne ? DATA.control.tsne.coords : {}).join(" and ")} only (one takes seconds): this is its PCA map.`}));
  if (state.mapk === "tsne" && kind !== "tsne") box.append(el("div", {class: "msg", text: TSNE ? `The t-SNE map is made for ` +
    `W_in only (it takes seconds per epoch): this is PCA's map of ${TABLE_NAME[t]}.` : "This page holds no t-SNE map."}));
  renderMapKept(state.find && !ctl ? INDEX.get(state.find) ?? -1 : -1);
  const key = t + ":" + e + ":" + f + ":" + kind + ":" + ctl;
  if (map.key !== key) { map.key = key; animateTo(); } else drawMap();
  map.key = key;
}
function mapControlSentence(e) {                       // computed: what the control's map learned, and what only the run's did
  const st = (DATA.structure || {}).in, med = DATA.control.pairs_median[e], mine = quantile("in", e, 0.5);
  const text = `Trained on the same words shuffled, the control at ${epochName(e)}: two random words of this page have a median cosine of ` +
    `${fmt(med, 2)} (the run's: ${fmt(mine, 2)})` + (e === "0" ? ` — the same tables: nothing is learned yet.` :
    (med > 0.5 ? `: every row leans one way, in the control as in the run, so closeness here is lean, not meaning` : `: its rows have spread out`) +
    (st && e in st.control ? `; its coloured groups ${st.control[e] >= st.share[e] ? "gather as much as the run's" : "do not gather"} ` +
      `(structure ${pct(100 * st.control[e], 0)} against the run's ${pct(100 * st.share[e], 0)}). What only the real run learned is which words share contexts.` : "."));
  return el("p", {class: "small", id: "map-control", text});
}
function structureSentence(st) {                       // computed: each epoch's share against the control's at the same epoch
  const E = Object.keys(st.share), C = E.filter(e => e in st.control), above = C.filter(e => st.share[e] > st.control[e]);
  const rest = C.filter(e => !above.includes(e)), last = E[E.length - 1];
  const where = !C.length ? controlNote("chance level") : !above.length ? "no epoch is above the control's" : !rest.length ? "above the control's at every epoch"
    : `not above the control's at epoch ${rest.join(", ")}, above it at ${above.join(", ")}`;
  return `Structure, in all ${D} dimensions: of the ${st.words} words of the ${st.groups} coloured groups, the share whose nearest coloured word ` +
    `is of its own group — ${E.map(e => `${pct(100 * st.share[e], 0)} ${FILE_ONLY ? "in the file" : `${atEpoch(e)}`}`).join(", ")}` +
    (C.length ? `; ${CONTROL_NAME}, its chance level, gets ${C.map(e => pct(100 * st.control[e], 0)).join(", ")}, so ${where}. ` : `. ${where}. `) +
    `${FILE_ONLY ? "In the file" : `At epoch ${last}`}, ${Math.round(st.share[last] * st.words)} of ${st.words}. The report and figures/structure.png give the same numbers.`;
}
function drawStructure(t) {
  const st = (DATA.structure || {})[t], cv = $("map-structure"), note = $("map-structure-note");
  if (!st) { note.textContent = "Too few of the coloured groups' words are in this vocabulary for a structure number."; return; }
  note.textContent = structureSentence(st);
  if (!sizeOf(cv)[0]) return;
  const E = Object.keys(st.share), {ctx, X, Y} = drawChartFrame(cv, 0, 100, E);
  const C = E.filter(e => e in st.control);
  if (C.length) { ctx.strokeStyle = "#8a94a6"; ctx.fillStyle = "#8a94a6"; ctx.setLineDash([4, 3]); ctx.lineWidth = 2; ctx.beginPath();
    C.forEach((e, k) => { const x = X(E.indexOf(e)), y = Y(100 * st.control[e]); k ? ctx.lineTo(x, y) : ctx.moveTo(x, y); }); ctx.stroke(); ctx.setLineDash([]);
    C.forEach(e => { ctx.beginPath(); ctx.arc(X(E.indexOf(e)), Y(100 * st.control[e]), 3, 0, 2 * Math.PI); ctx.fill(); }); }
  ctx.strokeStyle = "#1f77b4"; ctx.fillStyle = "#1f77b4"; ctx.lineWidth = 2; ctx.beginPath();
  E.forEach((e, i) => { const y = Y(100 * st.share[e]); i ? ctx.lineTo(X(i), y) : ctx.moveTo(X(i), y); }); ctx.stroke();
  E.forEach((e, i) => { ctx.beginPath(); ctx.arc(X(i), Y(100 * st.share[e]), e === state.epoch ? 5 : 3, 0, 2 * Math.PI); ctx.fill(); });
  ctx.lineWidth = 1; ctx.fillStyle = "#5b6474"; ctx.fillText(C.length ? "% same group (dashed: the control)" : "% same group", 48, 12);
}
function mapVarianceSentence(t, f = "all") {            // computed: what the explained variance does over epochs
  const ex = f === "groups" ? DATA.fits[t].explained : DATA.explained[t];
  const live = EPOCHS.filter(e => !isZero(t, e)), v = live.map(e => ex[e][0] + ex[e][1]);
  if (live.length < 2) return "";
  const top = v.indexOf(Math.max(...v));
  let s = `The two axes keep ${live.map((e, k) => `${pct(100 * v[k])} ${atEpoch(e)}`).join(", ")} of each epoch's variance`;
  if (live[0] === "0") s += ` — little at epoch 0, where random rows favour no direction`;
  if (top > 0 && top < live.length - 1) s += `; most at epoch ${live[top]}, when words still move together along a few directions, then less as they spread out over many`;
  return s + ".";
}
