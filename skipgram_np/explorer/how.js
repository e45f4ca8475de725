// The "How it works" view: the method, explained with this run's numbers (configuration, corpus figures,
// the two tables, the shrinking cosines), and its loss and quality per epoch.
function buildHow() {
  const c = META.config, s = META.stats;
  const lr = c.lr;                                     // the rate used (explore.py writes Config.learning_rate)
  const u = UNITS("in", LAST), i0 = 0, v = row(u, i0);
  $("how-embed").textContent = `${WORDS[i0]} → [${v[0].toFixed(2)}, ${v[1].toFixed(2)}, …, ${v[D - 1].toFixed(2)}] (unit length) ∈ ℝ^${D}`;
  $("how-window").textContent = `window = ${c.window} on each side → up to ${2 * c.window} (centre, context) pairs per position`;
  const theF = s.tokens ? DATA.counts[0] / s.tokens : 0;
  $("how-sub").textContent = `t = ${c.subsample}. Here ${q(WORDS[0])} (f = ${theF.toFixed(4)}) keeps ${pct(100 * Math.min(1, Math.sqrt(c.subsample / theF)))} of its occurrences; ` +
    `of all ${nice(s.tokens || 0)} tokens about ${nice(s.expected_kept_per_epoch || 0)} (${pct(100 * (s.kept_fraction || 0))}) are kept each epoch.`;
  // the two tables, on one word of this page
  const probe = ["music", "war", "france", "king"].find(w => INDEX.has(w)) || WORDS[Math.min(N - 1, 50)], pi = INDEX.get(probe);
  const top = tb => neighbors(tb, LAST, pi, 4).map(r => r[0]).join(", ");
  let tables = `At epoch ${LAST}, the nearest words to ${q(probe)}: in W_in ${top("in")}; in W_out ${top("out")}; in the sum ${top("sum")}.`;
  if (!isZero("out", LAST)) tables += " " + tablesSentence();
  $("how-tables").textContent = tables;
  $("how-map").textContent = `Rows are scaled to length 1, every epoch is rotated onto epoch ${META.fit.epoch} (Procrustes: the rotation that best lines the words up) and projected on ` +
    `two PCA axes (the two directions along which the words spread most) at epoch ${META.fit.epoch}, fitted either on the ${DATA.plotted ? DATA.plotted.words.length : "~60"} coloured and ` +
    `frequent words the figures (figures/) plot — the map's default, so its percentages equal the figures' — or on all ${nice(META.fit.words)} words of this page ` +
    `(the map's “axes fitted on”). Both are projections of the same vectors. ` + mapVarianceSentence("in", DATA.fits ? "groups" : "all");
  $("how-adam").textContent = `a step size per number: m and v are running means of the gradient and of its square ` +
    `(β1 = ${c.adam_betas[0]}, β2 = ${c.adam_betas[1]}), and the step is lr · m̂ / (√v̂ + ε), ε = ${c.adam_eps}, the hats ` +
    `undoing the means' start at zero. “Dense”: rows a batch does not touch keep moving by their momentum, as torch.optim.Adam does.`;
  const ids = ["king", "man", "woman"].map(w => INDEX.get(w));
  if (ids.every(x => x !== undefined)) {
    const ans = analogy("in", LAST, ids[0], ids[1], ids[2], 3, "add").map(r => `${r[0]} (${r[1].toFixed(2)})`).join(", ");
    const qr = INDEX.has("queen") ? answerRank("in", LAST, ids[0], ids[1], ids[2], INDEX.get("queen"), "add") : null;
    const queen = qr === null ? "" : `; “queen” ranks no. ${nice(qr)}`;
    $("how-analogy").textContent = `Among the ${nice(N)} words of this page, W_in at epoch ${LAST} answers king − man + woman with ${ans}${queen}. ` +
      `The run's command-line query searches all ${nice(META.vocab_size)} words and may answer otherwise. ` +
      (qr === 1 ? `On WikiText-2's ${nice(META.stats.raw_tokens || 0)} tokens the famous answer is not guaranteed: other runs (seeds) may rank queen lower.`
                : `WikiText-2 has ${nice(META.stats.raw_tokens || 0)} tokens; the famous answer usually needs far more text.`);
  } else $("how-analogy").textContent = `king, man and woman are not all among this page's words.`;
  const steps = [
    `Dataset: ${META.dataset} (train + valid + test), ${nice(s.raw_tokens || 0)} tokens after cleaning`,
    `Cleaning: remove headings (= markers), lowercase, split @-@ hyphens (state @-@ of → state of), rejoin 1 @,@ 000 → 1,000`,
    `Frequency filter: drop words seen < ${c.min_count} times → V = ${nice(s.vocab_size || META.vocab_size)} words, ${nice(s.tokens || 0)} tokens`,
    `Subsampling: discard frequent words with P_discard(w), t = ${c.subsample} → ~${nice(s.expected_kept_per_epoch || 0)} tokens kept per epoch (${pct(100 * (s.kept_fraction || 0))})`,
    `Pairs: a window of ${c.shrink_window ? `up to ${c.window} on each side, shrunk at random for each centre (near words count more)` : `${c.window} on each side`} → ~${nice(s.expected_pairs_per_epoch || 0)} (centre, context) pairs per epoch`,
    `Negative sampling: k = ${c.negatives} negatives per pair, drawn ∝ count(w)^${c.ns_exponent}` + (c.shared_negatives ? " (shared by the pairs that predict the same word)" : ""),
    `Model: W_in, W_out (${nice(META.vocab_size)} × ${D}), W_in ~ U(±0.5/d), W_out = 0`,
    `Training: ${c.optimizer === "adam" ? `Adam (${c.adam_mode}), lr = ${lr}, batch = ${c.batch_size} pairs` : `SGD, lr = ${lr} decaying linearly`}, ${c.epochs} epochs, seed ${c.seed}`,
    `Checkpoints: epochs ${EPOCHS.join(", ")} (0 = before training) → this page`,
  ];
  const ol = $("how-steps");
  for (const x of steps) ol.append(el("li", {text: x}));
  if (s.epoch_seconds && s.epoch_seconds.length)
    ol.append(el("li", {class: "muted", text: `Time: ${(s.epoch_seconds.reduce((x, y) => x + y, 0) / s.epoch_seconds.length).toFixed(2)} s per epoch on the training machine`}));
  const qrows = META.stats.quality || [];
  $("how-quality-note").textContent = qrows.length
    ? `W_in scored after every epoch during training, on all ${nice(META.vocab_size)} words: WordSim-353 ρ ${qrows[0].wordsim.toFixed(3)} → ${qrows[qrows.length - 1].wordsim.toFixed(3)}, ` +
      `analogies ${pct(100 * qrows[0].analogies)} → ${pct(100 * qrows[qrows.length - 1].analogies)} (epoch ${qrows[0].epoch} → ${qrows[qrows.length - 1].epoch}).`
    : "This run was trained without the evaluation sets, so its epochs were not scored.";
}
function tablesSentence() {                            // computed: how alike the two tables' neighbourhoods and rows are
  const probes = [...GROUP_OF.keys()].map(w => INDEX.get(w)), top = (t, i) => new Set(neighbors(t, LAST, i, 10).map(r => r[2]));
  const shared = (a, b) => probes.reduce((n, i) => { const x = top(a, i), y = top(b, i); return n + [...x].filter(j => y.has(j)).length; }, 0) / probes.length;
  const beyond = t => { const ch = nearChance(t, LAST, 1); return ch ? probes.reduce((n, i) => n + neighbors(t, LAST, i, 10)
    .filter(([, c], r) => isBeyond(ch, i, r + 1, c)).length, 0) / probes.length : NaN; };
  const mIn = quantile("in", LAST, 0.5), mOut = quantile("out", LAST, 0.5), inOut = shared("in", "out"), inSum = shared("in", "sum");
  let text = `Over the ${probes.length} coloured words, W_in and W_out share ${inOut.toFixed(1)} of their 10 nearest words on average ` +
    `(${inOut >= 5 ? "alike" : inOut >= 2 ? "partly alike" : "different neighbourhoods"}), W_in and the sum ${inSum.toFixed(1)}. ` +
    `Two random words of this page have a median cosine of ${mIn.toFixed(2)} in W_in and ${mOut.toFixed(2)} in W_out`;
  if (mOut > mIn + 0.2) text += `: W_out's rows all lean one shared way (Mimno & Thompson 2017 found skip-gram's context vectors crowded ` +
    `into a narrow cone), so any two of them look alike and a W_out cosine near ${mOut.toFixed(2)} says little`;
  if (!HAS_CONTROL) return text + `. ${controlNote("verdicts")}`;
  return text + `. Of their 10 nearest words among this page's, ${beyond("in").toFixed(1)} in W_in and ${beyond("out").toFixed(1)} in W_out are ` +
    `beyond chance (closer than ${LEVEL} of the control's words of their frequency put a neighbour of their rank in the same table: the ` +
    `Neighbours view marks them).`;
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
function drawLoss() {
  const L = META.loss_epochs, cv = $("how-loss");
  if (!L.length || !cv.clientWidth) return;
  const xs = L.map((_, i) => String(i + 1)), lo = Math.min(...L), hi = Math.max(...L);
  const {ctx, X, Y} = drawChartFrame(cv, lo - 0.05 * (hi - lo || 1), hi + 0.05 * (hi - lo || 1), xs);
  ctx.strokeStyle = "#d62728"; ctx.fillStyle = "#d62728"; ctx.lineWidth = 2; ctx.beginPath();
  L.forEach((y, i) => i ? ctx.lineTo(X(i), Y(y)) : ctx.moveTo(X(i), Y(y))); ctx.stroke();
  L.forEach((y, i) => { ctx.beginPath(); ctx.arc(X(i), Y(y), 3, 0, 2 * Math.PI); ctx.fill(); });
  ctx.lineWidth = 1;
}
function drawQuality() {
  const rows = META.stats.quality || [], cv = $("how-quality");
  if (!rows.length || !cv.clientWidth) return;
  const xs = rows.map(r => String(r.epoch)), acc = rows.map(r => 100 * r.analogies);
  const top = [1, 2, 5, 10, 20, 50, 100].find(v => v >= Math.max(...acc)) || 100;     // a round top, above the data
  const {ctx, X, Y, w, R} = drawChartFrame(cv, 0, 1, xs);
  ctx.fillStyle = "#9467bd"; ctx.font = "11px system-ui, sans-serif"; ctx.textAlign = "right";
  for (let k = 0; k <= 4; k++) ctx.fillText(`${+(top * k / 4).toFixed(2)} %`, w - 2, Y(k / 4) + 4);
  ctx.textAlign = "left";
  const line = (vals, color) => { ctx.strokeStyle = color; ctx.fillStyle = color; ctx.lineWidth = 2; ctx.beginPath();
    vals.forEach((y, i) => i ? ctx.lineTo(X(i), Y(y)) : ctx.moveTo(X(i), Y(y))); ctx.stroke();
    vals.forEach((y, i) => { ctx.beginPath(); ctx.arc(X(i), Y(y), 3, 0, 2 * Math.PI); ctx.fill(); }); };
  line(rows.map(r => r.wordsim), "#2ca02c");
  line(acc.map(a => a / top), "#9467bd");
  ctx.lineWidth = 1; ctx.font = "11px system-ui, sans-serif";
  const left = "WordSim-353 ρ (left axis)", right = "analogies correct (right axis, %)";
  const apart = ctx.measureText(left).width + ctx.measureText(right).width + 24 < w - R - 52;   // one line, or one under the other
  ctx.fillStyle = "#2ca02c"; ctx.fillText(left, 48, 22);
  ctx.fillStyle = "#9467bd"; ctx.textAlign = "right"; ctx.fillText(right, w - R - 4, apart ? 22 : 36); ctx.textAlign = "left";
}
let howBuilt = false;                                  // built when first shown: it asks every table many questions
function renderHow() {
  if (!howBuilt) { buildHow(); howBuilt = true; }
  $("how-shrink").textContent = shrinkSentence(); drawLoss(); drawQuality();
}
