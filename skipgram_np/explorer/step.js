// The "One step" view: one update of skip-gram with negative sampling (sgns.js) on this run's rows of a
// chosen epoch, for a pair of a real passage: each token's keep probability (subsample.keep_prob), the
// negatives, forward with each score's target s* (targets.py: the shifted PMI from the corpus's window
// counts, which explore.py stores for the listed passages), gradients, SGD's and Adam's update, what
// changed and whether it moved the scores toward their targets, and the step on the maps.
const NOISE_CUM = DATA.counts ? noiseCum(DATA.counts, META.config.ns_exponent) : null;   // P_n(w) ∝ count(w)^0.75 over this page's words (none for a vectors file)
function noiseP(i) { return (NOISE_CUM[i] - (i ? NOISE_CUM[i - 1] : 0)) / NOISE_CUM[N - 1]; }
const STEP = DATA.step || null;                       // passages.step_targets: negatives, window counts, default pair
const ASKED = new Set();                               // the pairs whose count is stored (a missing one is 0)
if (STEP) {
  for (const p of META.samples || []) p.forEach((a, i) => p.forEach((b, j) => { if (i !== j && Math.abs(i - j) <= STEP.window) ASKED.add(a + "\t" + b); }));
  for (const a of Object.keys(STEP.centres)) for (const row of STEP.negatives) for (const b of row) ASKED.add(a + "\t" + b);
}
function keepProb(i) {                                // subsample.keep_prob, with f(w) = count(w) / all tokens
  const c = META.config, f = DATA.counts[i] / (META.stats.tokens || 1), t = c.subsample;
  if (!(t > 0)) return 1;
  return Math.min(1, c.subsample_formula === "word2vec" ? (Math.sqrt(f / t) + 1) * t / f : Math.sqrt(t / f));
}
// targets.shifted_pmi: s* = log(#(c, o) / (#(c) · P_n(o))) − log k, P_n(o) = count(o)^α / Σ count^α; null if not stored.
function target(c, o) {
  const key = WORDS[c] + "\t" + WORDS[o];
  if (!STEP || !(WORDS[c] in STEP.centres) || !ASKED.has(key)) return null;
  const pair = STEP.pairs[key] || 0, centre = STEP.centres[WORDS[c]];
  const pn = Math.pow(DATA.counts[o], META.config.ns_exponent) / STEP.noise_norm;
  return {pair, centre, pn, s: pair ? Math.log(pair) - Math.log(centre) - Math.log(pn) - Math.log(STEP.k) : -Infinity};
}
const fmtTarget = x => x === null ? "—" : x.s === -Infinity ? "−∞" : fmt(x.s, 3);
function targetSentence(t, sPos, c, o, e) {           // computed for the pair shown
  const k = META.config.negatives;
  if (t === null) return `Its target s* needs how often “${WORDS[c]}” and “${WORDS[o]}” meet in the corpus's windows; this page ` +
    `stores those counts for its listed passages only${STEP ? "" : " (the page was written without the corpus)"}.`;
  if (!t.pair) return `“${WORDS[o]}” never falls in a window of “${WORDS[c]}” in the corpus (before subsampling): s* = −∞, this score ` +
    `is only ever pushed down.`;
  const st = t.s, side = st < 0 ? `below 0, so σ(s*) = ${sigma(st).toFixed(3)} < 0.5: “${WORDS[o]}” comes with “${WORDS[c]}” less often than ` +
    `k = ${k} times the noise would put it there, and the objective itself wants this true pair scored as more likely noise`
    : `above 0, so σ(s*) = ${sigma(st).toFixed(3)} > 0.5: “${WORDS[o]}” comes with “${WORDS[c]}” more often than k = ${k} times the noise would`;
  return `The objective pushes s_pos toward s* = log(#(c,o) / (#(c)·P_n(o))) − log k, the shifted PMI: how many times more often o comes ` +
    `with c than the noise draws it, in log, less log k. Here s* = log(${nice(t.pair)} / (${nice(t.centre)} · ` +
    `${t.pn.toExponential(2)})) − log ${k} = ${fmt(st, 3)}: the pair meets ${nice(t.pair)} times in the corpus's windows, ` +
    `“${WORDS[c]}” is the centre of ${nice(t.centre)} pairs, and “${WORDS[o]}” is drawn as noise with P_n = ${t.pn.toExponential(2)}. ` +
    `s* is ${side}. At ${epochName(e)} s_pos = ${fmt(sPos, 3)}, ${Math.abs(sPos - st).toFixed(3)} ${sPos < st ? "below" : "above"} its target` +
    (e === "0" ? "." : `: s* is each score's optimum only if every score could be set on its own (Levy & Goldberg, 2014); with ${D} numbers ` +
      `a row the scores of all pairs share their rows, so training settles where the summed loss is lowest, some scores above their s*, some below.`);
}
const STEP_NOTE = {text: ""};                          // said once, on the render after a click that changed the mode
function stepWords() {                                // the passage: a sample, or the learner's own words
  if (state.own) return state.own.toLowerCase().split(/\s+/).filter(Boolean);
  const samples = META.samples || [];
  return samples.length ? samples[Math.min(samples.length - 1, parseInt(state.sent, 10) || 0)] : [];
}
function setupStep() {
  const sel = $("st-sent");
  (META.samples || []).forEach((s, i) => sel.append(el("option", {value: String(i), text: s.join(" ")})));
  if (!(META.samples || []).length) sel.append(el("option", {value: "0", text: "(this run stored no passages: type one below)"}));
  sel.addEventListener("change", () => set({sent: sel.value, own: "", sc: "", so: ""}));
  for (const b of document.querySelectorAll("#st-pick button")) b.addEventListener("click", () => set({pick: b.dataset.pick}));
  $("st-use").addEventListener("click", () => { const v = $("st-own").value.trim(); if (v) set({own: v, sc: "", so: ""}); });
  $("st-own").addEventListener("keydown", ev => { if (ev.key === "Enter") $("st-use").click(); });
  $("st-redraw").addEventListener("click", () => set({ns: String((parseInt(state.ns, 10) || 0) + 1)}));
}
function vecText(x, n = 4) { return "[" + Array.from(x.slice(0, n), y => fmt(y, 4)).join(", ") + ", …]"; }
function cos(a, b) { const n = norm(a) * norm(b); return n ? dotv(a, b) / n : 0; }
function clearStep(why) {                              // no step to show: say why, and show none
  clear($("st-tokens")).append(why);
  for (const id of ["st-pairs", "st-window", "st-chain", "st-tables", "st-neg-note", "st-negs", "st-forward", "st-grads", "st-update", "st-changed", "st-map-note"]) clear($(id));
  const cv = $("st-map"); cv.getContext("2d").clearRect(0, 0, cv.width, cv.height);
}
function renderStep() {
  const e = state.epoch, c0 = META.config, win = c0.window, k = c0.negatives;
  const words = stepWords(), box = clear($("st-msg"));
  $("st-sent").value = state.sent; $("st-own").value = state.own;
  const ids = words.map(w => INDEX.has(w) ? INDEX.get(w) : -1);
  const missing = words.filter((w, i) => ids[i] < 0);
  if (missing.length) box.append(el("div", {class: "msg", text: `Not among this page's ${nice(N)} words: ${missing.join(", ")} (left out of the windows).`}));
  const ok = ids.map((x, i) => x >= 0 ? i : -1).filter(i => i >= 0);
  if (ok.length < 2) { clearStep("Pick a passage with at least two of this page's words."); return; }
  let sc = parseInt(state.sc, 10), so = parseInt(state.so, 10);
  const standard = STEP && !state.own && (parseInt(state.sent, 10) || 0) === 0 && state.sc === "" && state.so === "";
  if (standard) [sc, so] = STEP.default;              // the pair training sees most surely (passages.step_targets)
  if (!(sc >= 0 && ids[sc] >= 0)) sc = ok.find(i => /\p{L}/u.test(words[i]) && i >= 2) ?? ok[0];
  const inWin = ok.filter(i => i !== sc && Math.abs(i - sc) <= win);
  const noContext = "No context word within the window of this centre: pick another.";
  if (!inWin.includes(so)) so = inWin.find(i => i > sc) ?? inWin[0];
  const pickCentre = state.pick === "c";
  for (const b of document.querySelectorAll("#st-pick button")) b.setAttribute("aria-pressed", String(b.dataset.pick === (pickCentre ? "c" : "o")));
  const toks = clear($("st-tokens"));
  words.forEach((w, i) => toks.append(el("button", {class: "tok" + (i === sc ? " centre" : i === so ? " context" : inWin.includes(i) ? " inwin" : ""),
    text: w, "data-keep": ids[i] < 0 ? "not here" : `keep ${keepProb(ids[i]).toFixed(2)}`,
    title: ids[i] < 0 ? "not on this page" : `subsampling keeps it with probability ${keepProb(ids[i]).toFixed(4)}; ` +
      (pickCentre ? "click to make it the centre c" : i === sc ? "the centre word c" : inWin.includes(i) ? "click to make it o"
        : `outside the window of “${words[sc]}”: click to make it the centre c`),
    onclick: () => {                                  // in context mode a word outside the window becomes the centre, said so
      if (ids[i] < 0) return;
      if (pickCentre) return set({sc: String(i), so: ""});
      if (inWin.includes(i)) return set({sc: String(sc), so: String(i)});
      STEP_NOTE.text = `“${w}” is outside the window of “${words[sc]}” (${win} words on each side), so it became the centre c; ` +
        `tap a word in its window to make it the context o.`;
      set({sc: String(i), so: ""});
    }})));
  if (STEP_NOTE.text) { box.append(el("div", {class: "msg", id: "st-pick-note", text: STEP_NOTE.text})); STEP_NOTE.text = ""; }
  if (!inWin.length) { const keep = [...$("st-tokens").childNodes]; clearStep(""); $("st-tokens").append(...keep);
    box.append(el("div", {class: "msg", text: noContext})); return; }
  const c = ids[sc], o = ids[so];
  $("st-pairs").textContent = `Window ${win} on each side of “${words[sc]}” (blue): ${inWin.length} pair${inWin.length === 1 ? "" : "s"} — ` +
    inWin.map(i => `(${words[sc]}, ${words[i]})`).join(" ") + `. This step takes the pair (c, o) = (${words[sc]}, ${words[so]}) (green). ` +
    `Subsampling keeps “${words[sc]}” with probability ${keepProb(c).toFixed(2)} and “${words[so]}” with ${keepProb(o).toFixed(2)} each time they ` +
    `occur (the small number under each word), so an epoch trains this pair in about ${pct(100 * keepProb(c) * keepProb(o), 0)} of the places ` +
    `they meet` + (keepProb(c) * keepProb(o) < 0.05 ? ` — rarely: pick a pair of rarer words to see a step training actually takes.` : ".") +
    (standard ? " (The page opens on the pair of its passages that training keeps most surely and sees most often together.)" : "");
  // negatives: k draws ∝ count^0.75 among this page's words: the run's stored draws, or from a seeded generator
  const ns = parseInt(state.ns, 10) || 1, rng = mulberry32(0x9E3779B9 ^ ns * 7919);
  const negs = STEP ? STEP.negatives[(ns - 1) % STEP.negatives.length].map(w => INDEX.get(w))
    : Array.from({length: k}, () => drawFrom(NOISE_CUM, rng()));
  $("st-neg-note").textContent = `k = ${k} noise words drawn from P_n(w) ∝ count(w)^${c0.ns_exponent}, here over this page's ${nice(N)} words ` +
    `(they hold ${pct(100 * META.noise_mass_on_page)} of P_n's mass). A draw may hit o itself; word2vec keeps it.`;
  const nt = el("table", {class: "list", id: "st-neg-table"});
  nt.append(el("tr", {}, el("th", {text: "n_k"}), el("th", {class: "num", text: "count"}), el("th", {class: "num", text: "P_n(w)"})));
  negs.forEach((n, i) => nt.append(el("tr", {}, el("td", {text: `n_${i + 1} = ${WORDS[n]}`}), el("td", {class: "num", text: nice(DATA.counts[n])}),
    el("td", {class: "num", text: noiseP(n).toExponential(2)}))));
  clear($("st-negs")).append(nt);
  // the rows of this epoch, copied into small tables: W_in holds v_c, W_out holds u_o and the u_n
  const rowsOut = [...new Set([o, ...negs])], local = new Map(rowsOut.map((r, i) => [r, i]));
  const Win = new Float32Array(rowOf(realRows("in", e), D, c)), Wout = new Float32Array(rowsOut.length * D);
  rowsOut.forEach((r, i) => Wout.set(rowOf(realRows("out", e), D, r), i * D));
  const lo = local.get(o), ln = negs.map(n => local.get(n));
  const before = pairGrads(Win, Wout, D, 0, lo, ln);
  // the run's own rate for its optimizer; for the other one, its default (config.DEFAULT_LR)
  const lrSgd = c0.optimizer === "sgd" ? c0.lr : META.default_lr.sgd, lrAdam = c0.optimizer === "adam" ? c0.lr : META.default_lr.adam;
  const [b1, b2] = c0.adam_betas;
  const sIn = new Float32Array(Win), sOut = new Float32Array(Wout); sgdPair(sIn, sOut, D, 0, lo, ln, lrSgd);
  const aIn = new Float32Array(Win), aOut = new Float32Array(Wout), st = adamState(aIn, aOut);
  adamPair(aIn, aOut, st, D, 0, lo, ln, lrAdam, b1, b2, c0.adam_eps, false);
  const afterS = pairGrads(sIn, sOut, D, 0, lo, ln), afterA = pairGrads(aIn, aOut, D, 0, lo, ln);
  // forward
  const ft = el("table", {class: "list", id: "st-forward-table"});
  const tPos = target(c, o), tNeg = negs.map(n => target(c, n));
  ft.append(el("tr", {}, ...["u (role)", "s = v_c·u", "target s*", "σ(s)", "loss term", "g = ∂L/∂s"].map((h, i) => el("th", {class: i ? "num" : "", text: h}))));
  ft.append(el("tr", {}, el("td", {text: `${WORDS[o]} (u_o)`}), el("td", {class: "num", text: fmt(before.sPos)}),
    el("td", {class: "num", id: "st-target", text: fmtTarget(tPos)}),
    el("td", {class: "num", text: sigma(before.sPos).toFixed(4)}), el("td", {class: "num", title: "−log σ(s_pos)", text: (-logSigma(before.sPos)).toFixed(4)}),
    el("td", {class: "num", title: "σ(s_pos) − 1", text: fmt(before.gPos)})));
  negs.forEach((n, i) => ft.append(el("tr", {}, el("td", {text: `${WORDS[n]} (n_${i + 1})`}), el("td", {class: "num", text: fmt(before.sNeg[i])}),
    el("td", {class: "num", text: fmtTarget(tNeg[i])}),
    el("td", {class: "num", text: sigma(before.sNeg[i]).toFixed(4)}), el("td", {class: "num", title: "−log σ(−s_k)", text: (-logSigma(-before.sNeg[i])).toFixed(4)}),
    el("td", {class: "num", title: "σ(s_k)", text: fmt(before.gNeg[i])}))));
  ft.append(el("tr", {}, el("td", {colspan: "4", text: "L = the sum of the loss terms"}), el("td", {class: "num", id: "st-loss", text: before.loss.toFixed(4)}), el("td", {})));
  const legend = el("p", {class: "small muted", text: "Loss terms: −log σ(s) for the positive, −log σ(−s) for a negative. " +
    "g: σ(s) − 1 for the positive (negative: raising s lowers L), σ(s) for a negative. s*: where the objective, summed over the epoch, " +
    "has its minimum for that score (the shifted PMI of the pair; −∞: never seen together)."});
  clear($("st-forward")).append(cards(ft), legend, el("p", {class: "small", id: "st-target-note", text: targetSentence(tPos, before.sPos, c, o, e)}));
  const zeroOut = DATA.vectors.out[e] === null;
  if (zeroOut) $("st-forward").append(el("p", {class: "small", text: `At epoch 0 W_out is all zero: every s is 0, σ(s) = 0.5, and ∂L/∂v_c = 0 — ` +
    `this first step moves only the u rows; v_c starts moving once they have.`}));
  // gradients
  const gt = el("table", {class: "list", id: "st-grad-table"});
  gt.append(el("tr", {}, el("th", {text: "gradient"}), el("th", {text: "formula"}), el("th", {class: "num", text: "|·|"}), el("th", {text: "first components"})));
  const grow = (name, f, x) => gt.append(el("tr", {}, el("td", {text: name}), el("td", {class: "small", text: f}), el("td", {class: "num", text: norm(x).toExponential(3)}), el("td", {class: "vec", text: vecText(x)})));
  grow("∂L/∂v_c", "g_pos·u_o + Σ g_k·u_nₖ", before.dv);
  grow(`∂L/∂u_o (${WORDS[o]})`, "g_pos·v_c" + (negs.includes(o) ? " (+ g_k·v_c: o was also drawn)" : ""), before.du.get(lo));
  [...new Set(negs)].filter(n => n !== o).forEach(n => grow(`∂L/∂u (${WORDS[n]})`, negs.filter(x => x === n).length > 1 ? "Σ g_k·v_c (drawn twice)" : "g_k·v_c", before.du.get(local.get(n))));
  clear($("st-grads")).append(cards(gt));
  // the update
  const ut = el("table", {class: "list", id: "st-update-table"});
  ut.append(el("tr", {}, el("th", {text: "row"}), el("th", {text: "before"}), el("th", {text: `after SGD (lr ${lrSgd}): W − lr·∂L/∂W`}), el("th", {text: `after Adam's first step (lr ${lrAdam})`})));
  const urow = (name, a, s2, a2) => ut.append(el("tr", {}, el("td", {text: name}), el("td", {class: "vec", text: vecText(a)}), el("td", {class: "vec", text: vecText(s2)}), el("td", {class: "vec", text: vecText(a2)})));
  urow("v_c", Win, sIn, aIn);
  urow("u_o", rowOf(Wout, D, lo), rowOf(sOut, D, lo), rowOf(aOut, D, lo));
  const m = st.mIn.slice(0, 4), v = st.vIn.slice(0, 4), mh = m.map(x => x / (1 - b1)), vh = v.map(x => x / (1 - b2));
  clear($("st-update")).append(cards(ut), el("p", {class: "small"}, `Adam, at its first step (t = 1; this page does not hold the run's moments): ` +
    `m = (1 − β1)·g = ${vecText(m)}, v = (1 − β2)·g² = ${vecText(v)}, bias-corrected m̂ = m/(1 − β1^1) = ${vecText(mh)}, v̂ = v/(1 − β2^1) = ${vecText(vh)}; ` +
    `the step lr·m̂/(√v̂ + ε) is about lr in every component with a gradient, whatever its size — unlike SGD's lr·g.`));
  // what changed: the scores s the loss acts on, and the cosines
  const ct = el("table", {class: "list", id: "st-changed-table"});
  ct.append(el("tr", {}, el("th", {text: "u"}), el("th", {class: "num", text: "s before"}), el("th", {class: "num", text: "s after SGD"}),
    el("th", {class: "num", text: "s after Adam"}), el("th", {class: "num", text: "cos before"}), el("th", {class: "num", text: "cos after SGD"}),
    el("th", {class: "num", text: "cos after Adam"})));
  const moved = {s: [0, 0], cos: [0, 0], n: 0};
  const crow = (label, r, up) => {
    const u0 = rowOf(Wout, D, r), u1 = rowOf(sOut, D, r), u2 = rowOf(aOut, D, r);
    const vals = [dotv(Win, u0), dotv(sIn, u1), dotv(aIn, u2), cos(Win, u0), cos(sIn, u1), cos(aIn, u2)];
    const good = (x, x0) => (up ? x > x0 : x < x0);
    [[1, 0], [2, 0]].forEach(([i, j], k) => { moved.s[k] += good(vals[i], vals[j]); moved.cos[k] += good(vals[i + 3], vals[j + 3]); });
    moved.n++;
    const td = (x, x0) => el("td", {class: "num " + (x0 === undefined ? "" : good(x, x0) ? "up" : "down"), text: fmtFine(x, 4)});
    ct.append(el("tr", {}, el("td", {text: label}), td(vals[0]), td(vals[1], vals[0]), td(vals[2], vals[0]), td(vals[3]), td(vals[4], vals[3]), td(vals[5], vals[3])));
  };
  crow(`${WORDS[o]} (u_o)`, lo, true);
  const distinct = [...new Set(negs)].filter(n => n !== o);
  distinct.forEach(n => crow(`${WORDS[n]} (u_n)`, local.get(n), false));
  ct.append(el("tr", {}, el("td", {text: "L"}), el("td", {class: "num", text: before.loss.toFixed(4)}),
    el("td", {class: "num " + (afterS.loss < before.loss ? "up" : "down"), id: "st-loss-sgd", text: afterS.loss.toFixed(4)}),
    el("td", {class: "num " + (afterA.loss < before.loss ? "up" : "down"), id: "st-loss-adam", text: afterA.loss.toFixed(4)})));
  const against = moved.s[0] < moved.n || moved.s[1] < moved.n;
  const targets = [[tPos, lo, true], ...distinct.map(n => [target(c, n), local.get(n), false])].filter(([t]) => t !== null);
  const toward = (W, Vin) => targets.filter(([t, r]) => { const s0 = dotv(Win, rowOf(Wout, D, r)), s1 = dotv(Vin, rowOf(W, D, r));
    return t.s === -Infinity ? s1 < s0 : Math.abs(s1 - t.s) < Math.abs(s0 - t.s); }).length;
  const towardText = targets.length ? ` Toward their targets s*: ${toward(sOut, sIn)} of ${targets.length} scores after SGD, ${toward(aOut, aIn)} after Adam.` : "";
  clear($("st-changed")).append(cards(ct), el("p", {class: "small", id: "st-changed-sentence"},
    `Green: the way that lowers that term of the loss (s up for u_o, down for each u_n). The loss of this pair ${change(before.loss, afterS.loss)} ` +
    `with SGD and ${change(before.loss, afterA.loss)} with Adam. ` +
    `Scores that moved that way: ${moved.s[0]} of ${moved.n} after SGD, ${moved.s[1]} of ${moved.n} after Adam` +
    (against ? `: ${againstWhy(Win, Wout, [[sIn, sOut], [aIn, aOut]], lo, distinct.map(n => local.get(n)))} A gradient ` +
      `step lowers the sum, not every term.` : ".") +
    ` Cosines that moved that way: ${moved.cos[0]} and ${moved.cos[1]} of ${moved.n} (a cosine also feels the change of the rows' lengths).` + towardText));
  drawStepPictures(words, sc, so, win, c, o, negs, local, before, Win, Wout, sIn, sOut, lrSgd);
  drawStepMap(e, c, o, negs, Win, sIn, aIn, Wout, sOut, aOut, local);
}
// How one step changed the score s = v_c·u of row r: u's own step, v_c's step, and both together.
function scoreParts(Win, Wout, Vin, W, r) {
  const u0 = rowOf(Wout, D, r), u1 = rowOf(W, D, r), s0 = dotv(Win, u0);
  return {s0, own: dotv(Win, u1) - s0, vc: dotv(Vin, u0) - s0, total: dotv(Vin, u1) - s0};
}
function meanRow(W, rows) {                           // the mean of some rows of a small table
  const m = new Float32Array(D); for (const r of rows) for (let k = 0; k < D; k++) m[k] += W[r * D + k] / rows.length; return m;
}
// Why a score moved against its term of the loss, from this step's numbers: v_c's step is −lr·(g_pos·u_o + Σ g_k·u_nₖ).
function againstWhy(Win, Wout, afters, lo, lns) {
  const why = [], cosPN = lns.length ? cos(rowOf(Wout, D, lo), meanRow(Wout, lns)) : 0;
  const posFell = afters.some(([Vin, W]) => scoreParts(Win, Wout, Vin, W, lo).total < 0);
  const negRose = afters.some(([Vin, W]) => lns.some(r => scoreParts(Win, Wout, Vin, W, r).total > 0));
  if (posFell) why.push(`s_pos fell because v_c's step moved it away from the negatives, which point like u_o ` +
    `(cos(u_o, the negatives' mean u) = ${fmt(cosPN, 2)}), so away from u_o too: more than u_o's own step raised it`);
  if (negRose) why.push(`a negative's score rose because v_c's step moved it toward u_o, and that negative points like u_o`);
  return why.join("; ") + ".";
}
function drawStepPictures(words, sc, so, win, c, o, negs, local, before, Win, Wout, sIn, sOut, lr) {
  const box0 = clear($("st-window")); box0.append(windowDiagram(words, sc, win, new Set(), so, widthFor(box0)));
  const lo = local.get(o), n1 = negs.find(n => n !== o), ln = local.get(n1), k1 = negs.indexOf(n1);
  const ownStep = r => fmtFine(dotv(Win, rowOf(sOut, D, r)), 3);       // v_c as before, u after its own step
  const chain = (label, s0, g, r, sign) => chainDiagram([["v_c · u", "dot"], [`s = ${fmt(s0, 3)}`, "σ"], [`σ(s) = ${sigma(s0).toFixed(3)}`, sign],
    [`g = ${fmtFine(g, 3)}`, "g · v_c"], [`|∂L/∂u| = ${norm(before.du.get(r)).toExponential(2)}`, `− ${lr} ×`], [`after u's own step: s = ${ownStep(r)}`]], label,
    sizeOf($("st-chain"))[0] || 760);
  const box = clear($("st-chain"));
  const told = (r, up) => {                           // what the whole SGD step did to this score, and why
    const x = scoreParts(Win, Wout, sIn, sOut, r), dir = x.total > 0 ? "rose" : x.total < 0 ? "fell" : "stayed";
    const wrong = up ? x.total < 0 : x.total > 0;
    return el("p", {class: "small chain-note"}, `After the whole SGD step (u's and v_c's) s ${dir} (${fmtFine(x.s0, 3)} → ${fmtFine(x.s0 + x.total, 3)}): ` +
      `u's own step changed it by ${fmtFine(x.own, 3)}, v_c's step by ${fmtFine(x.vc, 3)}` + (wrong ? ` — v_c's step, −lr·(g_pos·u_o + Σ g_k·u_nₖ), ` +
      `follows all k + 1 rows of this pair at once, and here it outweighed u's own step.` : "."));
  };
  box.append(chain(`the true pair (${WORDS[c]}, ${WORDS[o]}): g = σ(s) − 1 < 0, so u_o's own step raises s`, before.sPos, before.gPos, lo, "− 1"),
    told(lo, true));
  if (n1 !== undefined) box.append(chain(`a negative (${WORDS[c]}, ${WORDS[n1]}): g = σ(s) > 0, so u's own step lowers s`, before.sNeg[k1], before.gNeg[k1], ln, "g = σ"),
    told(ln, false));
  const outs = [[WORDS[o] + " (o)", rowOf(Wout, D, lo), "pos"], ...[...new Set(negs)].filter(n => n !== o).map(n => [WORDS[n] + " (n)", rowOf(Wout, D, local.get(n)), "neg"])];
  clear($("st-tables")).append(tablesDiagram(META.vocab_size, D, [[WORDS[c] + " (c)", Win, "c"]], outs));
}
function placeOn(t, e, v) {                           // a vector's place on the map: v̂ @ P − offset
  const {P, off} = mapOf(t, e); let n = 0; for (const x of v) n += x * x; n = Math.sqrt(n) || 1;
  let x = 0, y = 0; for (let k = 0; k < D; k++) { x += v[k] / n * P[2 * k]; y += v[k] / n * P[2 * k + 1]; }
  return [x - off[0], y - off[1]];
}
function drawStepMap(e, c, o, negs, Win, sIn, aIn, Wout, sOut, aOut, local) {
  const cv = $("st-map"), [w, h] = sizeOf(cv); if (!w) return;
  const dpr = window.devicePixelRatio || 1; cv.width = w * dpr; cv.height = h * dpr;
  const ctx = cv.getContext("2d"); ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, h);
  const panels = [["in", "W_in: v_c", [[c, Win, aIn]]], ["out", "W_out: u_o and the u_n", [o, ...new Set(negs)].filter((r, i, a) => a.indexOf(r) === i)
    .map(r => [r, rowOf(Wout, D, local.get(r)), rowOf(aOut, D, local.get(r))])]];
  const moves = [], zeroOut = DATA.vectors.out[e] === null;   // an all-zero W_out: its rows have no direction to draw yet
  panels.forEach(([t, title, items], p) => {
    const x0 = p * w / 2, xy = XY(t, e), pts = items.map(([r, a, b]) => [r, [xy[2 * r], xy[2 * r + 1]], placeOn(t, e, a), placeOn(t, e, b)]);
    if (!(zeroOut && t === "out")) for (const [, , a, b] of pts) moves.push(Math.hypot(b[0] - a[0], b[1] - a[1]));
    let cx = 0, cy = 0; pts.forEach(([, q]) => { cx += q[0]; cy += q[1]; }); cx /= pts.length; cy /= pts.length;
    let span = 0.05; pts.forEach(([, q]) => span = Math.max(span, Math.abs(q[0] - cx), Math.abs(q[1] - cy)));
    panels[p].view = {x0, cx, cy, s: (w / 2 - 40) / (2.6 * span), pts};
  });
  const biggest = Math.max(...moves, 0), view0 = panels[0].view;
  const mag = biggest > 0 ? Math.max(1, Math.round(30 / (biggest * view0.s))) : 0;   // arrows long enough to see
  panels.forEach(([t, title], p) => {
    const {x0, cx, cy, s, pts} = panels[p].view, X = x => x0 + w / 4 + (x - cx) * s, Y = y => h / 2 - (y - cy) * s;
    ctx.fillStyle = "#5b6474"; ctx.font = "12px system-ui, sans-serif"; ctx.fillText(title, x0 + 6, 16);
    const xy = XY(t, e);
    ctx.fillStyle = "rgba(110,120,140,0.25)";          // every word: a small square (as the map draws them: fast)
    for (let i = 0; i < N; i++) { const px = X(xy[2 * i]), py = Y(xy[2 * i + 1]); if (px > x0 && px < x0 + w / 2) ctx.fillRect(px - 1.3, py - 1.3, 2.6, 2.6); }
    const flat = zeroOut && t === "out";
    pts.forEach(([r, q, a, b], i) => {
      const color = t === "in" ? "#3558d6" : i === 0 ? "#1f8a4c" : "#c53030", px = X(q[0]), py = Y(q[1]);
      const dx = (b[0] - a[0]) * mag * s, dy = -(b[1] - a[1]) * mag * s;
      ctx.strokeStyle = color; ctx.fillStyle = color; ctx.lineWidth = 2;
      ctx.beginPath(); ctx.arc(px, py, 4, 0, 6.283); ctx.fill();
      if (!flat && mag > 0) { ctx.beginPath(); ctx.moveTo(px, py); ctx.lineTo(px + dx, py + dy); ctx.stroke(); }
      if (!flat) ctx.fillText(WORDS[r], px + 6, py - 6);
      else if (i === 0) ctx.fillText("every u: all zero", px + 6, py - 6);
    });
    ctx.strokeStyle = "#dde2ea"; ctx.lineWidth = 1; ctx.beginPath(); ctx.moveTo(w / 2, 0); ctx.lineTo(w / 2, h); ctx.stroke();
  });
  $("st-map-note").textContent = zeroOut
    ? `At epoch 0 W_out is all zero: every u sits on one point of its map with no direction yet, and this first step leaves v_c ` +
      `where it is (∂L/∂v_c = 0), so there is no arrow to draw. After the step each u points the way of +v_c (u_o) or −v_c (the u_n). ` +
      `Pick a later epoch to see a step move the words.`
    : `Adam's step, drawn on this epoch's maps (each table its own map), arrows × ${nice(mag)}: one update moves a row ` +
      `by about lr per component, far less than the distances between words.`;
}
