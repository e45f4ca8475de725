// The "Neighbours" view: a word's nearest words at this epoch (new ones marked), each judged against the
// control at the same epoch (chance.js) and with its corpus count, optionally among frequent words only; since
// which epoch its top 10 has stayed the same; what the control learned beside what only the run learned; how
// many neighbours the typical word keeps between checkpoints and the words whose neighbourhood changed most.
// W_in: query's lists among all words (facts.js); W_out and sum: computed here among the page's words.
const RARE = 50;                                       // a neighbour seen fewer times is called rare (query.RARE)
// The list shown: {rows: [{id, word, cos, text, beyond, page}], exact, chance (lines for the spread column), command}.
function nbList(t, e, i, k, minCount, which = ctlOn() ? "control" : "run") {
  if (t === "in" && hasList(which, minCount, e)) {
    return {rows: exactNeighbours(which, minCount, e, i, k), exact: true, chance: exactChance(minCount, e),
            command: queryCommand(`neighbors ${shq(WORDS[i])}` + (minCount > 1 ? ` --min-count ${minCount}` : ""), {control: which === "control"})};
  }
  if (which === "control") return null;               // the control's other tables are not on the page
  const ch = nearChance(t, e, minCount);
  return {rows: neighbors(t, e, i, k, minCount).map(([w, s, j], r) => ({id: j, word: w, cos: s, text: pyFixed(s, 3), page: true,
            beyond: ch ? isBeyond(ch, i, r + 1, s) : null})), exact: false, chance: ch,
          command: queryCommand(`neighbors ${shq(WORDS[i])}` + (minCount > 1 ? ` --min-count ${minCount}` : ""), {among: true, vectors: t})};
}
function universeNote(list, minCount) {                // which words the list is among, and the command that prints it
  const among = list.exact ? `all ${nice(META.vocab_size)} words of the vocabulary, in float32` :
    `this page's ${nice(N)} most frequent words (its 8-bit rows; W_out and sum are computed here)`;
  return el("p", {class: "small", id: "nb-universe"}, `Among ${among}` + (minCount > 1 ? ` seen at least ${nice(minCount)} times` : "") +
    `: the same list as `, el("code", {text: list.command}), list.exact ? "." : ` (query searches all ${nice(META.vocab_size)} words without --among).`);
}
function neighboursSentence(list, e, i, minCount) {    // computed: how many beat the control, and against what line
  const rows = list.rows.slice(0, ranksOf(list.chance)), beyond = rows.filter(r => r.beyond).length, sp = spreadAt(list.chance, i, 1);
  const band = list.chance.edges, b = bandOf(band, i);
  let text = `${beyond} of these ${rows.length} are ${VERDICT[true]}: closer than ${LEVEL} of ${ctlOn() ? "its own" : "the control's"} words ` +
    `of ${q(WORDS[i])}'s frequency (no. ${nice(band[b] + 1)}–${nice(band[b + 1])} by count) put their neighbour of the same rank at epoch ${e}` +
    ` (for the nearest: median ${sp[1].toFixed(3)}, 5–95 % ${sp[0].toFixed(3)}–${sp[2].toFixed(3)}, line ${lineAt(list.chance, i, 1).toFixed(3)}).`;
  if (e === "0") text += ` At epoch 0 the run is its control (the same seed, no update yet): about 1 in 1,000 crosses the line by chance.`;
  else if (ctlOn()) text += ` This is the control judged by its own line: about 1 in 1,000 crosses it by chance.`;
  const rare = list.rows.filter(r => vocabCount(r.id) < RARE).map(r => r.word);
  if (rare.length >= 3 && minCount < RARE) text += ` ${rare.length} of them are seen fewer than ${RARE} times (${rare.slice(0, 3).join(", ")}…): ` +
    `a rare word gets few updates and keeps much of where its few contexts put it; “seen at least ${RARE}” leaves them out.`;
  return el("p", {class: "small", id: "nb-sentence", text});
}
// What the control learned at this epoch, and what only the run did: from the two lists query gives (W_in).
function controlSentence(e, i) {
  if (!HAS_CONTROL || !hasList("control", 1, e)) return "";
  const run = exactNeighbours("run", 1, e, i), ctl = exactNeighbours("control", 1, e, i);
  const med = rows => { const c = rows.map(r => vocabCount(r.id)).sort((x, y) => x - y); return c.length ? c[c.length >> 1] : 0; };
  const theirs = new Set(ctl.map(r => r.id)), only = run.filter(r => r.beyond && !theirs.has(r.id)).map(r => r.word);
  let text = `The control, trained on the same words shuffled, puts ${q(WORDS[i])}'s nearest word at ${ctl[0].text} at epoch ${e} ` +
    `(the run: ${run[0].text}); its 10 nearest are seen a median of ${nice(med(ctl))} times (the run's: ${nice(med(run))}; ${q(WORDS[i])}: ` +
    `${nice(DATA.counts[i])}).`;
  if (e === "0") return el("p", {class: "small", id: "nb-control", text: text + " At epoch 0 the two are the same tables: nothing is learned yet."});
  text += ` Shuffled text teaches how often a word comes and a lean all its rows share, not what a word means: ` +
    `${ctl.filter(r => r.beyond).length} of its 10 are beyond chance. ` + (only.length ? `Only the real run has ${only.slice(0, 5).join(", ")}` +
    `${only.length > 5 ? ", …" : ""} (beyond chance, and not in the control's list).` : `No neighbour of the run's is beyond chance here.`);
  return el("p", {class: "small", id: "nb-control", text});
}
// Each neighbour is measured against the control's neighbour of its own rank, whose line falls with rank: a
// lower cosine further down can be beyond chance while a higher one above it is not, said with this list's pair.
function rankNote(list, i) {
  const rows = list.rows;
  for (let a = 0; a < rows.length; a++) for (let b = a + 1; b < Math.min(rows.length, ranksOf(list.chance)); b++)
    if (rows[a].beyond === false && rows[b].beyond === true)
      return el("p", {class: "small", id: "nb-ranknote", text: `Why “${rows[b].word}” (no. ${b + 1}, ${rows[b].text}) is ${VERDICT[true]} ` +
        `and “${rows[a].word}” (no. ${a + 1}, ${rows[a].text}) is not: each is measured against the control's neighbour of its own rank, ` +
        `and the control's no. ${a + 1} reaches ${lineAt(list.chance, i, a + 1).toFixed(3)} while its no. ${b + 1} passes ${lineAt(list.chance, i, b + 1).toFixed(3)} only once in 1,000.`});
  return "";
}
function renderNeighbors() {
  $("nb-word").value = state.word; $("nb-k").value = state.k === "5" ? "5" : "10"; $("nb-min").value = state.min;
  const box = clear($("nb-msg")), res = clear($("nb-result")), t = state.vec, e = state.epoch;
  const k = state.k === "5" ? 5 : 10, ei = EPOCHS.indexOf(e), minCount = parseInt(state.min, 10) || 1;
  const who = ctlOn() ? " · control" : "";
  $("nb-title").textContent = `Neighbours · ${TABLE_NAME[t]} · ${epochName(e)}${who}`;
  if (state.word && !zeroNote(box)) {
    const i = lookup(state.word, box, w => set({word: w}));
    const list = i >= 0 ? nbList(t, e, i, k, minCount) : null;
    if (i >= 0 && !list) res.append(el("p", {class: "msg", id: "nb-nocontrol", text: `The control's lists ${t === "in" ? `of words seen at least ${nice(minCount)} times` :
      `in ${TABLE_NAME[t]}`} are not on this page (it holds the control's W_in lists among all words): ` +
      queryCommand(`neighbors ${shq(WORDS[i])}` + (minCount > 1 ? ` --min-count ${minCount}` : ""), {control: true, vectors: t}) + " prints them."}));
    else if (i >= 0) {
      const prev = ei > 0 && !isZero(t, EPOCHS[ei - 1]) ? EPOCHS[ei - 1] : null;
      const before = prev ? new Set(nbList(t, prev, i, k, minCount).rows.map(r => r.id)) : null;
      $("nb-title").textContent = `Neighbours of ${q(WORDS[i])} · ${TABLE_NAME[t]} · ${epochName(e)}${who}`;
      const tbl = el("table", {class: "list", id: "nb-table"});
      const judged = !FILE_ONLY;                        // a vectors file has no control and no counts: no such columns
      tbl.append(el("tr", {}, el("th", {class: "num", text: "#"}), el("th", {text: "word"}), el("th", {}),
        el("th", {class: "num", text: "cosine"}), judged ? el("th", {class: "num chance", title: "the control's neighbour of the same rank, for words of this frequency: its median cosine, and the line (its 99.9th percentile)",
          text: "control: median (line)"}) : "", judged ? el("th", {text: "against chance"}) : "", judged ? el("th", {class: "num seen", text: "seen"}) : ""));
      list.rows.forEach((x, r) => {
        const ch = list.chance && r < ranksOf(list.chance) ? list.chance : null, sp = ch && spreadAt(ch, i, r + 1);
        tbl.append(el("tr", {"data-verdict": x.beyond === null || !ch ? "" : x.beyond ? "beyond" : "within", "data-word": x.word},
          el("td", {class: "num", text: r + 1}),
          el("td", {}, x.page ? el("button", {class: "linkish", text: x.word, onclick: () => set({word: x.word})})
            : el("span", {class: "offpage", title: `not among this page's ${nice(N)} words`, text: x.word}),
            before && !before.has(x.id) ? el("span", {class: "new", text: "new"}) : ""),
          el("td", {class: "barcell"}, el("div", {class: "hbar", style: `width:${Math.max(2, 100 * Math.max(0, x.cos)).toFixed(0)}%`})),
          el("td", {class: "num", text: minus(x.text)}),
          judged ? el("td", {class: "num muted chance", title: sp ? `median ${sp[1].toFixed(3)}, 5–95 %: ${sp[0].toFixed(3)}–${sp[2].toFixed(3)}` : "",
            text: sp ? `${sp[1].toFixed(2)} (${lineAt(ch, i, r + 1).toFixed(2)})` : "—"}) : "",
          judged ? el("td", {}, x.beyond === null || !ch ? "" : el("span", {class: "verdict " + (x.beyond ? "beyond" : "within"), text: VERDICT[x.beyond]})) : "",
          judged ? el("td", {class: "num muted seen", text: `${nice(vocabCount(x.id))}×`}) : ""));
      });
      res.append(el("div", {class: "scroll"}, tbl), universeNote(list, minCount));
      if (list.chance) res.append(neighboursSentence(list, e, i, minCount), rankNote(list, i));
      else res.append(el("p", {class: "small", id: "nb-sentence", text: controlNote("verdicts")}));
      if (t === "in" && minCount === 1) res.append(controlSentence(e, i));
      const since = stableSince(t, i, minCount, ep => nbList(t, ep, i, 10, minCount).rows.map(r => r.id));   // on the lists shown
      if (EPOCHS.length > 1) res.append(el("p", {class: "small", id: "nb-stable", text: since === null
        ? `Over the whole run: its top 10 still changed between the last two checkpoints.`
        : `Over the whole run: its top 10 (as a set) has not changed since epoch ${since}.`}));
      if (judged) res.append(el("p", {class: "small muted", text: `“Control: median (line)”: the cosine of the neighbour of the same rank of the control's words of ` +
          `this frequency (the control: the same training on the same words shuffled), at the same epoch: its median, and the line a neighbour ` +
          `must pass to be beyond chance (its ${LEVEL} point). A raw percentile ` +
          `among random pairs would flatter every nearest neighbour, the largest of thousands of cosines.` +
          (before ? ` “new”: not among the top ${k} at epoch ${prev}.` : "") + ` A word in plain text is not among this page's words.`}));
      res.append(cmpNeighboursCard(i, new Set(list.rows.map(r => r.word)), e));   // explore --compare FILE
    }
    if (i < 0) res.append("—");
  } else if (!state.word) res.append("Enter a word above.");
  renderChanges(t, e);
}
function renderChanges(t, e) {
  const pairs = Object.keys(DATA.changes[t]);
  const pair = pairs.find(p => p.split("-")[1] === e) || pairs.find(p => p.split("-")[0] === e) || pairs[pairs.length - 1];
  const ch = clear($("ch-result"));
  if (!pair) { ch.append("Only one checkpoint with vectors: nothing to compare."); return; }
  const [p0, p1] = pair.split("-");
  $("ch-title").textContent = `Most changed neighbourhoods, epoch ${p0} → ${p1}`;
  const rows = DATA.changes[t][pair];
  $("ch-note").textContent = `Among this page's words. Content words only (no punctuation, no function words such as “of”, “because”, “however”, and the ` +
    `${nice(Math.min(100, Math.floor(N / 10)))} most frequent words left out): ` +
    `how many of each word's top-10 neighbours it kept from epoch ${p0} to ${p1}, fewest first. Click a word to see its neighbours.` +
    (pair.split("-").includes(e) ? "" : ` (${epochName(e)} has no change to show${isZero(t, e) ? `: ${TABLE_NAME[t]} is all zero there` : ""}; this is the last one.)`);
  const spread = ((DATA.settling || {})[t] || {})[pair];
  if (spread && spread.words) ch.append(el("p", {class: "small", id: "ch-spread", text: `The typical content word (the median of ${nice(spread.words)}) kept ` +
    `${spread.median} of its 10 nearest words from epoch ${p0} to ${p1}` + (spread.p10 === spread.p90 ? `, and nine in ten kept exactly ${spread.p10}. `
      : `; a tenth kept ${spread.p10} or fewer, a tenth ${spread.p90} or more. `) +
    (spread.median >= 7 ? "Most neighbourhoods have settled." : spread.median >= 3 ? "Neighbourhoods are still settling." :
      "Most neighbourhoods are still being rebuilt.") + " The most changed:"}));
  const tbl = el("table", {class: "list", id: "ch-table"});
  tbl.append(el("tr", {}, el("th", {text: "word"}), el("th", {class: "num", text: "kept"}), el("th", {text: `nearest at ${p0} → at ${p1}`})));
  for (const [w, overlap, was, now] of rows.slice(0, 15))
    tbl.append(el("tr", {}, el("td", {}, el("button", {class: "linkish", text: w, onclick: () => set({word: w, view: "neighbors"})})),
      el("td", {class: "num", text: `${overlap}/10`}), el("td", {class: "small", text: `${was.join(", ")} → ${now.join(", ")}`})));
  ch.append(el("div", {class: "scroll"}, tbl));
}
