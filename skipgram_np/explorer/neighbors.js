// The "Neighbours" view: a word's nearest words at this epoch (new ones marked), each against the chance
// level of a neighbour of its rank (baseline.NeighbourChance) and with its corpus count, optionally among
// frequent words only; since which epoch its top 10 has stayed the same; how many neighbours the typical
// word keeps between checkpoints and the words whose neighbourhood changed most (epochs.neighbourhood_change).
const RARE = 50;                                       // a neighbour seen fewer times is called rare (query.RARE)
function neighboursSentence(now, chance, e, i, minCount) {   // computed: how many of them noise could have put there
  const beyond = now.filter(([, s], r) => r < chance.top.length && verdict(chance, r + 1, s) === "beyond").length;
  const among = minCount > 1 ? `the ${nice(DATA.counts.filter(c => c >= minCount).length)} words of this page seen at least ${nice(minCount)} times`
    : `this page's ${nice(N)} words (python -m skipgram_np.query searches all ${nice(META.vocab_size)})`;
  const n = Math.min(now.length, chance.top.length), gap = now.length ? now[0][1] - chance.q[0][1] : 0;
  let text = `Among ${among}: ${beyond} of these ${n} are ${VERDICT.beyond} — closer than noise shaped like epoch ${e}'s ` +
    `table ever put a neighbour of their rank (${nice(META.noise_words)} noise words; for the nearest, chance is ` +
    `${chance.q[0][1].toFixed(3)}, 5–95 %: ${chance.q[0][0].toFixed(3)}–${chance.q[0][2].toFixed(3)}, never above ${chance.top[0].toFixed(3)}). ` +
    `The nearest is ${fmt(gap, 3)} from chance's median.`;
  if (e === "0") text += " At epoch 0 the table is such noise: any word's list here is what chance gives.";
  const rare = now.filter(([, , j]) => DATA.counts[j] < RARE).map(r => r[0]);
  if (rare.length >= 3 && minCount < RARE) text += ` ${rare.length} of them are seen fewer than ${RARE} times (${rare.slice(0, 3).join(", ")}…): ` +
    `a rare word gets few updates and keeps much of where its few contexts put it; “seen at least ${RARE}” leaves them out.`;
  return el("p", {class: "small", id: "nb-sentence", text});
}
// Chance falls with rank (noise's 1st neighbour is closer than its 10th), so a lower cosine further down can be
// beyond chance while a higher one above it is not: said with this list's own pair when it happens.
function rankNote(now, chance) {
  const v = now.map(([, s], r) => r < chance.top.length ? verdict(chance, r + 1, s) : null), order = {beyond: 2, rare: 1, within: 0};
  for (let a = 0; a < now.length; a++) for (let b = a + 1; b < now.length; b++)
    if (v[a] && v[b] && order[v[b]] > order[v[a]])
      return el("p", {class: "small", id: "nb-ranknote", text: `Why “${now[b][0]}” (no. ${b + 1}, ${now[b][1].toFixed(3)}) is ${VERDICT[v[b]]} ` +
        `and “${now[a][0]}” (no. ${a + 1}, ${now[a][1].toFixed(3)}) is ${VERDICT[v[a]]}: each is measured against noise's neighbour of its own ` +
        `rank, and noise's no. ${a + 1} reaches ${chance.top[a].toFixed(3)} while its no. ${b + 1} never passes ${chance.top[b].toFixed(3)}.`});
  return "";
}
function renderNeighbors() {
  $("nb-word").value = state.word; $("nb-k").value = state.k; $("nb-min").value = state.min;
  const box = clear($("nb-msg")), res = clear($("nb-result")), t = state.vec, e = state.epoch;
  const k = parseInt(state.k, 10) || 10, ei = EPOCHS.indexOf(e), minCount = parseInt(state.min, 10) || 1;
  $("nb-title").textContent = `Neighbours · ${TABLE_NAME[t]} · ${epochName(e)}`;
  if (state.word && !zeroNote(box)) {
    const i = lookup(state.word, box, w => set({word: w}));
    if (i >= 0) {
      const now = neighbors(t, e, i, k, minCount), prev = ei > 0 && !isZero(t, EPOCHS[ei - 1]) ? EPOCHS[ei - 1] : null;
      const before = prev ? new Set(neighbors(t, prev, i, k, minCount).map(r => r[0])) : null;
      const chance = chanceOf(t, e, minCount);
      $("nb-title").textContent = `Neighbours of ${q(WORDS[i])} · ${TABLE_NAME[t]} · ${epochName(e)}`;
      const tbl = el("table", {class: "list", id: "nb-table"});
      tbl.append(el("tr", {}, el("th", {class: "num", text: "#"}), el("th", {text: "word"}), el("th", {}),
        el("th", {class: "num", text: "cosine"}), el("th", {class: "num chance", title: "noise's neighbour of the same rank: its median cosine, and the most it ever reached",
          text: "noise: median (max)"}),
        el("th", {text: "against chance"}), el("th", {class: "num seen", text: "seen"})));
      now.forEach(([w, s, j], r) => {
        const v = chance && r < chance.top.length ? verdict(chance, r + 1, s) : null, c = chance && chance.q[Math.min(r, chance.q.length - 1)];
        tbl.append(el("tr", {"data-verdict": v || ""},
          el("td", {class: "num", text: r + 1}),
          el("td", {}, el("button", {class: "linkish", text: w, onclick: () => set({word: w})}),
            before && !before.has(w) ? el("span", {class: "new", text: "new"}) : ""),
          el("td", {class: "barcell"}, el("div", {class: "hbar", style: `width:${Math.max(2, 100 * Math.max(0, s)).toFixed(0)}%`})),
          el("td", {class: "num", text: s.toFixed(4)}),
          el("td", {class: "num muted chance", title: c ? `median ${c[1].toFixed(3)}, 5–95 %: ${c[0].toFixed(3)}–${c[2].toFixed(3)}` : "",
            text: c ? `${c[1].toFixed(2)} (${chance.top[Math.min(r, chance.top.length - 1)].toFixed(2)})` : "—"}),
          el("td", {}, v ? el("span", {class: "verdict " + v, text: VERDICT[v]}) : ""),
          el("td", {class: "num muted seen", text: `${nice(DATA.counts[j])}×`})));
      });
      res.append(el("div", {class: "scroll"}, tbl));
      if (chance) res.append(neighboursSentence(now, chance, e, i, minCount), rankNote(now, chance));
      const since = stableSince(t, i, minCount);
      res.append(el("p", {class: "small", id: "nb-stable", text: since === null
        ? `Over the whole run: its top 10 still changed between the last two checkpoints.`
        : `Over the whole run: its top 10 (as a set) has not changed since epoch ${since}.`}),
        el("p", {class: "small muted", text: `“Noise: median (max)”: the cosine of the same rank's neighbour among ${nice(META.noise_words)} words ` +
          `of noise shaped like this epoch's table (same lean and spread, no word related to another): its median, and the most any ` +
          `of them reached (“beyond chance” is above that; “above 95 % of chance” above its 95th percentile); ` +
          `a raw percentile among random pairs would flatter every nearest neighbour, which is the largest of thousands of cosines.` +
          (before ? ` “new”: not among the top ${k} at epoch ${prev}.` : "")}));
    } else res.append("—");
  } else if (!state.word) res.append("Enter a word above.");
  const pairs = Object.keys(DATA.changes[t]);
  const pair = pairs.find(p => p.split("-")[1] === e) || pairs.find(p => p.split("-")[0] === e) || pairs[pairs.length - 1];
  const ch = clear($("ch-result"));
  if (!pair) { ch.append("Only one checkpoint with vectors: nothing to compare."); return; }
  const [p0, p1] = pair.split("-");
  $("ch-title").textContent = `Most changed neighbourhoods, epoch ${p0} → ${p1}`;
  const rows = DATA.changes[t][pair];
  $("ch-note").textContent = `Content words only (no punctuation, no function words such as “of”, “because”, “however”, and the ` +
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
  ch.append(tbl);
}
