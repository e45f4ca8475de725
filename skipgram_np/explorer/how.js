// The "How it works" view: short steps from the text to the vectors, each a few sentences computed from this run's
// numbers and one chart of them (one y-axis each); then the run's settings and the glossary. Built when first shown;
// its one heavy part, the coloured words' neighbours in the three tables, is computed ahead in the background (main.js).
function howChart(cv, {xs, series, ymin, ymax, xlabel = "epoch", ylabel = "", bars = false}) {
  if (!sizeOf(cv)[0]) return;
  const {ctx, X, Y, w} = drawChartFrame(cv, ymin, ymax, xs, xlabel);
  const bw = Math.min(28, (w - 88) / Math.max(1, xs.length) / (series.length + 1));
  series.forEach(({ys, color, dash, hollow}, k) => {
    ctx.strokeStyle = ctx.fillStyle = color; ctx.lineWidth = 2;
    if (bars) { ys.forEach((y, i) => { const x = X(i) + (k - (series.length - 1) / 2) * bw; ctx.fillRect(x - bw / 2 + 1, Y(y), bw - 2, Y(ymin) - Y(y)); }); return; }
    ctx.setLineDash(dash ? [4, 3] : []); ctx.beginPath();
    ys.forEach((y, i) => { if (y === null) return; i && ys[i - 1] !== null ? ctx.lineTo(X(i), Y(y)) : ctx.moveTo(X(i), Y(y)); }); ctx.stroke(); ctx.setLineDash([]);
    ys.forEach((y, i) => { if (y === null) return; ctx.beginPath(); ctx.arc(X(i), Y(y), 3, 0, 2 * Math.PI);
      if (hollow && hollow(i)) { ctx.fillStyle = "#fff"; ctx.fill(); ctx.stroke(); ctx.fillStyle = color; } else ctx.fill(); });
  });
  ctx.lineWidth = 1; ctx.font = "11px system-ui, sans-serif";
  let x = 48;                                            // the legend: the y-axis's quantity, then each series
  for (const [text, color] of [[ylabel, "#5b6474"], ...series.filter(s => s.label).map(s => [s.label, s.color])]) {
    if (!text) continue;
    ctx.fillStyle = color; ctx.fillText(text, x, 11); x += ctx.measureText(text).width + 14;
  }
}
const qualityRows = () => META.stats.quality || [];
function howTop() {                                      // the 6 most frequent words that are words (not "," or "@")
  const top = [];
  for (let i = 0; i < N && top.length < 6; i++) if (/^\p{L}{2,}$/u.test(WORDS[i])) top.push(i);
  return top;
}
function controlQuality(field) {                         // the control's score at each scored epoch of the run, or nulls
  const c = new Map((META.control_quality || []).map(r => [r.epoch, r]));
  return qualityRows().map(r => c.has(r.epoch) ? c.get(r.epoch)[field] : null);
}
// Step 1: the keep probability of the page's words by frequency rank (ranks 1, 2, 5, 10, …: a log axis).
const HOW_RANKS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 20000].filter(r => r <= N);
function alwaysKept() {                                  // the largest count whose occurrences subsampling never drops
  const c = META.config, T = META.stats.tokens || 0;
  if (!(c.subsample > 0) || !T) return null;
  const keep = n => { const f = n / T; return c.subsample_formula === "word2vec" ? (Math.sqrt(f / c.subsample) + 1) * c.subsample / f : Math.sqrt(c.subsample / f); };
  let n = 0; while (n < T && keep(n + 1) >= 1) n++;
  return n;
}
function howText() {
  const c = META.config, s = META.stats, T = s.tokens || 0, theF = T ? DATA.counts[0] / T : 0, always = alwaysKept();
  $("how-sub").textContent = `${META.dataset}: ${nice(s.raw_tokens || 0)} tokens once cleaned (headings dropped, lowercased, “state @-@ of” → ` +
    `“state of”). Words seen fewer than ${c.min_count} times are dropped: the ${nice(META.vocab_size)} that remain make ` +
    `${pct(100 * T / (s.raw_tokens || 1))} of the tokens. ` + (c.subsample > 0 ? `Each epoch an occurrence of w is kept with probability keep(w), ` +
    `t = ${c.subsample}, f(w) its share of the tokens: ${q(WORDS[0])} (f = ${theF.toFixed(4)}) keeps ${pct(100 * keepProb(0))} of its ` +
    `occurrences, only words seen at most ${nice(always)} times keep them all, and about ${nice(s.expected_kept_per_epoch || 0)} of the ` +
    `${nice(T)} tokens (${pct(100 * (s.kept_fraction || 0))}) are kept each epoch.` : `This run keeps every token (no subsampling).`);
  const top = howTop(), text = i => 100 * DATA.counts[i] / (T || 1), drawn = i => 100 * noiseP(i) * META.noise_mass_on_page;
  $("how-window").textContent = `Every kept word is a centre c; each word within ${c.window} positions of it is a context word o: up to ` +
    `${2 * c.window} pairs per position${c.shrink_window ? " (the window shrunk at random for each centre)" : ""}, ~${nice(s.expected_pairs_per_epoch || 0)} ` +
    `an epoch. A pair's score is s = v_c·u_o (v_c: c's row of W_in, the input; u_o: o's row of W_out — word2vec.c and gensim feed ` +
    `the context's row instead, which with symmetric windows sees the same pairs); k = ${c.negatives} noise words drawn from P_n give k more, ` +
    `and the loss asks σ(s) to be 1 for the true pair, 0 for the noise. The power ${c.ns_exponent} flattens the counts: ${q(WORDS[top[0]])} is ` +
    `${pct(text(top[0]))} of the text but ${pct(drawn(top[0]))} of the negatives.`;
  const L = META.loss_epochs, flat = (c.negatives + 1) * Math.LN2;
  $("how-loss-note").textContent = !L.length ? "This run recorded no loss." : `Before training W_out is all zero, so every score is 0, ` +
    `σ(0) = ½ and each pair's loss is (k + 1)·log 2 = ${flat.toFixed(3)} (epoch 0, the hollow dot: computed, not measured). The mean over ` +
    `epoch 1 was ${L[0].toFixed(3)}, over epoch ${L.length} ${L[L.length - 1].toFixed(3)}` + (L.length > 2 ? `; the last epoch took off ` +
    `${(L[L.length - 2] - L[L.length - 1]).toFixed(3)}, the first ${(flat - L[0]).toFixed(3)}.` : ".");
  const probe = ["music", "war", "france", "king"].find(w => INDEX.has(w)) || WORDS[Math.min(N - 1, 50)], pi = INDEX.get(probe);
  const four = t => howNear(t, pi).slice(0, 4).map(r => r[0]).join(", ");
  $("how-tables").textContent = `Training keeps two rows per word: v (W_in, the word as a centre) and u (W_out, as a context or noise ` +
    `word); word2vec and gensim export W_in, and “sum” (v̂ + û) mixes both. At epoch ${LAST} the nearest words to ${q(probe)}: in W_in ` +
    `${four("in")}; in W_out ${isZero("out", LAST) ? "none (all zero)" : four("out")}; in the sum ${four("sum")}. ` +
    (isZero("out", LAST) ? "" : tablesSentence());
  const qrows = qualityRows(), cq = controlQuality("wordsim");
  $("how-quality-note").textContent = qrows.length
    ? `W_in scored after every epoch during training, on all ${nice(META.vocab_size)} words: WordSim-353 ρ ${qrows[0].wordsim.toFixed(3)} → ` +
      `${qrows[qrows.length - 1].wordsim.toFixed(3)}, analogies ${pct(100 * qrows[0].analogies)} → ${pct(100 * qrows[qrows.length - 1].analogies)} ` +
      `(epoch ${qrows[0].epoch} → ${qrows[qrows.length - 1].epoch})` + (cq[cq.length - 1] !== null && cq.length ? `; the control (dashed), the same ` +
      `training on shuffled text, ends at ρ ${cq[cq.length - 1].toFixed(3)}: what chance gives.` : ".")
    : "This run was trained without the evaluation sets, so its epochs were not scored.";
  howAnalogy();
  $("how-map").textContent = `Rows are scaled to length 1, every epoch is rotated onto epoch ${META.fit.epoch} (Procrustes: the rotation that ` +
    `best lines the words up) and projected on two PCA axes (the two directions along which the words spread most), fitted on the ` +
    `${DATA.plotted ? DATA.plotted.words.length : "~60"} coloured and frequent words the figures plot (the map's default, so its percentages ` +
    `equal the figures') or on all ${nice(META.fit.words)} words of this page. ` + mapVarianceSentence("in", DATA.fits ? "groups" : "all");
  $("how-adam").textContent = `a step size per number: m and v are running means of the gradient and of its square ` +
    `(β1 = ${c.adam_betas[0]}, β2 = ${c.adam_betas[1]}), and the step is lr · m̂ / (√v̂ + ε), ε = ${c.adam_eps}, the hats ` +
    `undoing the means' start at zero. “Dense”: rows a batch does not touch keep moving by their momentum, as torch.optim.Adam does.`;
  const v = row(UNITS("in", LAST), 0);
  $("how-embed").textContent = `${WORDS[0]} → [${v[0].toFixed(2)}, ${v[1].toFixed(2)}, …, ${v[D - 1].toFixed(2)}] ∈ ℝ^${D}, unit length`;
  howSteps();
}
function howAnalogy() {
  const ids = ["king", "man", "woman"].map(w => INDEX.get(w));
  if (ids.some(x => x === undefined)) { $("how-analogy").textContent = `king, man and woman are not all among this page's words.`; return; }
  const ans = analogy("in", LAST, ids[0], ids[1], ids[2], 3, "add").map(r => `${r[0]} (${r[1].toFixed(2)})`).join(", ");
  const qr = INDEX.has("queen") ? answerRank("in", LAST, ids[0], ids[1], ids[2], INDEX.get("queen"), "add") : null;
  $("how-analogy").textContent = `Mikolov et al. (2013): vec(king) − vec(man) + vec(woman) ≈ vec(queen), on billions of words. Among the ` +
    `${nice(N)} words of this page, W_in at epoch ${LAST} answers king − man + woman with ${ans}` + (qr === null ? "" : `; “queen” ranks no. ${nice(qr)}`) +
    `. The run's command-line query searches all ${nice(META.vocab_size)} words and may answer otherwise. ` +
    (qr === 1 ? `On ${META.dataset}'s ${nice(META.stats.raw_tokens || 0)} tokens the famous answer is not guaranteed: other seeds may rank queen lower.`
      : `${META.dataset} has ${nice(META.stats.raw_tokens || 0)} tokens; the famous answer usually needs far more text.`) +
    (qualityRows().length ? ` The chart: the share of the Google set's questions answered right, per epoch (dashed: the control).` : "");
}
function howSteps() {
  const c = META.config, s = META.stats, ol = clear($("how-steps"));
  const steps = [
    `Dataset: ${META.dataset} (train + valid + test), ${nice(s.raw_tokens || 0)} tokens after cleaning`,
    `Frequency filter: drop words seen < ${c.min_count} times → V = ${nice(s.vocab_size || META.vocab_size)} words, ${nice(s.tokens || 0)} tokens`,
    `Subsampling: t = ${c.subsample} → ~${nice(s.expected_kept_per_epoch || 0)} tokens kept per epoch (${pct(100 * (s.kept_fraction || 0))})`,
    `Pairs: a window of ${c.shrink_window ? `up to ${c.window} on each side, shrunk at random for each centre (near words count more)` : `${c.window} on each side`} → ~${nice(s.expected_pairs_per_epoch || 0)} (centre, context) pairs per epoch`,
    `Negative sampling: k = ${c.negatives} negatives per pair, drawn ∝ count(w)^${c.ns_exponent}` + (c.shared_negatives ? " (shared by the pairs that predict the same word)" : ""),
    `Model: W_in, W_out (${nice(META.vocab_size)} × ${D}), W_in ~ U(±0.5/d), W_out = 0`,
    `Training: ${c.optimizer === "adam" ? `Adam (${c.adam_mode}), lr = ${c.lr}, batch = ${c.batch_size} pairs` : `SGD, lr = ${c.lr} decaying linearly`}, ${c.epochs} epochs, seed ${c.seed}`,
    `Checkpoints: epochs ${EPOCHS.join(", ")} (0 = before training) → this page`,
  ];
  for (const x of steps) ol.append(el("li", {text: x}));
  if (s.epoch_seconds && s.epoch_seconds.length)
    ol.append(el("li", {class: "muted", text: `Time: ${(s.epoch_seconds.reduce((x, y) => x + y, 0) / s.epoch_seconds.length).toFixed(2)} s per epoch on the training machine`}));
}
// The coloured words' 10 nearest in each table at the last epoch: the one heavy part (~180 lists), computed once.
const HOW_NEAR = new Map();
function howNear(t, i) {
  const key = t + ":" + i;
  if (!HOW_NEAR.has(key)) HOW_NEAR.set(key, neighbors(t, LAST, i, 10));
  return HOW_NEAR.get(key);
}
const howProbes = () => [...GROUP_OF.keys()].map(w => INDEX.get(w));
function tablesNumbers() {                               // {shared: {out, sum}, beyond: {in, out, sum}} over the coloured words
  const probes = howProbes(), top = (t, i) => new Set(howNear(t, i).map(r => r[2]));
  const shared = t => probes.reduce((n, i) => { const x = top("in", i), y = top(t, i); return n + [...x].filter(j => y.has(j)).length; }, 0) / probes.length;
  const beyond = t => { const ch = nearChance(t, LAST, 1); return ch ? probes.reduce((n, i) => n + howNear(t, i)
    .filter(([, c], r) => isBeyond(ch, i, r + 1, c)).length, 0) / probes.length : NaN; };
  return {shared: {out: shared("out"), sum: shared("sum")}, beyond: {in: beyond("in"), out: beyond("out"), sum: beyond("sum")}};
}
function tablesSentence() {                              // computed: how alike the two tables' neighbourhoods and rows are
  const {shared, beyond} = tablesNumbers(), inOut = shared.out, inSum = shared.sum, probes = howProbes();
  const mIn = quantile("in", LAST, 0.5), mOut = quantile("out", LAST, 0.5);
  let text = `Over the ${probes.length} coloured words, W_in and W_out share ${inOut.toFixed(1)} of their 10 nearest words on average ` +
    `(${inOut >= 5 ? "alike" : inOut >= 2 ? "partly alike" : "different neighbourhoods"}), W_in and the sum ${inSum.toFixed(1)}. ` +
    `Two random words of this page have a median cosine of ${mIn.toFixed(2)} in W_in and ${mOut.toFixed(2)} in W_out`;
  if (mOut > mIn + 0.2) text += `: W_out's rows all lean one shared way (Mimno & Thompson 2017 found skip-gram's context vectors crowded ` +
    `into a narrow cone), so any two of them look alike and a W_out cosine near ${mOut.toFixed(2)} says little`;
  if (!HAS_CONTROL) return text + `. ${controlNote("verdicts")}`;
  return text + `. Of their 10 nearest words among this page's, ${beyond.in.toFixed(1)} in W_in, ${beyond.out.toFixed(1)} in W_out and ` +
    `${beyond.sum.toFixed(1)} in the sum are beyond chance (closer than ${LEVEL} of the control's words of their frequency put a neighbour of ` +
    `their rank in the same table: the chart, and the Neighbours view marks them).`;
}
function shrinkSentence() {                            // computed from this page's vectors and the current table
  const t = state.vec, live = EPOCHS.filter(e => !isZero(t, e)), med = live.map(e => quantile(t, e, 0.5));
  const list = live.map((e, k) => `${fmt(med[k], 2)} at ${e === "0" ? "epoch 0" : e}`).join(", ");
  const peak = med.indexOf(Math.max(...med));
  let s = `The median cosine of ${nice(META.baseline.pairs)} random pairs of this page's words in ${TABLE_NAME[t]}: ${list}. `;
  if (peak < live.length - 1 && med[live.length - 1] < med[peak])
    s += `Early in training every word moves towards what all frequent contexts share, so all vectors lean one way and even random pairs look alike ` +
      `(epoch ${live[peak]}); later, training spreads the words apart and cosines shrink across the board, those of related pairs included. `;
  else if (live.length > 1) s += `The median of random pairs ${med[live.length - 1] > med[0] ? "grows" : "moves"} from ` +
    `${fmt(med[0], 2)} to ${fmt(med[live.length - 1], 2)}: every cosine in ${TABLE_NAME[t]} is lifted or lowered with it. `;
  return s + `So a raw cosine from one epoch cannot be compared with another's; its percentile among that epoch's random pairs, and the neighbour rank, can.`;
}
function howCharts() {
  const c = META.config, flat = (c.negatives + 1) * Math.LN2, L = META.loss_epochs, pctOf = x => 100 * x;
  howChart($("how-keep"), {xs: HOW_RANKS.map(String), xlabel: "rank", ymin: 0, ymax: 1, ylabel: "keep(w) of the word of that rank by count",
    series: [{ys: HOW_RANKS.map(r => keepProb(r - 1)), color: "#3558d6"}]});
  const top = howTop(), text = top.map(i => 100 * DATA.counts[i] / (META.stats.tokens || 1)), drawn = top.map(i => 100 * noiseP(i) * META.noise_mass_on_page);
  howChart($("how-noise"), {xs: top.map(i => WORDS[i]), xlabel: "", ymin: 0, ymax: Math.max(...text, ...drawn) * 1.1, ylabel: "% of",
    series: [{ys: text, color: "#8a94a6", label: "the text"}, {ys: drawn, color: "#d62728", label: "the negatives"}], bars: true});
  if (L.length) howChart($("how-loss"), {xs: ["0", ...L.map((_, i) => String(i + 1))], ymin: 0, ymax: Math.max(flat, ...L) * 1.08, ylabel: "loss per pair",
    series: [{ys: [flat, ...L], color: "#d62728", hollow: i => i === 0}]});
  if (!isZero("out", LAST)) {
    const {shared, beyond} = tablesNumbers(), names = ["W_in", "W_out", "sum"];
    howChart($("how-tables-chart"), {xs: names, xlabel: "", ymin: 0, ymax: 10, bars: true, ylabel: `of the 10 nearest, epoch ${LAST}:`,
      series: [{ys: [10, shared.out, shared.sum], color: "#8a94a6", label: "shared with W_in"},
               ...(HAS_CONTROL ? [{ys: [beyond.in, beyond.out, beyond.sum], color: "#1f8a4c", label: "beyond chance"}] : [])]});
  }
  const t = state.vec, live = EPOCHS.filter(e => !isZero(t, e)), lo = Math.min(...live.map(e => quantile(t, e, 0.05))), hi = Math.max(...live.map(e => quantile(t, e, 0.95)));
  howChart($("how-shrink-chart"), {xs: live, ymin: Math.max(-1, lo - 0.05), ymax: Math.min(1, hi + 0.05), ylabel: `random pairs' cosine, ${TABLE_NAME[t]}:`,
    series: [{ys: live.map(e => quantile(t, e, 0.95)), color: "#8a94a6", dash: true, label: "95 %"},
             {ys: live.map(e => quantile(t, e, 0.5)), color: "#3558d6", label: "median"},
             {ys: live.map(e => quantile(t, e, 0.05)), color: "#8a94a6", dash: true, label: "5 %"}]});
  const rows = qualityRows(), xs = rows.map(r => String(r.epoch));
  if (rows.length) {
    const rho = rows.map(r => r.wordsim), crho = controlQuality("wordsim"), some = crho.some(x => x !== null);
    howChart($("how-quality"), {xs, ymin: Math.min(0, ...rho, ...crho.filter(x => x !== null)), ymax: 1, ylabel: "WordSim-353 ρ",
      series: [{ys: rho, color: "#2ca02c", label: "the run"}, ...(some ? [{ys: crho, color: "#8a94a6", dash: true, label: "the control"}] : [])]});
    const acc = rows.map(r => pctOf(r.analogies)), cacc = controlQuality("analogies").map(x => x === null ? null : pctOf(x));
    howChart($("how-analogies"), {xs, ymin: 0, ymax: Math.max(1, ...acc) * 1.1, ylabel: "% of analogies answered right",
      series: [{ys: acc, color: "#9467bd", label: "the run"}, ...(cacc.some(x => x !== null) ? [{ys: cacc, color: "#8a94a6", dash: true, label: "the control"}] : [])]});
  }
  const ex = f => EPOCHS.map(e => isZero("in", e) ? null : 100 * (f === "groups" ? DATA.fits.in.explained[e] : DATA.explained.in[e]).slice(0, 2).reduce((a, b) => a + b, 0));
  howChart($("how-variance"), {xs: EPOCHS, ymin: 0, ymax: 100, ylabel: "% of the variance the 2 axes keep:",
    series: [...(DATA.fits ? [{ys: ex("groups"), color: "#1f77b4", label: "plotted words"}] : []), {ys: ex("all"), color: "#ff7f0e", label: "all words"}]});
}
let howBuilt = false;                                  // built when first shown
function renderHow() {
  if (!howBuilt) { howText(); howBuilt = true; }
  $("how-shrink").textContent = shrinkSentence(); howCharts();
}
