// The Analogy view's picture: 3CosAdd's geometry on the plane that holds the two offsets (directions.analogy_plane):
// origin B̂, x along Â − B̂, y the part of Ĉ − B̂ orthogonal to it. B, A, C and the tip T = Â − B̂ + Ĉ lie in it
// (T = A + C): a parallelogram at every epoch, noise included. What tells learning is where the expected answer D
// lies against T: it is drawn at its true distance |T − D̂| from the tip (in the direction of its projection), with
// a ring at the distance of a typical word (the median over the words of |T − ŵ|): at epoch 0, D sits on the ring
// like any word. The offered questions' planes come from Python on all words (facts.js), for the run and the
// control; a typed question's from the page's rows. Labels are placed where they cover no other label.
function analogyPlane(t, e, a, b, c, others) {        // -> {points: {name: {x, y, off}}, dist: {name: |T − ŵ|}, typical}
  const u = UNITS(t, e), A = row(u, a), B = row(u, b), C = row(u, c);
  const e1 = axScaled(A.map((v, k) => v - B[k])), e2 = axOrthogonal(C.map((v, k) => v - B[k]), e1);
  const tip = A.map((v, k) => v - B[k] + C[k]);
  const place = p => {
    const v = p.map((x, k) => x - B[k]), x = axDot(v, e1), y = axDot(v, e2);
    let r = 0; for (let k = 0; k < D; k++) r += (v[k] - x * e1[k] - y * e2[k]) ** 2;
    return {x, y, off: Math.sqrt(r)};
  };
  const points = {A: place(A), B: place(B), C: place(C), tip: place(tip)}, dist = {}, all = new Float64Array(N);
  for (const [name, i] of Object.entries(others)) {
    points[name] = place(row(u, i));
    let s = 0; for (let k = 0; k < D; k++) s += (tip[k] - u[i * D + k]) ** 2;
    dist[name] = Math.sqrt(s);
  }
  for (let j = 0; j < N; j++) { let s = 0; for (let k = 0; k < D; k++) s += (tip[k] - u[j * D + k]) ** 2; all[j] = Math.sqrt(s); }
  all.sort();
  return {points, dist, typical: N % 2 ? all[N >> 1] : (all[N / 2 - 1] + all[N / 2]) / 2};
}
function storedPlane(p) {                              // a plane from facts.js, in analogyPlane's shape
  const points = {};
  for (const [k, [x, y, off]] of Object.entries(p.points)) points[k] = {x, y, off};
  return {points, dist: p.dist, typical: p.typical};
}
function shownAt(pl, name) {                           // where a word is drawn: at its true distance from the tip
  const P = pl.points[name], T = pl.points.tip, dx = P.x - T.x, dy = P.y - T.y, len = Math.hypot(dx, dy), r = pl.dist[name];
  return len > 1e-9 ? {x: T.x + dx / len * r, y: T.y + dy / len * r} : {x: T.x, y: T.y - r};
}
function renderPlane(t, a, b, c, src) {
  const box = clear($("an-plane")), d = src.d, dWord = src.dWord, live = EPOCHS.filter(e => src.rows[e]);
  const names = {A: WORDS[a], B: WORDS[b], C: WORDS[c], D: dWord};
  const make = (e, which) => {                         // one canvas's plane
    const r = src.rows[e], stored = which === "control" ? r.control && r.control.plane : r.plane;
    let pl, top;
    if (stored) { pl = storedPlane(stored); top = which === "control" ? r.control.top : r.top; }
    else if (which === "run") {
      const others = d >= 0 ? {D: d} : {}, ti = INDEX.get(r.top);
      if (ti !== d) others.top = ti;
      pl = analogyPlane(t, e, a, b, c, others); top = r.top;
    } else return null;
    return {e, which, pl, top, rank: which === "control" ? r.control.rank : r.rank};
  };
  const rows = [["run", live.map(e => make(e, "run"))]];
  if (src.exact && src.fact.control) rows.push(["control", live.map(e => make(e, "control"))]);
  const all = rows.flatMap(([, ps]) => ps).filter(Boolean), pts = [];
  for (const p of all) {
    for (const k of ["A", "B", "C", "tip"]) pts.push(p.pl.points[k]);
    for (const k of ["D", "top"]) if (p.pl.points[k]) pts.push(shownAt(p.pl, k));
    const T = p.pl.points.tip; pts.push({x: T.x - p.pl.typical, y: T.y - p.pl.typical}, {x: T.x + p.pl.typical, y: T.y + p.pl.typical});
  }
  const F = {x0: Math.min(...pts.map(p => p.x)), x1: Math.max(...pts.map(p => p.x)), y0: Math.min(...pts.map(p => p.y)), y1: Math.max(...pts.map(p => p.y))};
  for (const [which, ps] of rows) {
    const grid = el("div", {class: "planes", "data-row": which});
    box.append(el("p", {class: "small planes-head", text: which === "run" ? "The run:" : `The control (trained on the same words shuffled), the same question:`}), grid);
    for (const p of ps) {
      const cv = el("canvas", {class: "plane", "data-epoch": p.e, "data-row": which, "aria-label": `the parallelogram at epoch ${p.e} (${which})`});
      grid.append(el("figure", {class: p.e === state.epoch ? "now" : ""}, cv, el("figcaption", {class: "small", text: epochName(p.e)})));
      p.cv = cv;
    }
  }
  const tbl = el("table", {class: "list", id: "an-plane-table"}), ctl = rows.length > 1;
  tbl.append(el("tr", {}, el("th", {text: "epoch"}), el("th", {class: "num ab", text: "|A − B|"}),
    d >= 0 || dWord ? el("th", {class: "num", text: `tip → ${dWord}`}) : "", dWord ? el("th", {class: "num off", text: "of it off the plane"}) : "",
    el("th", {class: "num", text: "a typical word"}), el("th", {text: "nearest to the tip"}),
    ctl && dWord ? el("th", {class: "num ctl", text: `control: tip → ${dWord} (typical)`}) : ""));
  rows[0][1].forEach((p, k) => {
    const near = p.pl.dist.top === undefined ? p.pl.dist.D : p.pl.dist.top, cp = ctl ? rows[1][1][k] : null;
    tbl.append(el("tr", {"data-epoch": p.e}, el("td", {text: (p.e === state.epoch ? "▶ " : "") + p.e}),
      el("td", {class: "num ab", text: p.pl.points.A.x.toFixed(3)}),
      dWord ? el("td", {class: "num", text: p.pl.dist.D.toFixed(3)}) : "", dWord ? el("td", {class: "num off", text: p.pl.points.D.off.toFixed(3)}) : "",
      el("td", {class: "num", text: p.pl.typical.toFixed(3)}), el("td", {text: `${p.top} (${near === undefined ? "—" : near.toFixed(3)})`}),
      cp && dWord ? el("td", {class: "num ctl", text: `${cp.pl.dist.D.toFixed(3)} (${cp.pl.typical.toFixed(3)})`}) : ""));
  });
  box.append(el("div", {class: "scroll"}, cards(tbl)), planeSentence(rows, dWord));
  for (const [, ps] of rows) for (const p of ps) drawPlane(p, F, names);
}
function planeSentence(rows, dWord) {                  // computed from the table above it
  const run = rows[0][1], first = run[0], last = run[run.length - 1], ctl = rows[1] ? rows[1][1][rows[1][1].length - 1] : null;
  let text = `|T − ŵ|² = |T|² + 1 − 2|T| cos(w, T): the word nearest the tip T is the 3CosAdd answer (question words aside). ` +
    `The parallelogram B, A, T, C is one at every epoch, noise included: T is made from A, B and C. `;
  if (dWord) {
    const how = p => `${p.pl.dist.D.toFixed(3)} from the tip, a typical word ${p.pl.typical.toFixed(3)}`;
    text += `${q(dWord)} is ${how(first)} at ${epochName(first.e)}` + (first.pl.dist.D >= 0.95 * first.pl.typical ? " — as far as any word" : "") +
      `; at epoch ${last.e} ${how(last)}, no. ${nice(last.rank)}` + (ctl ? `; in the control at epoch ${ctl.e} ${how(ctl)}, no. ${nice(ctl.rank)}.` : ".");
  } else text += `Type the expected answer (the 4th box) to see where it lies.`;
  return el("p", {class: "small", id: "an-plane-sentence", text});
}
function drawPlane(p, F, name) {
  const cv = p.cv, dpr = window.devicePixelRatio || 1;
  const [w, h] = sizeOf(cv);
  if (!w) return;
  cv.width = Math.round(w * dpr); cv.height = Math.round(h * dpr);
  const ctx = cv.getContext("2d"), pad = 22; ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const s = Math.min((w - 2 * pad) / Math.max(F.x1 - F.x0, 1e-9), (h - 2 * pad) / Math.max(F.y1 - F.y0, 1e-9));
  const X = v => w / 2 + (v - (F.x0 + F.x1) / 2) * s, Y = v => h / 2 - (v - (F.y0 + F.y1) / 2) * s;   // one scale for x and y
  const P = p.pl.points, T = P.tip, line = (a, b, col, dash) => { ctx.strokeStyle = col; ctx.setLineDash(dash || []); ctx.beginPath();
    ctx.moveTo(X(a.x), Y(a.y)); ctx.lineTo(X(b.x), Y(b.y)); ctx.stroke(); ctx.setLineDash([]); };
  ctx.lineWidth = 1;
  ctx.strokeStyle = "#c9d0dc"; ctx.setLineDash([3, 3]); ctx.beginPath(); ctx.arc(X(T.x), Y(T.y), p.pl.typical * s, 0, 2 * Math.PI); ctx.stroke(); ctx.setLineDash([]);
  ctx.lineWidth = 1.5;
  line(P.B, P.A, "#3558d6"); line(P.B, P.C, "#d9822b"); line(P.A, T, "#d9822b", [5, 4]); line(P.C, T, "#3558d6", [5, 4]);
  const Dat = P.D ? shownAt(p.pl, "D") : null, topAt = P.top ? shownAt(p.pl, "top") : null;
  if (Dat) line(T, Dat, "#1f8a4c", [2, 3]);
  ctx.strokeStyle = "#1d2330"; ctx.lineWidth = 2; ctx.beginPath(); ctx.arc(X(T.x), Y(T.y), 5, 0, 2 * Math.PI); ctx.stroke();
  const dots = [[P.B, "#1d2330", 3.5], [P.A, "#3558d6", 3.5], [P.C, "#d9822b", 3.5]];
  if (topAt) dots.push([topAt, "#8a94a6", 3]);
  if (Dat) dots.push([Dat, "#1f8a4c", 3.5]);
  for (const [pt, col, r] of dots) { ctx.fillStyle = col; ctx.beginPath(); ctx.arc(X(pt.x), Y(pt.y), r, 0, 2 * Math.PI); ctx.fill(); }
  // Labels, most important first, each at the first of 12 spots around its dot that covers no label or dot and stays inside.
  ctx.font = "12px system-ui, sans-serif";
  const placed = [], blocked = dots.map(([pt]) => [X(pt.x) - 4, Y(pt.y) - 4, X(pt.x) + 4, Y(pt.y) + 4]).concat([[X(T.x) - 6, Y(T.y) - 6, X(T.x) + 6, Y(T.y) + 6]]);
  for (const [a, b] of [[P.B, P.A], [P.B, P.C], [P.A, T], [P.C, T], ...(Dat ? [[T, Dat]] : [])]) {   // the lines: a label keeps off them
    const n = Math.ceil(Math.hypot(X(b.x) - X(a.x), Y(b.y) - Y(a.y)) / 4);
    for (let k = 1; k < n; k++) { const x = X(a.x) + (X(b.x) - X(a.x)) * k / n, y = Y(a.y) + (Y(b.y) - Y(a.y)) * k / n; blocked.push([x - 1, y - 1, x + 1, y + 1]); }
  }
  const label = (pt, text, col) => {                   // near spots first; then farther out, with a leader line
    const tw = ctx.measureText(text).width, px = X(pt.x), py = Y(pt.y);
    const spots = [[6, -5], [6, 14], [-tw - 6, -5], [-tw - 6, 14], [-tw / 2, -9], [-tw / 2, 19], [6, -18], [-tw - 6, -18], [6, 27], [-tw - 6, 27]];
    for (const r of [26, 40, 56, 74]) for (let k = 0; k < 16; k++) {
      const a = k * Math.PI / 8, cx = px + r * Math.cos(a), cy = py - r * Math.sin(a);
      spots.push([cx - px - (Math.cos(a) < -0.3 ? tw : Math.cos(a) > 0.3 ? 0 : tw / 2), cy - py + 4]);
    }
    for (const [n, [dx, dy]] of spots.entries()) {
      const bx = [px + dx, py + dy - 10, px + dx + tw, py + dy + 3];
      if (bx[0] < 1 || bx[2] > w - 1 || bx[1] < 1 || bx[3] > h - 1) continue;
      if ([...placed, ...blocked].some(o => bx[0] < o[2] && o[0] < bx[2] && bx[1] < o[3] && o[1] < bx[3])) continue;
      if (n >= 10) {                                   // a leader line from the dot to the label's nearest point
        const lx = Math.max(bx[0], Math.min(px, bx[2])), ly = Math.max(bx[1], Math.min(py, bx[3]));
        ctx.strokeStyle = col; ctx.lineWidth = 0.75; ctx.globalAlpha = 0.6; ctx.beginPath(); ctx.moveTo(px, py); ctx.lineTo(lx, ly); ctx.stroke();
        ctx.globalAlpha = 1;
      }
      placed.push(bx); ctx.fillStyle = col; ctx.fillText(text, bx[0], py + dy); return true;
    }
    return false;
  };
  if (Dat) label(Dat, `${name.D} (${p.pl.dist.D.toFixed(2)})`, "#1f8a4c");
  if (topAt) label(topAt, p.top, "#5b6474");
  label(P.A, name.A, "#3558d6"); label(P.B, name.B, "#1d2330"); label(P.C, name.C, "#d9822b"); label(T, "tip", "#1d2330");
  p.placed = placed; cv.placed = placed;              // (for tests/test_explorer_directions.py)
}
