// What `python -m skipgram_np.query RUN` answers among all the run's words, embedded as it prints it
// (page_facts.py): every page word's 10 nearest words in W_in at every epoch (seen at least 1 or 50 times) and
// the control's, each with its cosine to 3 decimals and its verdict; the example pairs' similarity rows; the
// analogy questions' answers and planes. A word of those lists beyond the page's words is known by name only.
//   pyFixed            Python's format(x, ".Nf") (ties to even), so a number the page computes prints as query's
//   exactNeighbours    page_facts.encode_lists, read back
//   simFact, anFact    page_facts.similarity_facts, analogy_facts
const EXACT = DATA.exact || null, FACTS = DATA.facts || {similarity: {}, analogy: {questions: []}};
const K_EXACT = EXACT ? EXACT.k : 10;
const EXTRA = new Map();                               // vocabulary id -> [word, count], for ids beyond the page's
if (EXACT && EXACT.extra.n) {                          // the words from `first` on (ids implied), or those of `ids`
  const x = EXACT.extra, words = x.words.split(" "), raw = x.ids === null ? null : bytesOf(x.ids);
  const ids = raw === null ? null : EXACT.wide ? new Uint32Array(raw.buffer, 0, x.n) : new Uint16Array(raw.buffer, 0, x.n);
  words.forEach((w, k) => EXTRA.set(ids === null ? x.first + k : ids[k], [w, x.counts ? x.counts[k] : null]));
}
function vocabWord(id) { return id < N ? WORDS[id] : (EXTRA.get(id) || ["?"])[0]; }
// a word's corpus count; null for a vectors file (another tool's vectors come without counts)
function vocabCount(id) { return !DATA.counts ? null : id < N ? DATA.counts[id] : (EXTRA.get(id) || ["", 0])[1]; }
const FILE_ONLY = META.vectors_file || null;          // the page of a vectors file: one table, no history
function fileOnlyNote() {                              // vectorsfile.no_history, as the page says it
  return `${FILE_ONLY} is a vectors file: one table (its W_in) and no history — no other epochs, no W_out, ` +
    `no corpus counts, no control to judge it against`;
}
function pyFixed(x, d) {
  const s = x.toFixed(d), full = Math.abs(x).toFixed(100), dot = full.indexOf(".");
  if (/^50*$/.test(full.slice(dot + 1 + d))) {          // an exact tie: Python rounds to the even digit
    const kept = full.slice(0, dot + 1 + d).replace(/\.$/, "");
    if (Number(kept[kept.length - 1]) % 2 === 0) return (x < 0 ? "-" : "") + kept;
  }
  return s;
}
const pySigned = (x, d) => { const s = pyFixed(x, d); return s.startsWith("-") ? s : "+" + s; };   // format "+.Nf"
const minus = s => s.replace(/-(?=\d)/g, "−");       // a printed number, with a typographic minus
const LIST_CACHE = new Map();
function listBlock(which, minCount, e) {               // {ids: Int32Array (−1: none), beyond: Uint8Array, cos: Int16Array thousandths}
  const key = `${which}:${minCount}:${e}`;
  if (LIST_CACHE.has(key)) return LIST_CACHE.get(key);
  let src = EXACT && ((EXACT.lists[which] || {})[String(minCount)] || {})[e];
  if (src === "run") return listBlock("run", minCount, e);            // the control's epoch 0 is the run's
  if (!src) return null;
  const K = K_EXACT, raw = bytesOf(src.ids), n = N * K;
  const packed = EXACT.wide ? new Uint32Array(raw.buffer, 0, n) : new Uint16Array(raw.buffer, 0, n);
  const top = EXACT.wide ? 0x80000000 : 0x8000, none = EXACT.wide ? 0x7FFFFFFF : 0x7FFF;
  const ids = new Int32Array(n), beyond = new Uint8Array(n), cos = new Int16Array(n);
  for (let k = 0; k < n; k++) { const v = packed[k] >>> 0, id = (v & ~top) >>> 0; ids[k] = id === none ? -1 : id; beyond[k] = v >= top ? 1 : 0; }
  const head = new Uint16Array(bytesOf(src.head).buffer, 0, N), drops = bytesOf(src.drops), bigRaw = bytesOf(src.big);
  const big = new Uint16Array(bigRaw.buffer, 0, bigRaw.length >> 1);
  let p = 0, b = 0;
  for (let w = 0; w < N; w++) {
    let prev = head[w] - 1000;
    for (let r = 0; r < K && ids[w * K + r] >= 0; r++) {
      if (r) { const nib = (drops[p >> 1] >> (p & 1 ? 4 : 0)) & 15; p++; prev = nib === 15 ? big[b++] - 1000 : prev - nib; }
      cos[w * K + r] = prev;
    }
  }
  const block = {ids, beyond, cos};
  LIST_CACHE.set(key, block);
  return block;
}
function hasList(which, minCount, e) { return Boolean(EXACT && ((EXACT.lists[which] || {})[String(minCount)] || {})[e]); }
function exactNeighbours(which, minCount, e, i, k = K_EXACT) {   // query's list: [{id, word, cos, text, beyond, page}]
  const blk = listBlock(which, minCount, e), out = [];
  if (!blk) return null;
  for (let r = 0; r < Math.min(k, K_EXACT); r++) {
    const id = blk.ids[i * K_EXACT + r];
    if (id < 0) break;
    const c = blk.cos[i * K_EXACT + r];
    out.push({id, word: vocabWord(id), cos: c / 1000, text: (c / 1000).toFixed(3), page: id < N,
              beyond: EXACT.verdicts ? Boolean(blk.beyond[i * K_EXACT + r]) : null});
  }
  return out;
}
function exactChance(minCount, e) { return EXACT && ((EXACT.chance || {})[String(minCount)] || {})[e] || null; }   // among all words
function simFact(a, b) {                                // query similarity a b's rows, or null; swapped pairs too
  const f = FACTS.similarity[`${WORDS[a]}|${WORDS[b]}`], g = FACTS.similarity[`${WORDS[b]}|${WORDS[a]}`];
  if (f) return {run: f.run, control: f.control, swapped: false};
  if (!g) return null;
  const swap = rows => rows && rows.map(r => r.zero ? r : {...r, rank_ab: r.rank_ba, rank_ba: r.rank_ab});
  return {run: swap(g.run), control: swap(g.control), swapped: true};
}
function anFact(a, b, c) {                              // a precomputed question A − B + C, or null
  return FACTS.analogy.questions.find(f => f.q[0] === WORDS[a] && f.q[1] === WORDS[b] && f.q[2] === WORDS[c]) || null;
}
const shq = w => /^[\p{L}\p{N}_.,:@%+=\/-]+$/u.test(w) && !w.startsWith("-") ? w : `'${w.replace(/'/g, "'\\''")}'`;   // a word for the shell
const QUERY = META.query;                              // "python -m skipgram_np.query RUN"
function queryCommand(args, {among = false, vectors = "in", control = false} = {}) {
  return `${QUERY}${control ? " --control" : ""}${vectors !== "in" ? ` --vectors ${vectors}` : ""}${among ? ` --among ${N}` : ""} ${args}`;
}
