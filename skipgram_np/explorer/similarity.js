// The "Similarity" view: the cosine of two words, placed among the random pairs of the same epoch
// (percentile) and as neighbour ranks, across all epochs, judged against the control (chance.js).
// The example pairs in W_in: query's rows among all words (facts.js, `query RUN similarity a b`); any other pair,
// table or the typed ones: computed here among the page's words, as `query RUN --among N similarity a b` does.
function liveRows(t, a, b) {                           // epochs.similarity_rows among the page's words
  return EPOCHS.map(e => {
    if (isZero(t, e)) return {epoch: e, zero: true};
    const cos = cosine(t, e, a, b), rab = rankOf(t, e, a, b), rba = rankOf(t, e, b, a);
    const r = {epoch: e, zero: false, cos, median: quantile(t, e, 0.5), p5: quantile(t, e, 0.05), p95: quantile(t, e, 0.95),
      percentile: percentile(t, e, cos), rank_ab: rab, rank_ba: rba, related: isRelated(t, e, a, b, cos, rab, rba), control_cos: null,
      pair_line: pageChance(t, e) ? pairLine(t, e, a, b) : null};
    r.text = {cos: pySigned(cos, 4), percentile: pyFixed(r.percentile, 2), control: "",
      band: `${pySigned(r.median, 3)} [${pySigned(r.p5, 3)} .. ${pySigned(r.p95, 3)}]`};
    return r;
  });
}
// The rows shown: {rows, exact, control (the run's view of the control's cosine is in rows), command}, or a message.
function simSource(t, a, b) {
  const fact = t === "in" ? simFact(a, b) : null, pair = `similarity ${shq(WORDS[a])} ${shq(WORDS[b])}`;
  if (ctlOn()) {
    if (fact && fact.control) return {rows: fact.control, exact: true, command: queryCommand(pair, {control: true})};
    return {message: `The control's numbers for this pair are not on this page (it holds them for the example pairs, in W_in): ` +
      `${queryCommand(pair, {control: true, vectors: t})} prints them. Below: the run's, among this page's words.`,
      rows: liveRows(t, a, b), exact: false, command: queryCommand(pair, {among: true, vectors: t})};
  }
  if (fact) return {rows: fact.run, exact: true, command: queryCommand(pair)};
  return {rows: liveRows(t, a, b), exact: false, command: queryCommand(pair, {among: true, vectors: t})};
}
function standing(r, a, b) {                           // the badge: related (chance.js) or not, and why
  const [x, y] = r.rank_ab <= r.rank_ba ? [WORDS[a], WORDS[b]] : [WORDS[b], WORDS[a]], rank = Math.min(r.rank_ab, r.rank_ba);
  if (r.related === null) return [HAS_CONTROL ? "no verdict at this epoch" : "no verdict: this run has no control", "var(--none)"];
  if (r.related && r.cos > r.pair_line) return [`related: closer than ${LEVEL} of the control's pairs of these frequencies`, "var(--good)"];
  if (r.related) return [`related: ${q(y)} is no. ${nice(rank)} among ${q(x)}'s neighbours, beyond chance`, "var(--good)"];
  return [`not beyond chance: the control's pairs of these frequencies reach ${minus(pySigned(r.pair_line, 3))} (${LEVEL})` +
    (rank <= 10 ? `, and no. ${nice(rank)} among ${q(x)}'s neighbours is within chance` : ""), "var(--none)"];
}
function renderSimilarity() {
  $("sim-a").value = state.a; $("sim-b").value = state.b;
  const box = clear($("sim-msg")), e = state.epoch, t = state.vec;
  if (!state.a && !state.b) { renderGuide(null); return; }
  const a = lookup(state.a, box, w => set({a: w})), b = lookup(state.b, box, w => set({b: w}));
  if (a < 0 || b < 0 || zeroNote(box)) { $("sim-title").textContent = `Similarity · ${TABLE_NAME[t]} · ${epochName(e)}`;
    clear($("sim-result")).append("—"); clear($("sim-epochs")); renderGuide(null); drawSimChart(null); return; }
  const src = simSource(t, a, b), r = src.rows[EPOCHS.indexOf(e)], [label, col] = standing(r, a, b);
  if (src.message) box.append(el("div", {class: "msg", id: "sim-nocontrol", text: src.message}));
  $("sim-title").textContent = `cos(${WORDS[a]}, ${WORDS[b]}) at ${epochName(e)}` + (ctlOn() && src.exact ? " · control" : "");
  $("sim-result").classList.remove("muted"); $("sim-epochs").classList.remove("muted");
  const among = src.exact ? `all ${nice(META.vocab_size)} words of the vocabulary (float32)` : `the ${nice(N)} words of this page (its 8-bit rows)`;
  clear($("sim-result")).append(
    el("div", {class: "bigscore", id: "sim-value", text: minus(r.text.cos)}),
    el("div", {}, el("span", {class: "tag", style: `background:${col}`, text: label})),
    el("p", {}, "Higher than ", el("b", {id: "sim-pct", text: `${r.text.percentile} %`}), ` of ${nice(META.baseline.pairs)} random pairs of ${among} at this epoch.`),
    el("p", {}, `Among the neighbours of ${q(WORDS[a])}, ${q(WORDS[b])} is `, el("b", {id: "sim-rank-ab", text: `no. ${nice(r.rank_ab)}`}),
      `; among those of ${q(WORDS[b])}, ${q(WORDS[a])} is `, el("b", {id: "sim-rank-ba", text: `no. ${nice(r.rank_ba)}`}), ` — among the other words of ` +
      (src.exact ? `the vocabulary.` : `this page.`)),
    el("p", {class: "small", id: "sim-universe"}, `Computed among ${among}` + (src.exact ? "" : `, on this page`) + `: `, el("code", {text: src.command}),
      ` prints the same numbers.` + (src.exact || t !== "in" ? "" : ` (Without --among, query ranks among all ${nice(META.vocab_size)} words.)`)),
    HAS_CONTROL ? "" : el("p", {class: "small", id: "sim-control-missing", text: controlNote("verdicts")}),
    cmpSimilarityLine(a, b));                                                   // explore --compare FILE
  const tbl = el("table", {class: "list", id: "sim-table"}), ctl = src.rows.some(x => x.control_cos !== null && x.control_cos !== undefined);
  tbl.append(el("tr", {}, el("th", {text: "epoch"}), el("th", {class: "num", text: "cosine"}), ctl ? el("th", {class: "num ctl", text: "control"}) : "",
    el("th", {class: "num band", text: "random pairs: median [5 .. 95 %]"}), el("th", {class: "num", text: "above"}),
    el("th", {class: "num", text: `rank of ${WORDS[b]}`}), el("th", {class: "num rank-ba", text: `rank of ${WORDS[a]}`}), el("th", {class: "related", text: ""})));
  for (const x of src.rows) {
    const row = el("tr", {"data-epoch": x.epoch}, el("td", {}, (x.epoch === e ? "▶ " : "") + x.epoch, x.epoch === "0" ? el("span", {class: "untrained", text: " (untrained)"}) : ""));
    if (x.zero) { row.append(el("td", {colspan: "6", class: "muted", text: `${TABLE_NAME[t]} is all zero`})); tbl.append(row); continue; }
    row.append(el("td", {class: "num", text: minus(x.text.cos)}), ctl ? el("td", {class: "num ctl", text: minus(x.text.control)}) : "",
      el("td", {class: "num band", text: x.text.band.replace(/-(?=\d)/g, "−")}), el("td", {class: "num", text: `${x.text.percentile} %`}),
      el("td", {class: "num", text: `no. ${nice(x.rank_ab)}`}), el("td", {class: "num rank-ba", text: `no. ${nice(x.rank_ba)}`}),
      el("td", {class: "related", text: x.related ? "related" : ""}));
    tbl.append(row);
  }
  clear($("sim-epochs")).append(el("div", {class: "scroll"}, cards(tbl)), simSentence(src.rows, a, b), simControlSentence(t, a, b));
  renderGuide(r);
  drawSimChart(src.rows);
}
function simSentence(rows, a, b) {                     // computed, so no number can contradict it
  const live = rows.filter(x => !x.zero && x.epoch !== "0");
  if (live.length < 2) return el("p", {});
  const f = live[0], l = live[live.length - 1], dir = (x, y) => y > x ? "rose" : y < x ? "fell" : "stayed";
  const related = rows.filter(x => x.related).map(x => x.epoch);
  return el("p", {class: "small", id: "sim-sentence"},
    `From epoch ${f.epoch} to ${l.epoch} the cosine ${dir(f.cos, l.cos)} (${minus(pySigned(f.cos, 3))} → ${minus(pySigned(l.cos, 3))}) while the random pairs' ` +
    `median went ${minus(pySigned(f.median, 3))} → ${minus(pySigned(l.median, 3))}; measured against its own epoch the pair ${dir(f.percentile, l.percentile)} ` +
    `from ${pyFixed(f.percentile, 1)} % to ${pyFixed(l.percentile, 1)} % and among the neighbours of ${q(WORDS[a])}, ${q(WORDS[b])} went from no. ` +
    `${nice(f.rank_ab)} to no. ${nice(l.rank_ab)}. ` + (!HAS_CONTROL ? "" : related.length ? `Related at epoch ${related.join(", ")}.` : "Related at no epoch.") +
    ` “Related”: closer than ${LEVEL} of the control's random pairs of the same two frequencies at that epoch, or one word among the ` +
    `other's 10 nearest and beyond chance at its rank (the control's own pairs earn it about once in 1,000).`);
}
function simControlSentence(t, a, b) {                 // what the control learned of this pair: from query's rows
  const fact = t === "in" ? simFact(a, b) : null;
  if (!fact || !fact.control) return "";
  const pairs = fact.run.map((r, k) => [r, fact.control[k]]).filter(([r]) => !r.zero && r.epoch !== "0");
  if (!pairs.length) return "";
  const lean = pairs.filter(([r, c]) => c.cos >= r.cos).map(([r]) => r.epoch), [r1, c1] = pairs[pairs.length - 1];
  return el("p", {class: "small", id: "sim-control"}, `Trained on the same words shuffled, the control puts ${WORDS[a]} · ${WORDS[b]} at ` +
    pairs.map(([r, c]) => `${minus(c.text.cos)} at epoch ${r.epoch}`).join(", ") + ` (the run: ${pairs.map(([r]) => minus(r.text.cos)).join(", ")}). ` +
    (lean.length ? `At epoch ${lean.join(", ")} the control's cosine is as high as the run's: that closeness is the lean every row takes, not meaning. ` : "") +
    (r1.cos > c1.cos ? `What only the real run learned: at epoch ${r1.epoch} the pair stands at ${r1.text.percentile} % of random pairs, the control's at ` +
      `${c1.text.percentile} %.` : `At epoch ${r1.epoch} the run keeps the pair no closer than the control does.`));
}
function renderGuide(r) {
  const e = state.epoch, g = clear($("sim-guide"));
  $("guide-title").textContent = `Score guide for ${epochName(e)}`;
  if (!r || r.zero) { g.append(isZero(state.vec, e) ? `${TABLE_NAME[state.vec]} is all zero at this epoch.` : "Compute a pair to see its epoch's levels."); return; }
  if (r.pair_line !== null && r.pair_line !== undefined)
    g.append(el("div", {}, el("span", {class: "tag", style: "background:var(--good)", text: `cos > ${minus(pySigned(r.pair_line, 3))}`}),
      `closer than ${LEVEL} of the control's random pairs of these two words' frequencies: “related”`),
      el("div", {}, el("span", {class: "tag", style: "background:var(--good)", text: "or a near neighbour"}),
        `one word among the other's 10 nearest and beyond chance at its rank, as the Neighbours view marks it`));
  else g.append(el("p", {class: "small", text: controlNote("verdicts") || "No control at this epoch."}));
  for (const [v, name] of [[r.p95, "closest 5 % of random pairs (1 in 20 gets here)"], [r.median, "median random pair"]])
    g.append(el("div", {}, el("span", {class: "tag", style: "background:var(--mid)", text: `≥ ${minus(pySigned(v, 3))}`}), name));
  g.append(el("p", {class: "small muted", text: `From ${nice(META.baseline.pairs)} fixed random pairs of the same words as the numbers beside, recomputed for ` +
    `every epoch and table: the same cosine can be unremarkable at one epoch and exceptional at another.`}));
}
function drawSimChart(rows) {
  const cv = $("sim-chart"), live = rows ? rows.filter(r => !r.zero) : [];
  if (!sizeOf(cv)[0] || !live.length) { if (sizeOf(cv)[0]) cv.getContext("2d").clearRect(0, 0, cv.width, cv.height); return; }
  const vals = live.flatMap(r => [r.p5, r.p95, r.cos, ...(r.control_cos === null || r.control_cos === undefined ? [] : [r.control_cos])]);
  const {ctx, X, Y} = drawChartFrame(cv, Math.max(-1, Math.min(...vals) - 0.05), Math.min(1, Math.max(...vals) + 0.05), live.map(r => r.epoch));
  live.forEach((r, i) => {                             // the epoch's random-pair band and median
    const x = X(i); ctx.fillStyle = "rgba(138,148,166,0.25)"; ctx.fillRect(x - 14, Y(r.p95), 28, Y(r.p5) - Y(r.p95));
    ctx.strokeStyle = "#8a94a6"; ctx.beginPath(); ctx.moveTo(x - 14, Y(r.median)); ctx.lineTo(x + 14, Y(r.median)); ctx.stroke();
  });
  if (live.every(r => r.control_cos !== null && r.control_cos !== undefined)) {   // the control's cosine, dashed
    ctx.strokeStyle = "#8a94a6"; ctx.setLineDash([4, 3]); ctx.lineWidth = 1.5; ctx.beginPath();
    live.forEach((r, i) => i ? ctx.lineTo(X(i), Y(r.control_cos)) : ctx.moveTo(X(i), Y(r.control_cos))); ctx.stroke(); ctx.setLineDash([]);
  }
  ctx.strokeStyle = "#3558d6"; ctx.fillStyle = "#3558d6"; ctx.lineWidth = 2; ctx.beginPath();
  live.forEach((r, i) => i ? ctx.lineTo(X(i), Y(r.cos)) : ctx.moveTo(X(i), Y(r.cos))); ctx.stroke();
  live.forEach((r, i) => { ctx.beginPath(); ctx.arc(X(i), Y(r.cos), 4, 0, 2 * Math.PI); ctx.fill();
    const label = `${pyFixed(r.percentile, 1)} %`, lw = ctx.measureText(label).width;
    ctx.fillText(label, Math.min(X(i) + 7, sizeOf(cv)[0] - lw - 2), Y(r.cos) - 6); });
  ctx.lineWidth = 1;
}
