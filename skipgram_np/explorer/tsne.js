// The Map view's second kind of map: t-SNE (skipgram_np/tsne.py, computed in Python and stored: W_in, the
// page's first 1,000 words by frequency with the coloured ones, every epoch started from the previous
// layout), beside PCA; for every map its trustworthiness (stored) and, for the selected word, how many of its
// 10 nearest words in all dimensions are among its 10 nearest on the map, and which are lost.
//   keptNeighbours    tsne.kept_neighbours (the same ties: lower index first)
const TSNE = DATA.tsne || null;
const TSNE_IDS = TSNE ? new Int32Array(bytesOf(TSNE.ids).buffer, 0, TSNE.n) : new Int32Array(0);
const TSNE_SET = new Set(TSNE_IDS);
const TSNE_CACHE = new Map();
function tsneXY(e) {                                   // every page word's place: NaN for those not on the map
  if (!TSNE_CACHE.has(e)) {
    const xy = new Float32Array(2 * N).fill(NaN), q = new Int16Array(bytesOf(TSNE.coords[e]).buffer, 0, 2 * TSNE.n), s = TSNE.scale / 32767;
    TSNE_IDS.forEach((i, k) => { xy[2 * i] = q[2 * k] * s; xy[2 * i + 1] = q[2 * k + 1] * s; });
    TSNE_CACHE.set(e, xy);
  }
  return TSNE_CACHE.get(e);
}
function tsneHere(t, e) { return Boolean(TSNE && t === "in" && TSNE.coords[e]); }
function mapKind() { return state.mapk === "tsne" && tsneHere(state.vec, state.epoch) ? "tsne" : "pca"; }
function mapXY(t, e, control = mapShowsControl()) {    // the run's map, or the control's (W_in: page_data.control_data)
  const tsne = mapKind() === "tsne" && tsneHere(t, e);
  if (control && controlMapHere(t)) return tsne && controlTsneHere(e) ? controlTsneXY(e) : controlXY(e, state.fit);
  return tsne ? tsneXY(e) : XY(t, e, state.fit);
}
// The control's t-SNE map: at the last epoch (turned onto the run's), and at epoch 0 the run's (the same tables).
function controlTsneHere(e) { return Boolean(DATA.control && DATA.control.tsne && DATA.control.tsne.coords[e]); }
function controlTsneXY(e) {
  const key = "control:" + e;
  if (DATA.control.tsne.coords[e] === "run") return tsneXY(e);
  if (!TSNE_CACHE.has(key)) {
    const xy = new Float32Array(2 * N).fill(NaN), c = DATA.control.tsne, q = int16XY(c.coords[e], c.scale, TSNE.n);
    TSNE_IDS.forEach((i, k) => { xy[2 * i] = q[2 * k]; xy[2 * i + 1] = q[2 * k + 1]; });
    TSNE_CACHE.set(key, xy);
  }
  return TSNE_CACHE.get(key);
}
function trustName() { return state.fit === "groups" ? "pca_groups" : "pca_all"; }
function shownMapName(e, control) {                   // the map drawn: "tsne", or a PCA fit (the control's t-SNE: two epochs only)
  return mapKind() === "tsne" && (!control || controlTsneHere(e)) ? "tsne" : trustName();
}
function mapTrust(e, control = mapShowsControl(), name = shownMapName(e, control)) {   // a map's trustworthiness at epoch e, or null
  if (!TSNE || state.vec !== "in") return null;
  const trust = control ? (DATA.control && DATA.control.tsne ? DATA.control.tsne.trust : null) : TSNE.trust;
  return trust ? (trust[name] || {})[e] ?? null : null;
}
function keptNeighbours(t, e, i, xy, ids, k = TSNE ? TSNE.k : 10) {   // among the words `ids` (the map's)
  const u = UNITS(t, e), v = row(u, i), cos = [], dist = [];
  for (const j of ids) if (j !== i) {
    cos.push([dot(u, j, v), j]);
    dist.push([(xy[2 * j] - xy[2 * i]) ** 2 + (xy[2 * j + 1] - xy[2 * i + 1]) ** 2, j]);
  }
  cos.sort((a, b) => b[0] - a[0] || a[1] - b[1]); dist.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const near = new Set(dist.slice(0, k).map(r => r[1])), top = cos.slice(0, k).map(r => r[1]);
  return {k, kept: top.filter(j => near.has(j)), lost: top.filter(j => !near.has(j))};
}
function renderMapKept(i) {                             // the selected word: what this map keeps of its neighbourhood
  const p = clear($("map-kept")), t = state.vec, e = state.epoch, tsne = mapKind() === "tsne";
  if (i < 0 || isZero(t, e)) return;
  if (tsne && !TSNE_SET.has(i)) { p.append(`${q(WORDS[i])} is not among the ${nice(TSNE.n)} words of the t-SNE map: switch to PCA to see it.`); return; }
  const ids = tsne ? TSNE_IDS : Int32Array.from({length: N}, (_, j) => j), r = keptNeighbours(t, e, i, mapXY(t, e), ids);
  p.append(`${q(WORDS[i])}: `, el("b", {id: "map-kept-n", text: `${r.kept.length} of its ${r.k}`}),
    ` nearest words in all ${D} dimensions (among the ${nice(ids.length)} words of this map) are among its ${r.k} nearest on the map` +
    (r.lost.length ? "; the map moved away: " : "; the map lost none."), el("span", {id: "map-lost", text: r.lost.map(j => WORDS[j]).join(", ")}),
    r.lost.length ? "." : "");
}
function mapKindNote() {                                // computed: what each map keeps, epoch by epoch
  if (!TSNE) return "";
  const E = Object.keys(TSNE.trust.tsne), pca = state.fit === "groups" ? "pca_groups" : "pca_all";
  const line = name => E.map(e => `${TSNE.trust[name][e].toFixed(3)} ${atEpoch(e)}`).join(", ");
  const better = E.filter(e => TSNE.trust.tsne[e] > TSNE.trust[pca][e]).length;
  const ct = DATA.control && DATA.control.tsne ? DATA.control.tsne.trust : null;
  const cline = name => E.filter(e => e in ct[name]).map(e => `${ct[name][e].toFixed(3)} ${atEpoch(e)}`).join(", ");
  return ` Trustworthiness (how few strangers a map brings among a word's ${TSNE.k} nearest; 1 = none, a random layout ≈ 0.5), on the ` +
    `${nice(TSNE.n)} words of the t-SNE map: PCA ${line(pca)}; t-SNE ${line("tsne")}` + (FILE_ONLY ? "." : ` — t-SNE higher at ${better} of ${E.length} epochs.`) +
    (ct ? ` The control's maps (trained on shuffled text), as this page draws them: PCA ${cline(pca)}; t-SNE ${cline("tsne")} — a map ` +
      `can be trustworthy and show no meaning: it keeps whatever neighbourhoods the vectors have.` : "");
}
function tsneNote() {
  const fe = META.fit;
  return `t-SNE (scikit-learn, perplexity ${TSNE.perplexity}) of the ${nice(TSNE.n)} most frequent words of this page (the coloured ones ` +
    `among them), W_in only, computed when the page was made: each epoch's layout starts from the previous one's (the first from PCA), so ` +
    `a word's move can be followed, but distances and directions on a t-SNE map mean little: it keeps who is near whom, by stretching ` +
    `and squeezing the space. Neighbours, similarities and the structure number use all ${D} dimensions.` + mapKindNote() +
    ` (PCA: rotated onto epoch ${fe.epoch}, fitted on ${state.fit === "groups" ? "the coloured words" : "all the page's words"}.)`;
}
function setupMapKind() {                             // (the choice is the map's select, map.js)
  const opt = document.querySelector("#map-fit option[value='tsne']");
  if (!TSNE) { opt.disabled = true; opt.textContent += " — not on this page (too few words)"; }
  if (!DATA.fits) for (const o of document.querySelectorAll("#map-fit option[value='groups']")) o.disabled = true;
}
