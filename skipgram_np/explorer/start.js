// The "Start here" path: nine stops from the raw text to the trained space, each a few sentences, a
// picture drawn from this run's numbers (diagrams.js), one question to answer before looking — its right
// answer and its feedback computed from this run's data — a link to open that part of the page live (lit,
// with a way back), and the lesson and exercise for the stage. A first visit opens it; "skip" remembers.
const TOUR_KEY = "skipgram_np.tour";
function tourSeen() { try { return localStorage.getItem(TOUR_KEY) === "done"; } catch (err) { return false; } }
function tourDone() { try { localStorage.setItem(TOUR_KEY, "done"); } catch (err) { /* file:// without storage */ } }
const LESSON = n => `lessons/${{1: "01_data", 2: "02_vocabulary", 3: "03_subsampling", 4: "04_skipgram_pairs", 7: "07_negative_sampling",
  8: "08_gradients", 9: "09_training", 12: "12_explore", 13: "13_comparing_epochs"}[n]}.py`;
function stopPassage() {                               // the passage and pair the One step view opens on
  const words = (META.samples || [])[0] || WORDS.slice(0, 12), ids = words.map(w => INDEX.get(w));
  const [c, o] = STEP ? STEP.default : [Math.min(2, words.length - 1), Math.min(3, words.length - 1)];
  return {words, ids, c, o};
}
function boxWidth() { return widthFor($("start-body")); }
function sampleDropped(ids, draw) {                    // one seeded draw of subsampling over the passage
  const dropIn = seed => { const rng = mulberry32(seed), out = new Set();
    ids.forEach((i, k) => { if (i >= 0 && rng() >= keepProb(i)) out.add(k); }); return out; };
  if (draw > 0) return dropIn(7 + draw);
  for (let seed = 1; seed < 500; seed++) {           // draw 0: a typical draw, each word dropped iff keep(w) < ½
    const out = dropIn(seed);
    if (ids.every((i, k) => i < 0 || out.has(k) === keepProb(i) < 0.5)) return out;
  }
  return dropIn(7);
}
function pick(options, correct, scale = false) {        // scale: options on a scale (epochs, sizes), shown in its order
  return {options: options.map(String), correct: String(correct), scale};
}
function shuffled(options, seed) {                     // a seeded order: the same on every visit, the right one anywhere
  const rng = mulberry32(seed), out = options.slice();
  for (let i = out.length - 1; i > 0; i--) { const j = Math.floor(rng() * (i + 1)); [out[i], out[j]] = [out[j], out[i]]; }
  return out;
}
const keepFormula = () => META.config.subsample_formula === "word2vec" ? "keep(w) = min(1, (√(f(w) / t) + 1) · t / f(w))" : "keep(w) = min(1, √(t / f(w)))";
function drawSentence(p, dropped) {                    // computed from the draw shown
  const gone = [...dropped].sort((a, b) => a - b), kept = p.words.map((_, k) => k).filter(k => !dropped.has(k) && p.ids[k] >= 0);
  const k2 = k => keepProb(p.ids[k]).toFixed(2), lucky = kept.filter(k => keepProb(p.ids[k]) < 1), always = kept.filter(k => keepProb(p.ids[k]) >= 1);
  return `This draw dropped ${gone.length} of the ${p.words.length} tokens` + (gone.length ? ` (${gone.map(k => `${p.words[k]}, keep ${k2(k)}`).join("; ")})` : "") +
    (lucky.length ? ` and kept ${lucky.map(k => `${p.words[k]} (keep ${k2(k)})`).join(", ")}, which another draw may drop` : "") +
    (always.length ? `; ${always.map(k => p.words[k]).join(", ")} ${always.length === 1 ? "is" : "are"} always kept` +
      (alwaysKept() === null ? " (no subsampling)" : ` (seen at most ${nice(alwaysKept())} times)`) : "") + ".";
}
let STOP5 = null;
function stop5Pair() {                                 // of the passages' true pairs, the one with the largest |g| = 1 − σ(s) at the last
  if (STOP5) return STOP5;                             // epoch: a step on it visibly moves σ(s) (a pair at σ = 1.000 barely moves)
  const Win = realRows("in", LAST), Wout = realRows("out", LAST), w = META.config.window;
  (META.samples || []).forEach((words, si) => {
    const ids = words.map(x => INDEX.has(x) ? INDEX.get(x) : -1);
    ids.forEach((c, i) => ids.forEach((o, j) => {
      if (c < 0 || o < 0 || i === j || Math.abs(i - j) > w) return;
      const s = dotv(rowOf(Win, D, c), rowOf(Wout, D, o)), g = sigma(s) - 1;
      if (!STOP5 || Math.abs(g) > Math.abs(STOP5.g)) STOP5 = {si, i, j, c, o, s, g};
    }));
  });
  return STOP5;
}
// Each stop: title, text(), picture(), question() -> {prompt, options, correct, explain}, live: [view hash, target id], links.
const STOPS = [
  {title: "Raw text becomes tokens", live: ["view=how", "how-steps"], lessons: [1, 2],
    text: () => `${META.dataset}: Wikipedia articles, ${nice(META.stats.raw_tokens || 0)} tokens once cleaned (headings dropped, lowercased, ` +
      `“state @-@ of” split into “state of”). A word seen fewer than ${META.config.min_count} times is dropped; every other word gets two rows of ` +
      `${D} numbers to learn, one in each of two tables, W_in and W_out (stop 5 uses them). Here is a real passage of the text, as training reads it:`,
    picture: () => { const p = stopPassage(); return windowDiagram(p.words, -1, 0, new Set(), -1, boxWidth()); },
    question: () => { const share = 100 * (META.stats.tokens || 0) / (META.stats.raw_tokens || 1);
      const bands = ["under 60 %", "60 to 90 %", "over 90 %"], band = bands[share < 60 ? 0 : share < 90 ? 1 : 2];
      return {prompt: `This run learns vectors for ${nice(META.vocab_size)} different words. What share of the text's tokens are these words?`,
        ...pick(bands, band, true),
        reveal: [pct(share)], explain: `${pct(share)}: ${nice(META.stats.tokens || 0)} of the ${nice(META.stats.raw_tokens || 0)} tokens are one of the ` +
          `${nice(META.vocab_size)} words seen at least ${META.config.min_count} times. A few words are very frequent and most are rare ` +
          `(Zipf's law), so dropping the rare ones loses few tokens.`}; }},
  {title: "Subsampling drops frequent words", live: ["view=step", "st-tokens"], lessons: [3], exercise: "03",
    text: answered => (alwaysKept() === null ? `This run keeps every occurrence of every word (t = ${META.config.subsample}: no subsampling); ` +
      `word2vec's default t = 1e-5 would keep an occurrence of w with probability ${keepFormula()}, f(w) its share of the tokens. `
      : `Each epoch, every occurrence of a word w is kept with probability ${keepFormula()}, t = ${META.config.subsample}, ` +
      `f(w) its share of the tokens: a word seen at most ${nice(alwaysKept())} times is always kept, and the more often a word is seen, the ` +
      `smaller the share of its occurrences kept, so the windows reach further. `) + (answered ? `One draw for this passage (struck: dropped this time):`
        : `The passage (its draw is shown once you have answered):`),
    picture: answered => { const p = stopPassage(), box = el("div", {});
      if (!answered) return windowDiagram(p.words, -1, 0, new Set(), -1, boxWidth());
      const dropped = sampleDropped(p.ids, tour.draw);
      box.append(windowDiagram(p.words, -1, 0, dropped, -1, boxWidth()), el("p", {class: "small", id: "start-draw", text: drawSentence(p, dropped)}),
        el("button", {class: "linkish", id: "start-redraw", text: "draw again", onclick: () => { tour.draw++; renderStart(); }}));
      return box; },
    question: () => { const p = stopPassage(), seen = [...new Set(p.words)].filter(w => INDEX.has(w));
      const byKeep = seen.sort((a, b) => keepProb(INDEX.get(a)) - keepProb(INDEX.get(b)));
      const opts = [byKeep[0], byKeep[Math.floor(byKeep.length / 2)], byKeep[byKeep.length - 1]].filter((w, i, a) => a.indexOf(w) === i);
      return {prompt: "Which word of this passage does subsampling drop most often?", ...pick(opts, byKeep[0]),
        reveal: opts.map(w => keepProb(INDEX.get(w)).toFixed(3)), explain: opts.map(w => `“${w}” is kept with probability ${keepProb(INDEX.get(w)).toFixed(3)} (f = ` +
          `${(DATA.counts[INDEX.get(w)] / (META.stats.tokens || 1)).toExponential(2)})`).join("; ") + "."}; }},
  {title: "Windows give (centre, context) pairs", live: ["view=step", "st-window"], lessons: [4], exercise: "04",
    text: () => `Every kept word is a centre c; each word within ${META.config.window} positions of it is a context word o, and (c, o) is one ` +
      `training pair. The window of the passage's blue word, with the context word One step starts on in green:`,
    picture: () => { const p = stopPassage(); return windowDiagram(p.words, p.c, META.config.window, new Set(), p.o, boxWidth()); },
    question: () => { const L = stopPassage().words.length, w = META.config.window;
      let n = 0; for (let j = 1; j <= w; j++) n += 2 * Math.max(0, L - j);
      return {prompt: `With a window of ${w}${META.config.shrink_window ? " (not shrunk)" : ""}, how many (centre, context) pairs does this ${L}-word passage give on its own, no word dropped?`,
        ...pick([...new Set([L * w, n, 2 * w * L])].sort((a, b) => a - b), n, true),
        reveal: [`${n}: each`], explain: `${n}: each of the ${L} words pairs with up to ${2 * w} others, but the words near the ends have fewer: ` +
          `2 × Σ_{j=1..${w}} (${L} − j) = ${n} (pairs.count_pairs). Over an epoch: about ${nice(META.stats.expected_pairs_per_epoch || 0)} pairs, from the ` +
          `~${nice(META.stats.expected_kept_per_epoch || 0)} of ${nice(META.stats.tokens || 0)} tokens subsampling keeps` +
          (META.config.shrink_window ? ` (this run shrinks each centre's window to a random 1..${w}, so offset j survives with probability (${w} − j + 1) / ${w}: about ${Math.round(100 * (w + 1) / (2 * w))} % of a fixed window's pairs).` : ".")}; }},
  {title: "Negatives: k noise words per pair", live: ["view=step", "st-negs"], lessons: [7], exercise: "07",
    text: () => `Instead of a softmax over all ${nice(META.vocab_size)} words, each pair is a yes/no question for its true context word and ` +
      `k = ${META.config.negatives} words drawn from P_n(w) ∝ count(w)^${META.config.ns_exponent}: frequent words more often, but less than their count says.`,
    picture: null,
    question: () => { const wordy = r => { while (r < N - 1 && !/^\p{L}{2,}$/u.test(WORDS[r])) r++; return r; };   // "the", not "," or "l"
      const a = wordy(0), b = wordy(Math.min(N - 1, 200)), ratio = DATA.counts[a] / DATA.counts[b], drawn = noiseP(a) / noiseP(b);
      const opts = [...new Set([Math.round(ratio), Math.round(drawn), Math.round(Math.sqrt(ratio))])].sort((x, y) => x - y);
      return {prompt: `“${WORDS[a]}” is seen ${ratio.toFixed(0)} times as often as “${WORDS[b]}”. How many times as often is it drawn as a negative?`,
        ...pick(opts.map(x => `about ${nice(x)} times`), `about ${nice(Math.round(drawn))} times`, true),
        reveal: [noiseP(a).toExponential(2), `${drawn.toFixed(1)} times`], explain: `P_n(${WORDS[a]}) = ${noiseP(a).toExponential(2)}, P_n(${WORDS[b]}) = ${noiseP(b).toExponential(2)}: ${drawn.toFixed(1)} times, ` +
          `${ratio.toFixed(0)}^${META.config.ns_exponent}. The power ${META.config.ns_exponent} flattens the counts: a frequent word is drawn ` +
          `more often than a rare one, but less than its count says, so rarer words get more of the negatives' updates.`}; }},
  {title: "One step: score, probability, gradient, update", live: () => { const p = stop5Pair();
      return [p ? `view=step&sent=${p.si}&sc=${p.i}&so=${p.j}&epoch=${LAST}` : "view=step", "st-chain"]; }, lessons: [8], exercise: "08",
    text: () => `The pair's score is s = v_c·u_o (a row of W_in times a row of W_out); σ(s) is the model's probability that o is a true ` +
      `context of c. The loss −log σ(s_pos) − Σ log σ(−s_neg) pushes s_pos up and each s_neg down; the gradients are g·u and g·v with g = σ(s) − 1 or σ(s). ` +
      `The pair below is the one of the page's passages with the largest |g| at epoch ${LAST}, so that one step visibly moves it:`,
    picture: answered => { const p = stop5Pair(); if (!p) return el("p", {class: "small muted", text: "This run stored no passages."});
      const v = rowOf(realRows("in", LAST), D, p.c), s = p.s, shown = x => answered ? x : "?", c0 = META.config;   // nothing given away before the guess
      const lr = c0.optimizer === "sgd" ? c0.lr : META.default_lr.sgd, after = s - lr * p.g * dotv(v, v);   // u_o's own step: u_o − lr·g·v_c
      return chainDiagram([["v_c · u_o", "dot"], [`s = ${shown(fmt(s, 3))}`, "σ"], [`σ(s) = ${shown(sigma(s).toFixed(3))}`, "− 1"],
        [`g = ${shown(fmtFine(p.g, 3))}`, "g · v_c"], [`u_o moves by lr·|g·v_c| = ${shown((lr * Math.abs(p.g) * norm(v)).toExponential(1))}`, "then"],
        [`σ(s) = ${shown(sigma(after).toFixed(3))}`]],
      `(${WORDS[p.c]}, ${WORDS[p.o]}) at epoch ${LAST}, one SGD step with lr ${lr} on u_o` +
      (c0.optimizer === "sgd" ? "" : ` (this run trained with Adam, lr ${c0.lr}; One step shows both)`), boxWidth()); },
    question: () => { const p = stop5Pair();
      if (!p) return {prompt: "Is σ(s) of a true pair above or below 0.5 once trained?", ...pick(["above 0.5", "below 0.5"], "above 0.5"), explain: ""};
      const t = target(p.c, p.o), c0 = META.config, lr = c0.optimizer === "sgd" ? c0.lr : META.default_lr.sgd;
      const v = rowOf(realRows("in", LAST), D, p.c), after = p.s - lr * p.g * dotv(v, v);
      return {prompt: `Before you look: at epoch ${LAST}, is σ(s) for the true pair (${WORDS[p.c]}, ${WORDS[p.o]}) above or below 0.5?`,
        ...pick(["above 0.5", "below 0.5"], sigma(p.s) > 0.5 ? "above 0.5" : "below 0.5"),
        reveal: [`σ(s) = ${sigma(p.s).toFixed(3)}`, `s = ${fmt(p.s, 3)}`], explain: `σ(s) = ${sigma(p.s).toFixed(3)} (s = ${fmt(p.s, 3)}), so g = σ(s) − 1 = ${fmt(p.g, 3)}: one SGD step with lr ${lr} moves u_o by ` +
          `−lr·g·v_c, which raises s by lr·|g|·|v_c|² = ${fmt(after - p.s, 3)}, to σ(s) = ${sigma(after).toFixed(3)}. ` + (t ? targetSentence(t, p.s, p.c, p.o, LAST) : "")}; }},
  {title: "Watch a toy corpus learn", live: ["view=toy", "toy-runbar"], lessons: [9],
    text: () => `A dozen sentences, a few dimensions: small enough to see both tables change update by update. Each +1 names its pair and ` +
      `negatives, lights the rows it touches in W_in and W_out and draws their moves on a map; the loss is drawn against its first value.`,
    picture: null,
    question: () => { const k = parseInt($("toy-k").value, 10) || 3, flat = (k + 1) * Math.LN2;
      return {prompt: `The toy's first losses all equal ${flat.toFixed(3)} (k = ${k}). Why?`,
        ...pick(["W_out starts at zero, so every σ(s) is ½", "the learning rate is too small", "the corpus is too short"], "W_out starts at zero, so every σ(s) is ½"),
        reveal: ["σ(0) = ½", "W_out all zero"], explain: `${flat.toFixed(3)} = (k + 1)·log 2 = ${k + 1} × 0.693: with W_out all zero every score s = v·u is 0 and σ(0) = ½, for the true ` +
          `word and for each of the ${k} negatives; ∂L/∂v_c = Σ g·u is zero too, so the first updates move only W_out.`}; }},
  {title: "From noise to structure, epoch by epoch", live: ["view=explore", "map-structure"], lessons: [12, 13],
    text: () => `Epoch 0 holds the tables before training: random rows. Switch epochs on the map and the coloured groups gather; the structure ` +
      `number counts, in all ${D} dimensions, how many coloured words have their nearest coloured word in their own group.`,
    picture: null,
    question: () => { const st = (DATA.structure || {}).in, E = st ? Object.keys(st.share) : EPOCHS;
      const first = st ? E.find(e => e in st.control && st.share[e] > st.control[e]) : undefined;
      return {prompt: "At which epoch is the structure number first above what chance gives (the same training on shuffled text)?",
        ...pick([...E, "none of them"], first ?? "none of them", true),
        reveal: st ? E.map(e => `${pct(100 * st.share[e], 0)} at ${e === "0" ? "epoch 0" : e}`) : [], explain: st ? structureSentence(st) : "This page has no structure number (too few coloured words in the vocabulary)."}; }},
  {title: "Chance: the same training on shuffled text", live: ["view=neighbors&word=france&ctl=1", "nb-result"], lessons: [13],
    text: () => `How do we know a neighbour is learned and not luck? Run the experiment: train again with the same settings and seed on the same ` +
      `words in shuffled order — every word keeps its count, no word keeps its neighbours. This control is the chance level of every verdict ` +
      `on this page: a neighbour is beyond chance when it is closer than 99.9 % of the control's words of its frequency put theirs, at the same epoch.`,
    picture: null, question: () => controlQuestion()},
  {title: "Similarity, neighbours, analogies", live: ["view=neighbors&word=january", "nb-result"], lessons: [12, 13], exercise: "12",
    text: () => `Words used in similar contexts end up with similar rows. A raw cosine means something else at every epoch, so each is shown ` +
      `against its epoch's random pairs, and each neighbour against what the control puts that close at the same epoch.`,
    picture: null,
    question: () => { const [a, b] = INDEX.has("january") && INDEX.has("february") ? ["january", "february"] : (DATA.examples.similarity[0] || [WORDS[1], WORDS[2]]);
      const ia = INDEX.get(a), ib = INDEX.get(b), fact = simFact(ia, ib), all = Boolean(fact && EXACT);   // query's universe when embedded
      const first = EPOCHS.find(e => all ? exactNeighbours("run", 1, e, ia).some(r => r.word === b) : neighbors("in", e, ia, 10).some(r => r[0] === b));
      const ranks = EPOCHS.map((e, k) => `epoch ${e}: no. ${nice(all ? fact.run[k].rank_ab : rankOf("in", e, ia, ib))}`).join(", ");
      const among = all ? `all ${nice(META.vocab_size)} words` : `this page's ${nice(N)}`;
      return {prompt: `Which epoch first puts “${b}” among “${a}”'s ten nearest words (among ${among})?`,
        ...pick([...EPOCHS, "none of them"], first ?? "none of them", true), reveal: [ranks], explain: `“${b}” among “${a}”'s neighbours: ${ranks}` +
          (all ? ` (as ${queryCommand(`similarity ${a} ${b}`)} prints them).` : ".")}; }},
];
// Stop 8: predict what the control learns; the right answer and its explanation come from its lists and scores.
function controlQuestion() {
  const options = ["nothing: its rows stay as random as at epoch 0", "how often words come, and a lean all rows share — not meaning",
    "much of the same meaning: its neighbours are the run's"];
  if (!HAS_CONTROL) return {prompt: "A model trained on the same words shuffled: what does shuffling keep?", ...pick(["each word's count",
    "each word's neighbours", "the order of the sentences"], "each word's count"), explain: `Every word keeps its count, and nothing else of the text. ` + controlNote("control")};
  const probes = (DATA.examples.neighbors || []).map(w => INDEX.get(w)).filter(i => i !== undefined);
  const shared = probes.reduce((n, i) => { const c = new Set(exactNeighbours("control", 1, LAST, i).map(r => r.id));
    return n + exactNeighbours("run", 1, LAST, i).filter(r => c.has(r.id)).length; }, 0) / Math.max(1, probes.length);
  const q0 = i => exactNeighbours("control", 1, "0", i)[0].cos, qL = (e, i) => exactNeighbours("control", 1, e, i)[0].cos;
  const moved = probes.some(i => EPOCHS.some(e => Math.abs(qL(e, i) - q0(i)) > 0.05));
  const right = shared >= 3 ? options[2] : moved ? options[1] : options[0], p = probes[0], st = (DATA.structure || {}).in;
  const cq = (META.control_quality || []).find(r => String(r.epoch) === LAST), rq = QUALITY.get(LAST);
  const lists = p === undefined ? "" : `At epoch ${LAST} the control's nearest words of “${WORDS[p]}” are ` +
    `${exactNeighbours("control", 1, LAST, p).slice(0, 4).map(r => r.word).join(", ")} (the run's: ${exactNeighbours("run", 1, LAST, p).slice(0, 4).map(r => r.word).join(", ")}); `;
  const lean = EPOCHS.filter(e => e !== "0" && DATA.control.pairs_median[e] > 0.5);
  return {prompt: `Trained on the same words in shuffled order, same settings, same seed: what has this control learned by epoch ${LAST}?`,
    ...pick(options, right), reveal: [`share ${shared.toFixed(1)} of 10`], explain: lists + `over the ${probes.length} example words the two lists share ${shared.toFixed(1)} of 10. ` +
      (lean.length ? `At epoch ${lean.join(", ")} two random words of the control have a median cosine of ` +
        `${lean.map(e => fmt(DATA.control.pairs_median[e], 2)).join(", ")} (the run's: ${lean.map(e => fmt(quantile("in", e, 0.5), 2)).join(", ")}): ` +
        `its rows lean one shared way, so every cosine is high. ` : "") +
      (st && LAST in st.control ? `Its structure number is ${pct(100 * st.control[LAST], 0)} (the run's ${pct(100 * st.share[LAST], 0)})` : "") +
      (cq && rq ? `, WordSim-353 ρ ${cq.wordsim.toFixed(3)} (the run's ${rq.wordsim.toFixed(3)}), analogies ${pct(100 * cq.analogies)} (${pct(100 * rq.analogies)}). ` : ". ") +
      `Everything the control shows, the run could show by chance; the badges on this page mark what only the real text taught.`};
}
const tour = {answered: new Map(), draw: 0, shown: ""};   // draw: stop 2's subsampling draw (0: a typical one); shown: the live hash scrolled to
function renderStart() {
  const n = Math.min(STOPS.length, Math.max(1, parseInt(state.stop, 10) || 1)), stop = STOPS[n - 1], box = clear($("start-body"));
  const nav = clear($("start-stops"));
  STOPS.forEach((s, i) => nav.append(el("button", {class: "stopbtn", "aria-pressed": String(i + 1 === n), title: s.title,
    text: String(i + 1), onclick: () => set({stop: String(i + 1)})})));
  const q = stop.question(), key = `${n}`, chosen = tour.answered.get(key);
  box.append(el("h2", {id: "start-title", text: `${n}. ${stop.title}`}), el("p", {id: "start-text", text: stop.text(chosen !== undefined)}));
  if (stop.picture) { const pic = el("div", {class: "scroll", id: "start-picture"}); pic.append(stop.picture(chosen !== undefined)); box.append(pic); }
  const qbox = el("div", {class: "card question", id: "start-question"}, el("b", {text: "Predict, then check: "}), q.prompt);
  const opts = el("div", {class: "try", id: "start-options"});
  (q.scale ? q.options : shuffled(q.options, 7919 * n)).forEach(o => opts.append(el("button", {"data-option": o, "aria-pressed": String(chosen === o),
    class: chosen === undefined ? "" : o === q.correct ? "right" : o === chosen ? "wrong" : "", onclick: () => { tour.answered.set(key, o); renderStart(); }}, o)));
  qbox.append(opts);
  if (chosen !== undefined) qbox.append(el("p", {class: "small", id: "start-feedback"},
    el("b", {text: chosen === q.correct ? "Right. " : `Not quite: it is ${q.correct}. `}), q.explain));
  box.append(qbox);
  const links = el("p", {class: "small"}, el("button", {class: "linkish", id: "start-live", text: "See it live on the page →",
    onclick: () => { location.hash = `${liveOf(stop)[0]}&tour=${n}`; }}));
  links.append(` · read ${stop.lessons.map(LESSON).join(", ")}` +
    (stop.exercise ? ` · exercise: python lessons/check.py ${stop.exercise}` : ""));
  box.append(links);
  $("start-prev").disabled = n === 1; $("start-next").textContent = n === STOPS.length ? "Done: to the map" : "Next →";
}
function setupStart() {
  $("start-prev").addEventListener("click", () => set({stop: String(Math.max(1, (parseInt(state.stop, 10) || 1) - 1))}));
  $("start-next").addEventListener("click", () => { const n = parseInt(state.stop, 10) || 1;
    if (n >= STOPS.length) { tourDone(); set({view: "explore", stop: ""}); } else set({stop: String(n + 1)}); });
  $("start-skip").addEventListener("click", () => { tourDone(); set({view: "explore", stop: ""}); });
  $("tour-back").addEventListener("click", () => {    // back where the learner left: at the stop's question
    set({view: "start", stop: state.tour, tour: ""});
    requestAnimationFrame(() => $("start-question").scrollIntoView({block: "center"}));
  });
  document.addEventListener("keydown", ev => {           // ← and → walk the path when no field has the keyboard
    if (state.view !== "start" || /input|textarea|select/i.test((ev.target || {}).tagName || "")) return;
    if (ev.key === "ArrowRight") $("start-next").click(); else if (ev.key === "ArrowLeft" && !$("start-prev").disabled) $("start-prev").click();
  });
}
function liveOf(stop) { return typeof stop.live === "function" ? stop.live() : stop.live; }   // [view hash, the part to light]
function showTourBar() {                               // from the path to a live view: the part it is about, lit, and the way back
  const n = parseInt(state.tour, 10), bar = $("tour-bar");
  for (const x of document.querySelectorAll(".tour-lit")) x.classList.remove("tour-lit");
  bar.hidden = !(n >= 1 && state.view !== "start");
  document.body.classList.toggle("touring", !bar.hidden);
  if (bar.hidden) return;
  $("tour-text").textContent = `Start here, stop ${n} of ${STOPS.length}: ${STOPS[n - 1].title}.`;
  const target = $(liveOf(STOPS[n - 1])[1]);
  if (!target) return;
  const lit = target.closest(".card") || target;
  lit.classList.add("tour-lit");
  if (tour.shown === location.hash) return;            // scrolled there once; the learner may scroll away
  tour.shown = location.hash;
  requestAnimationFrame(() => {                        // below the sticky bar, whose height the phone doubles
    const top = lit.getBoundingClientRect().top + window.scrollY - document.querySelector(".bar").offsetHeight;
    window.scrollTo({top: Math.max(0, top - 8)});
  });
}
