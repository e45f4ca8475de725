// The "Analogy" view: A − B + C by 3CosAdd or 3CosMul, the expected answer's rank, the top answer at
// every epoch, the example questions labelled with the epoch from which they are answered, and the
// parallelogram on the plane of the two offsets at every epoch (analogyPlane: directions.analogy_plane).
let exampleRanks = null;                               // the table:method the example labels were ranked for
// The chance level of a top answer: the best score of RANDOM_QUESTIONS questions A − B + C of three random
// words of the page (seeded), at one epoch, table and method: its median and maximum. Cached: 4 epochs × a
// few hundred ms the first time.
const RANDOM_QUESTIONS = 100, ANALOGY_CHANCE = new Map();
function analogyChance(t, e, method) {
  const key = `${t}:${e}:${method}`;
  if (!ANALOGY_CHANCE.has(key)) {
    const rng = mulberry32(0xA4A106), tops = [], triples = [];
    for (let n = 0; n < RANDOM_QUESTIONS; n++) {
      const [a, b, c] = [0, 1, 2].map(() => Math.floor(rng() * N));
      if (a === b || b === c || a === c) { n--; continue; }
      tops.push(analogy(t, e, a, b, c, 1, method)[0][1]); triples.push([a, b, c]);
    }
    const sorted = tops.slice().sort((x, y) => x - y);
    ANALOGY_CHANCE.set(key, {median: sorted[sorted.length >> 1], max: sorted[sorted.length - 1], triples, tops});
  }
  return ANALOGY_CHANCE.get(key);
}
function renderAnalogy() {
  $("an-a").value = state.qa; $("an-b").value = state.qb; $("an-c").value = state.qc; $("an-d").value = state.qd; $("an-method").value = state.method;
  fillExampleRanks();
  const box = clear($("an-msg")), res = clear($("an-result")), across = clear($("an-epochs")), t = state.vec, e = state.epoch;
  $("an-title").textContent = "Answers";                 // until this question has answers
  clear($("an-plane")).append("Enter three words above.");
  if (!state.qa && !state.qb && !state.qc) { res.append("Enter three words above."); return; }
  const a = lookup(state.qa, box, w => set({qa: w})), b = lookup(state.qb, box, w => set({qb: w})),
        c = lookup(state.qc, box, w => set({qc: w}));
  const d = state.qd ? lookup(state.qd, box, w => set({qd: w})) : -1;
  if (a < 0 || b < 0 || c < 0 || zeroNote(box)) { res.append("—"); return; }
  $("an-title").textContent = `${WORDS[a]} − ${WORDS[b]} + ${WORDS[c]} = ? (${epochName(e)})`;
  const tbl = el("table", {class: "list", id: "an-table"});
  tbl.append(el("tr", {}, el("th", {class: "num", text: "#"}), el("th", {text: "answer"}), el("th", {class: "num",
    text: state.method === "mul" ? "3CosMul score" : "3CosAdd score"})));
  analogy(t, e, a, b, c, 5, state.method).forEach(([w, s], r) => tbl.append(el("tr", {},
    el("td", {class: "num", text: r + 1}), el("td", {text: w, style: w === WORDS[d] ? "font-weight:700" : ""}), el("td", {class: "num", text: s.toFixed(4)}))));
  res.append(tbl, el("p", {class: "small muted", id: "an-score", text: state.method === "mul"
    ? "score = cos′(w, A) · cos′(w, C) / (cos′(w, B) + 0.001), with cos′ = (1 + cos) / 2 moving each cosine to 0…1: a ratio, so it can exceed 1."
    : "score = cos(w, Â − B̂ + Ĉ), Â being A scaled to length 1."}));
  if (d >= 0) res.append(el("p", {class: "small", id: "an-rank", text: `${q(WORDS[d])} ranks no. ${nice(answerRank(t, e, a, b, c, d, state.method))} among the answers.`}));
  const t2 = el("table", {class: "list", id: "an-epochs-table"});
  t2.append(el("tr", {}, el("th", {text: "epoch"}), el("th", {text: "top answer"}), el("th", {class: "num", text: "score"}),
    el("th", {class: "num chance", title: `the top answer's score of ${RANDOM_QUESTIONS} questions of three random words, at the same epoch`,
      text: "random questions: median (max)"}),
    d >= 0 ? el("th", {class: "num", text: `rank of ${WORDS[d]}`}) : ""));
  for (const ep of EPOCHS) {
    if (isZero(t, ep)) { t2.append(el("tr", {}, el("td", {text: ep}), el("td", {class: "muted", text: "W_out is all zero"}))); continue; }
    const [w, s] = analogy(t, ep, a, b, c, 1, state.method)[0], ch = analogyChance(t, ep, state.method);
    t2.append(el("tr", {}, el("td", {text: (ep === e ? "▶ " : "") + ep}), el("td", {text: w}), el("td", {class: "num", text: s.toFixed(3)}),
      el("td", {class: "num muted chance", text: `${ch.median.toFixed(3)} (${ch.max.toFixed(3)})`}),
      d >= 0 ? el("td", {class: "num", text: `no. ${nice(answerRank(t, ep, a, b, c, d, state.method))}`}) : ""));
  }
  const live = EPOCHS.filter(ep => !isZero(t, ep)), last = live[live.length - 1];
  const above = live.filter(ep => analogy(t, ep, a, b, c, 1, state.method)[0][1] > analogyChance(t, ep, state.method).max);
  let said = `A top score says little on its own: questions of three random words get top scores as high (beside each epoch: ` +
    `${RANDOM_QUESTIONS} of them, at the same epoch), and the whole space changes from epoch to epoch. ` +
    (above.length ? `This question's top score passes all of theirs at epoch ${above.join(", ")}. ` : "");
  if (d >= 0 && live.length) { const n = N - 3, ranks = live.map(ep => answerRank(t, ep, a, b, c, d, state.method)), r = ranks[ranks.length - 1];
    said += `What shows learning is the expected answer's rank: ${q(WORDS[d])} went ${ranks.map((x, k) => `no. ${nice(x)} at ${live[k]}`).join(", ")} ` +
      `among ${nice(n)} candidates (a word picked at random ranks ${nice(Math.round((n + 1) / 2))} on average)` +
      (r > 1 ? `. Mikolov et al. answered such questions from billions of words; ${META.dataset}'s ${nice(META.stats.tokens || 0)} tokens ` +
        `see many of these words too rarely to place them that exactly.` : ".");
  } else said += "Give the expected answer (the fourth field) to follow its rank across the epochs.";
  across.append(el("div", {class: "scroll"}, t2), el("p", {class: "small", id: "an-chance-note", text: said}));
  renderPlane(t, a, b, c, d);
}
function fillExampleRanks() {                          // each example's answer rank at every epoch, for this table and method
  const key = state.vec + ":" + state.method, t = state.vec, how = state.method === "mul" ? "3CosMul" : "3CosAdd";
  const table = {in: "W_in", out: "W_out", sum: "sum"}[t];
  if (exampleRanks === key) return;
  exampleRanks = key;
  const tr = $("an-try");
  [...tr.querySelectorAll("button")].forEach((btn, n) => {
    const [a, b, c, d] = DATA.examples.analogy[n];
    const r = EPOCHS.map(e => isZero(t, e) ? null : answerRank(t, e, INDEX.get(a), INDEX.get(b), INDEX.get(c), INDEX.get(d), state.method));
    const first = firstAnswered(r);
    btn.title = `rank of the answer (${table}, ${how}) at epochs ${EPOCHS.join(", ")}: ${r.map(x => x === null ? "–" : x).join(", ")}`;
    btn.querySelectorAll("span").forEach(x => x.remove());
    btn.append(el("span", {class: "muted", text: first === null ? ` · not first by the last epoch (${table}, ${how})`
      : ` · first from epoch ${first} (${table}, ${how})`}));
  });
}
// The parallelogram: A, B, C, the tip T = Â − B̂ + Ĉ and the answer on the plane that holds the two offsets
// (directions.analogy_plane): origin B̂, x along Â − B̂, y the part of Ĉ − B̂ orthogonal to it; B, A, C and T
// lie in it (T = A + C), any other word is drawn at its projection, with its distance from the plane.
function analogyPlane(t, e, a, b, c, others) {        // -> {points: {name: {x, y, off}}, dist: {name: |T − ŵ|}}
  const u = UNITS(t, e), A = row(u, a), B = row(u, b), C = row(u, c);
  const e1 = axScaled(A.map((v, k) => v - B[k])), e2 = axOrthogonal(C.map((v, k) => v - B[k]), e1);
  const tip = A.map((v, k) => v - B[k] + C[k]);
  const place = p => {
    const v = p.map((x, k) => x - B[k]), x = axDot(v, e1), y = axDot(v, e2);
    let r = 0; for (let k = 0; k < D; k++) r += (v[k] - x * e1[k] - y * e2[k]) ** 2;
    return {x, y, off: Math.sqrt(r)};
  };
  const points = {A: place(A), B: place(B), C: place(C), tip: place(tip)}, dist = {};
  for (const [name, i] of Object.entries(others)) {
    points[name] = place(row(u, i));
    let s = 0; for (let k = 0; k < D; k++) s += (tip[k] - u[i * D + k]) ** 2;
    dist[name] = Math.sqrt(s);
  }
  return {points, dist};
}
function renderPlane(t, a, b, c, d) {
  const box = clear($("an-plane")), live = EPOCHS.filter(e => !isZero(t, e));
  const planes = live.map(e => {
    const top = analogy(t, e, a, b, c, 1, "add")[0][2], others = d >= 0 ? {D: d} : {};
    if (top !== d) others.top = top;
    return {e, top, rank: d >= 0 ? answerRank(t, e, a, b, c, d, "add") : null, ...analogyPlane(t, e, a, b, c, others)};
  });
  const all = planes.flatMap(p => Object.values(p.points)), F = {x0: Math.min(...all.map(p => p.x)), x1: Math.max(...all.map(p => p.x)),
    y0: Math.min(...all.map(p => p.y)), y1: Math.max(...all.map(p => p.y))};
  const grid = el("div", {class: "planes"});
  for (const p of planes) {
    const cv = el("canvas", {class: "plane", "data-epoch": p.e, "aria-label": `the parallelogram at epoch ${p.e}`});
    grid.append(el("figure", {class: p.e === state.epoch ? "now" : ""}, cv, el("figcaption", {class: "small", text: epochName(p.e)})));
    p.cv = cv;
  }
  const name = {A: WORDS[a], B: WORDS[b], C: WORDS[c], D: d >= 0 ? WORDS[d] : ""};
  const tbl = el("table", {class: "list", id: "an-plane-table"});
  tbl.append(el("tr", {}, el("th", {text: "epoch"}), el("th", {class: "num ab", text: "|A − B|"}),
    d >= 0 ? el("th", {class: "num", text: `tip → ${name.D}`}) : "", d >= 0 ? el("th", {class: "num off", text: "of it off the plane"}) : "",
    el("th", {text: "nearest to the tip"}), d >= 0 ? el("th", {class: "num", text: `rank of ${name.D}`}) : ""));
  for (const p of planes) {
    const near = p.top === d ? p.dist.D : p.dist.top;
    tbl.append(el("tr", {"data-epoch": p.e}, el("td", {text: (p.e === state.epoch ? "▶ " : "") + p.e}), el("td", {class: "num ab", text: p.points.A.x.toFixed(3)}),
      d >= 0 ? el("td", {class: "num", text: p.dist.D.toFixed(3)}) : "", d >= 0 ? el("td", {class: "num off", text: p.points.D.off.toFixed(3)}) : "",
      el("td", {text: `${WORDS[p.top]} (${near.toFixed(3)})`}), d >= 0 ? el("td", {class: "num", text: `no. ${nice(p.rank)}`}) : ""));
  }
  box.append(grid, el("div", {class: "scroll"}, tbl), planeSentence(planes, name, d));
  for (const p of planes) drawPlane(p, F, name);
}
function planeSentence(planes, name, d) {            // computed from the table above it
  const first = planes[0], last = planes[planes.length - 1];
  let text = `|T − ŵ|² = |T|² + 1 − 2|T| cos(w, T): the word nearest the tip T is the 3CosAdd answer (question words aside). `;
  if (d >= 0) {
    const closed = planes.filter(p => p.rank === 1).map(p => p.e);
    text += `The tip is ${first.dist.D.toFixed(3)} from ${q(name.D)} at ${epochName(first.e)} and ${last.dist.D.toFixed(3)} at epoch ${last.e} ` +
      `(${last.points.D.off.toFixed(3)} of it out of the plane); ` + (closed.length ? `the parallelogram closes on ${q(name.D)} — it is the ` +
      `nearest word to the tip — at epoch ${closed.join(", ")}.` : `it never closes on ${q(name.D)}: at epoch ${last.e} the nearest word to the ` +
      `tip is ${q(WORDS[last.top])}, and ${q(name.D)} ranks no. ${nice(last.rank)}.`);
  } else text += `Type the expected answer (the 4th box) to see where it lies.`;
  return el("p", {class: "small", id: "an-plane-sentence", text});
}
function drawPlane(p, F, name) {
  const cv = p.cv, dpr = window.devicePixelRatio || 1;
  if (!cv.clientWidth) return;
  cv.width = Math.round(cv.clientWidth * dpr); cv.height = Math.round(cv.clientHeight * dpr);
  const ctx = cv.getContext("2d"), w = cv.clientWidth, h = cv.clientHeight, pad = 26; ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  const s = Math.min((w - 2 * pad) / Math.max(F.x1 - F.x0, 1e-9), (h - 2 * pad) / Math.max(F.y1 - F.y0, 1e-9));
  const X = v => w / 2 + (v - (F.x0 + F.x1) / 2) * s, Y = v => h / 2 - (v - (F.y0 + F.y1) / 2) * s;   // one scale for x and y
  const P = p.points, line = (a, b, col, dash) => { ctx.strokeStyle = col; ctx.setLineDash(dash || []); ctx.beginPath();
    ctx.moveTo(X(a.x), Y(a.y)); ctx.lineTo(X(b.x), Y(b.y)); ctx.stroke(); ctx.setLineDash([]); };
  ctx.lineWidth = 1.5;
  line(P.B, P.A, "#3558d6"); line(P.B, P.C, "#d9822b"); line(P.A, P.tip, "#d9822b", [5, 4]); line(P.C, P.tip, "#3558d6", [5, 4]);
  if (P.D) line(P.tip, P.D, "#1f8a4c", [2, 3]);
  const dotAt = (pt, col, label, r = 3.5, left = false) => { ctx.fillStyle = col; ctx.beginPath(); ctx.arc(X(pt.x), Y(pt.y), r, 0, 2 * Math.PI); ctx.fill();
    ctx.font = "12px system-ui, sans-serif"; ctx.textAlign = left ? "right" : "left";
    ctx.fillText(label, X(pt.x) + (left ? -5 : 5), Y(pt.y) - 5); ctx.textAlign = "left"; };
  dotAt(P.B, "#1d2330", name.B); dotAt(P.A, "#3558d6", name.A); dotAt(P.C, "#d9822b", name.C);
  ctx.strokeStyle = "#1d2330"; ctx.lineWidth = 2; ctx.beginPath(); ctx.arc(X(P.tip.x), Y(P.tip.y), 5, 0, 2 * Math.PI); ctx.stroke();
  ctx.fillStyle = "#1d2330"; ctx.fillText("tip", X(P.tip.x) + 7, Y(P.tip.y) + 14);
  if (P.top) dotAt(P.top, "#8a94a6", WORDS[p.top], 3, true);      // (left of its dot: the answer's label is right of its own)
  if (P.D) dotAt(P.D, "#1f8a4c", `${name.D} (${p.dist.D.toFixed(2)})`);
}
