// Another model's vectors beside the run's (explore --compare FILE; page_compare.py): for the page's words the
// file holds, its K nearest words among all of its words (what `query FILE neighbors WORD` prints), its unit rows
// (cos(a, b) = â · b̂, as `query FILE similarity a b`), and its random pairs' sorted cosines (baseline.Baseline).
// No verdicts: the file has no control to judge it against.
const CMP = DATA.compare || null;
let CMP_DECODED = null;
function cmpData() {                                    // decoded on first use
  if (!CMP || CMP_DECODED) return CMP_DECODED;
  const slot = new Int32Array(N).fill(-1), present = new Uint32Array(bytesOf(CMP.present).buffer, 0, CMP.n_present);
  present.forEach((i, m) => { slot[i] = m; });
  CMP_DECODED = {slot, names: CMP.names ? CMP.names.split(" ") : [],
    rows: new Float32Array(bytesOf(CMP.rows).buffer, 0, CMP.n_present * CMP.dim),
    near: new Int32Array(bytesOf(CMP.near).buffer, 0, CMP.n_present * CMP.k),
    cos: new Float32Array(bytesOf(CMP.cos).buffer, 0, CMP.n_present * CMP.k),
    pairs: new Float64Array(bytesOf(CMP.pairs_sorted).buffer, 0, CMP.pairs_n)};
  return CMP_DECODED;
}
function cmpHas(i) { const c = cmpData(); return !!c && c.slot[i] >= 0; }
function cmpNeighbours(i) {                            // [{word, cos}] of page word i in the file, nearest first
  const c = cmpData(), m = c.slot[i], out = [];
  for (let r = 0; r < CMP.k; r++) { const j = c.near[m * CMP.k + r]; if (j >= 0) out.push({word: c.names[j], cos: c.cos[m * CMP.k + r]}); }
  return out;
}
function cmpCosine(a, b) {                             // â · b̂ of two page words the file holds
  const c = cmpData(), d = CMP.dim, x = c.slot[a] * d, y = c.slot[b] * d; let s = 0;
  for (let k = 0; k < d; k++) s += c.rows[x + k] * c.rows[y + k];
  return s;
}
// baseline.Baseline.percentile: random pairs below, ties counted half. A tie is the same pair drawn at random, whose
// cosine Python summed in another order: equal within 1e-12, not to the last bit.
function cmpPercentile(cos) {
  const p = cmpData().pairs, below = searchsorted(p, cos - 1e-12, false), upto = searchsorted(p, cos + 1e-12, true);
  return 100 * (below + 0.5 * (upto - below)) / p.length;
}
function cmpTitle() { return `In ${CMP.name} (another model: ${nice(CMP.vocab_size)} words, d = ${CMP.dim}, one table)`; }
function cmpMissing(words) { return el("p", {class: "small muted", text: `${CMP.name} does not hold ${words.map(q).join(" or ")}.`}); }
// The Neighbours view's card: the file's list beside the run's, and how many words they share.
function cmpNeighboursCard(i, runWords, e) {
  if (!CMP) return "";
  const box = el("div", {class: "cmp", id: "nb-compare"}, el("h3", {text: cmpTitle()}));
  if (!cmpHas(i)) return box.append(cmpMissing([WORDS[i]])) || box;
  const rows = cmpNeighbours(i), shared = rows.filter(r => runWords.has(r.word)).map(r => r.word);
  const tbl = el("table", {class: "list", id: "nb-compare-table"});
  tbl.append(el("tr", {}, el("th", {class: "num", text: "#"}), el("th", {text: "word"}), el("th", {class: "num", text: "cosine"})));
  rows.forEach((r, k) => tbl.append(el("tr", {"data-word": r.word}, el("td", {class: "num", text: k + 1}),
    el("td", {text: r.word}, runWords.has(r.word) ? el("span", {class: "new", text: "both"}) : ""), el("td", {class: "num", text: pyFixed(r.cos, 3)}))));
  box.append(el("div", {class: "scroll"}, tbl), el("p", {class: "small", id: "nb-compare-note"},
    `Its ${rows.length} nearest among all its words: the same list as `, el("code", {text: `${CMP.query} neighbors ${shq(WORDS[i])}`}),
    `. ${shared.length} of them are in the run's list above (${epochName(e)}${shared.length ? `: ${shared.join(", ")}` : ""}). ` +
    `No verdicts: the file has no control to judge it against.`));
  return box;
}
// The Similarity view's line: the same pair's cosine and percentile in the file.
function cmpSimilarityLine(a, b) {
  if (!CMP) return "";
  if (!cmpHas(a) || !cmpHas(b)) return el("div", {class: "cmp", id: "sim-compare"}, el("h3", {text: cmpTitle()}),
    cmpMissing([WORDS[a], WORDS[b]].filter((_, k) => !cmpHas([a, b][k]))));
  const cos = cmpCosine(a, b), list = cmpNeighbours(a), at = list.findIndex(r => r.word === WORDS[b]);
  return el("div", {class: "cmp", id: "sim-compare"}, el("h3", {text: cmpTitle()}),
    el("p", {}, `cos(${WORDS[a]}, ${WORDS[b]}) = `, el("b", {id: "sim-compare-cos", text: minus(pySigned(cos, 4))}), `, higher than `,
      el("b", {id: "sim-compare-pct", text: `${pyFixed(cmpPercentile(cos), 2)} %`}), ` of its ${nice(CMP.pairs_n)} random pairs; ` +
      (at >= 0 ? `${q(WORDS[b])} is no. ${at + 1} among ${q(WORDS[a])}'s neighbours there.` : `${q(WORDS[b])} is not among ${q(WORDS[a])}'s ${CMP.k} nearest there.`)),
    el("p", {class: "small"}, el("code", {text: `${CMP.query} similarity ${shq(WORDS[a])} ${shq(WORDS[b])}`}),
      ` prints the same numbers (and both ranks). No verdict: the file has no control to judge it against.`));
}
