// The "Neighbours" view: a word's nearest words at this epoch (new ones marked), since which epoch
// its top 10 has stayed the same, and the words whose neighbourhood changed most between checkpoints
// (epochs.neighbourhood_changes).
function renderNeighbors() {
  $("nb-word").value = state.word; $("nb-k").value = state.k;
  const box = clear($("nb-msg")), res = clear($("nb-result")), t = state.vec, e = state.epoch;
  const k = parseInt(state.k, 10) || 10, ei = EPOCHS.indexOf(e);
  $("nb-title").textContent = `Neighbours · ${TABLE_NAME[t]} · ${epochName(e)}`;
  if (state.word && !zeroNote(box)) {
    const i = lookup(state.word, box, w => set({word: w}));
    if (i >= 0) {
      const now = neighbors(t, e, i, k), prev = ei > 0 && !isZero(t, EPOCHS[ei - 1]) ? EPOCHS[ei - 1] : null;
      const before = prev ? new Set(neighbors(t, prev, i, k).map(r => r[0])) : null;
      $("nb-title").textContent = `Neighbours of ${q(WORDS[i])} · ${TABLE_NAME[t]} · ${epochName(e)}`;
      const tbl = el("table", {class: "list", id: "nb-table"});
      tbl.append(el("tr", {}, el("th", {class: "num", text: "#"}), el("th", {text: "word"}), el("th", {}),
        el("th", {class: "num", text: "cosine"}), el("th", {class: "num", text: "above random pairs"})));
      now.forEach(([w, s], r) => tbl.append(el("tr", {},
        el("td", {class: "num", text: r + 1}),
        el("td", {}, el("button", {class: "linkish", text: w, onclick: () => set({word: w})}),
          before && !before.has(w) ? el("span", {class: "new", text: "new"}) : ""),
        el("td", {class: "barcell"}, el("div", {class: "hbar", style: `width:${Math.max(2, 100 * Math.max(0, s)).toFixed(0)}%`})),
        el("td", {class: "num", text: s.toFixed(4)}),
        el("td", {class: "num muted", text: pct(percentile(t, e, s))}))));
      res.append(tbl);
      const since = stableSince(t, i);
      res.append(el("p", {class: "small", id: "nb-stable", text: since === null
        ? `Over the whole run: its top 10 still changed between the last two checkpoints.`
        : `Over the whole run: its top 10 (as a set) has not changed since epoch ${since}.`}),
        el("p", {class: "small muted", text: `Percentages: above how many random pairs of this epoch the cosine lies. A word's nearest few ` +
          `of ${nice(N - 1)} others always sit near the top, even in noise (epoch 0); what tells learning from chance is who they are ` +
          `and how they change across epochs.` +
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
  const tbl = el("table", {class: "list", id: "ch-table"});
  tbl.append(el("tr", {}, el("th", {text: "word"}), el("th", {class: "num", text: "kept"}), el("th", {text: `nearest at ${p0} → at ${p1}`})));
  for (const [w, overlap, was, now] of rows.slice(0, 15))
    tbl.append(el("tr", {}, el("td", {}, el("button", {class: "linkish", text: w, onclick: () => set({word: w, view: "neighbors"})})),
      el("td", {class: "num", text: `${overlap}/10`}), el("td", {class: "small", text: `${was.join(", ")} → ${now.join(", ")}`})));
  ch.append(tbl);
}
