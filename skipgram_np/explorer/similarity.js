// The "Similarity" view: the cosine of two words, placed among the random pairs of the same epoch
// (percentile, score guide) and as neighbour ranks, across all epochs, with its chart.
// The one badge noise cannot earn (epochs.similarity_rows' "related"): closer than every random pair of the
// epoch, or one word among the other's 10 nearest and beyond chance at its rank (query.js verdict). Anything
// less is said as how often a random pair is that close.
function standing(t, e, c, p, rab, rba, a, b) {
  const ch = chanceOf(t, e), near = ch && [rab, rba].some(r => r <= ch.top.length && verdict(ch, r, c) === "beyond");
  if (related(t, e, c)) return [`closer than all ${nice(META.baseline.pairs)} random pairs: related`, "var(--good)", true];
  if (near) return [`a nearest neighbour beyond chance: related`, "var(--good)", true];
  const base = baseline(t, e), closer = base.length - searchsorted(base, c, true), r = Math.min(rab, rba);
  const [x, y] = rab <= rba ? [WORDS[a], WORDS[b]] : [WORDS[b], WORDS[a]];
  const rank = ch && r <= ch.top.length ? `; ${q(y)} is no. ${nice(r)} among ${q(x)}'s neighbours, not beyond what noise's ` +
    `no. ${nice(r)} reaches` : "";
  return [`not beyond noise: ${nice(closer)} of the ${nice(base.length)} random pairs are closer${rank}`, "var(--none)", false];
}
function renderSimilarity() {
  $("sim-a").value = state.a; $("sim-b").value = state.b;
  const box = clear($("sim-msg")), e = state.epoch, t = state.vec;
  renderGuide();
  if (!state.a && !state.b) return;
  const a = lookup(state.a, box, w => set({a: w})), b = lookup(state.b, box, w => set({b: w}));
  if (a < 0 || b < 0 || zeroNote(box)) { $("sim-title").textContent = `Similarity · ${TABLE_NAME[t]} · ${epochName(e)}`; clear($("sim-result")).append("—"); clear($("sim-epochs")); drawSimChart(-1, -1); return; }
  const x = cosine(t, e, a, b), p = percentile(t, e, x), rab = rankOf(t, e, a, b), rba = rankOf(t, e, b, a);
  const [label, col] = standing(t, e, x, p, rab, rba, a, b);
  $("sim-title").textContent = `cos(${WORDS[a]}, ${WORDS[b]}) at ${epochName(e)}`;
  $("sim-result").classList.remove("muted"); $("sim-epochs").classList.remove("muted");
  clear($("sim-result")).append(
    el("div", {class: "bigscore", id: "sim-value", text: fmt(x)}),
    el("div", {}, el("span", {class: "tag", style: `background:${col}`, text: label})),
    el("p", {}, "Higher than ", el("b", {id: "sim-pct", text: pctBelow(p, 2)}), ` of ${nice(META.baseline.pairs)} random word pairs at this epoch.`),
    el("p", {}, `Among the neighbours of ${q(WORDS[a])}, ${q(WORDS[b])} is `, el("b", {id: "sim-rank-ab", text: `no. ${nice(rab)}`}),
      `; among those of ${q(WORDS[b])}, ${q(WORDS[a])} is `, el("b", {id: "sim-rank-ba", text: `no. ${nice(rba)}`}),
      ` — among the ${nice(N - 1)} other words of this page` + (N < META.vocab_size ? `; the report and python -m skipgram_np.query rank ` +
      `among all ${nice(META.vocab_size)} words, so their numbers are larger (the report gives this page's rank in brackets).` : ".")));
  const tbl = el("table", {class: "list", id: "sim-table"});
  tbl.append(el("tr", {}, el("th", {text: "epoch"}), el("th", {class: "num", text: "cosine"}), el("th", {class: "num band", text: "random pairs (5–95 %)"}),
    el("th", {class: "num", text: "higher than"}), el("th", {class: "num", text: `rank of ${WORDS[b]}`}), el("th", {class: "num rank-ba", text: `rank of ${WORDS[a]}`})));
  for (const ep of EPOCHS) {
    const r = el("tr", {"data-epoch": ep}, el("td", {}, (ep === e ? "▶ " : "") + ep, ep === "0" ? el("span", {class: "untrained", text: " (untrained)"}) : ""));
    if (isZero(t, ep)) { r.append(el("td", {colspan: "5", class: "muted", text: "W_out is all zero"})); tbl.append(r); continue; }
    const y = cosine(t, ep, a, b);
    r.append(el("td", {class: "num", text: fmt(y, 3)}),
      el("td", {class: "num band", text: `${fmt(quantile(t, ep, 0.05), 2)} … ${fmt(quantile(t, ep, 0.95), 2)}`}),
      el("td", {class: "num", text: pctBelow(percentile(t, ep, y))}),
      el("td", {class: "num", text: `no. ${nice(rankOf(t, ep, a, b))}`}), el("td", {class: "num rank-ba", text: `no. ${nice(rankOf(t, ep, b, a))}`}));
    tbl.append(r);
  }
  clear($("sim-epochs")).append(el("div", {class: "scroll"}, tbl), simSentence(t, a, b));
  drawSimChart(a, b);
}
function simSentence(t, a, b) {                        // computed, so no number can contradict it
  const live = EPOCHS.filter(e => !isZero(t, e) && e !== "0");
  if (live.length < 2) return el("p", {});
  const e0 = live[0], e1 = live[live.length - 1], c0 = cosine(t, e0, a, b), c1 = cosine(t, e1, a, b);
  const p0 = percentile(t, e0, c0), p1 = percentile(t, e1, c1), r0 = rankOf(t, e0, a, b), r1 = rankOf(t, e1, a, b);
  const m0 = quantile(t, e0, 0.5), m1 = quantile(t, e1, 0.5);
  const dir = (x, y, up, down) => y > x ? up : y < x ? down : "stayed";
  return el("p", {class: "small", id: "sim-sentence"},
    `From epoch ${e0} to ${e1} the cosine ${dir(c0, c1, "rose", "fell")} (${fmt(c0, 3)} → ${fmt(c1, 3)}) while the random pairs' median went ` +
    `${fmt(m0, 3)} → ${fmt(m1, 3)}; measured against its own epoch the pair ${dir(p0, p1, "rose", "fell")} from ${pct(p0)} to ${pct(p1)} ` +
    `and among the neighbours of ${q(WORDS[a])}, ${q(WORDS[b])} went from no. ${nice(r0)} to no. ${nice(r1)}.`);
}
function renderGuide() {
  const e = state.epoch, t = state.vec, g = clear($("sim-guide"));
  $("guide-title").textContent = `Score guide for ${epochName(e)}`;
  if (isZero(t, e)) { g.append("W_out is all zero at this epoch."); return; }
  const b = baseline(t, e);
  g.append(el("div", {}, el("span", {class: "tag", style: "background:var(--good)", text: `cos > ${fmt(b[b.length - 1], 2)}`}),
    `closer than every random pair: a level noise does not reach (“related”)`),
    el("div", {}, el("span", {class: "tag", style: "background:var(--good)", text: "or a near neighbour"}),
      `one word among the other's 10 nearest and beyond chance at its rank, as the Neighbours view marks it (“related” at a lower cosine)`));
  for (const [p, name] of [[0.99, "closest 1 % of random pairs (1 random pair in 100 gets here)"], [0.95, "closest 5 % (1 in 20)"], [0.5, "median random pair"]])
    g.append(el("div", {}, el("span", {class: "tag", style: "background:var(--none)", text: `cos ≥ ${fmt(quantile(t, e, p), 2)}`}), name));
  g.append(el("p", {class: "small muted", text: `From ${nice(META.baseline.pairs)} fixed random pairs of this page's words, recomputed for every epoch and table: ` +
    `the same cosine can be unremarkable at one epoch and exceptional at another.`}));
}
function drawSimChart(a, b) {
  const cv = $("sim-chart"), t = state.vec, live = EPOCHS.filter(e => !isZero(t, e));
  if (!cv.clientWidth || !live.length) return;
  let lo = Infinity, hi = -Infinity;
  for (const e of live) { lo = Math.min(lo, quantile(t, e, 0.05)); hi = Math.max(hi, quantile(t, e, 0.95));
    if (a >= 0) { const c = cosine(t, e, a, b); lo = Math.min(lo, c); hi = Math.max(hi, c); } }
  const {ctx, X, Y} = drawChartFrame(cv, Math.max(-1, lo - 0.05), Math.min(1, hi + 0.05), live);
  live.forEach((e, i) => {                             // the epoch's random-pair band and median
    const x = X(i); ctx.fillStyle = "rgba(138,148,166,0.25)";
    ctx.fillRect(x - 14, Y(quantile(t, e, 0.95)), 28, Y(quantile(t, e, 0.05)) - Y(quantile(t, e, 0.95)));
    ctx.strokeStyle = "#8a94a6"; ctx.beginPath(); ctx.moveTo(x - 14, Y(quantile(t, e, 0.5))); ctx.lineTo(x + 14, Y(quantile(t, e, 0.5))); ctx.stroke();
  });
  if (a < 0) return;
  ctx.strokeStyle = "#3558d6"; ctx.fillStyle = "#3558d6"; ctx.lineWidth = 2; ctx.beginPath();
  live.forEach((e, i) => { const y = Y(cosine(t, e, a, b)); i ? ctx.lineTo(X(i), y) : ctx.moveTo(X(i), y); }); ctx.stroke();
  live.forEach((e, i) => { const c = cosine(t, e, a, b); ctx.beginPath(); ctx.arc(X(i), Y(c), 4, 0, 2 * Math.PI); ctx.fill();
    const label = pctBelow(percentile(t, e, c)), lw = ctx.measureText(label).width;
    ctx.fillText(label, Math.min(X(i) + 7, cv.clientWidth - lw - 2), Y(c) - 6); });
  ctx.lineWidth = 1;
}
