// The run's data, embedded by explore.py as JSON: the words and checkpoints, and the decoding of their
// base-85 arrays (explore.b85) into unit rows, map positions and real rows, each cached when first needed.
const DATA = JSON.parse(document.getElementById("skipgram-data").textContent);
const META = DATA.meta, WORDS = DATA.words, N = WORDS.length, D = META.dim, EPOCHS = META.epochs.map(String);
const LAST = EPOCHS[EPOCHS.length - 1], TABLES = ["in", "out", "sum"], TABLE_NAME = META.tables;
const INDEX = new Map(WORDS.map((w, i) => [w, i]));
const GROUP_OF = new Map();
const GROUP_COLORS = {numbers:"#1f77b4", months:"#ff7f0e", countries:"#2ca02c", family:"#d62728", music:"#9467bd", war:"#8c564b"};
for (const [g, ws] of Object.entries(DATA.groups)) for (const w of ws) GROUP_OF.set(w, g);
const QUALITY = new Map((META.stats.quality || []).map(r => [String(r.epoch), r]));

const B85 = new Int32Array(128).fill(-1);
for (let i = 0; i < META.b85.length; i++) B85[META.b85.charCodeAt(i)] = i;
function bytesOf(text) {                               // explore.b85: 5 characters per 4 bytes, big-endian
  const out = new Uint8Array(text.length / 5 * 4);
  for (let i = 0, j = 0; i < text.length; i += 5, j += 4) {
    let v = 0;
    for (let k = 0; k < 5; k++) v = v * 85 + B85[text.charCodeAt(i + k)];
    out[j] = v / 16777216 & 255; out[j + 1] = v >>> 16 & 255; out[j + 2] = v >>> 8 & 255; out[j + 3] = v & 255;
  }
  return out;
}
// Unit rows (cosine = dot product), made when first needed: query.Embeddings.unit, explore.page_table.
const UNIT_CACHE = new Map();
function unitFrom(q) {
  const u = new Float64Array(N * D);
  for (let o = 0; o < N * D; o += D) {
    let s = 0;
    for (let t = o; t < o + D; t++) s += q[t] * q[t];
    const inv = 1 / Math.max(Math.sqrt(s), 1e-12);
    for (let t = o; t < o + D; t++) u[t] = q[t] * inv;
  }
  return u;
}
function isZero(t, e) { return t === "out" && DATA.vectors.out[e] === null; }
function UNITS(t, e) {
  const key = t + ":" + e;
  if (!UNIT_CACHE.has(key)) {
    let u;
    if (t === "sum") {                                  // v̂ + û, then normalised again
      const a = UNITS("in", e), b = UNITS("out", e), s = new Float64Array(N * D);
      for (let i = 0; i < N * D; i++) s[i] = a[i] + b[i];
      u = unitFrom(s);
    } else {
      const b64 = DATA.vectors[t][e];
      u = b64 === null ? new Float64Array(N * D) : unitFrom(new Int8Array(bytesOf(b64).buffer, 0, N * D));
    }
    UNIT_CACHE.set(key, u);
  }
  return UNIT_CACHE.get(key);
}
// Each word's 2D place on the map (projection.py): x̂ @ P − offset with the stored map of the table and epoch,
// P fitted on all the page's words ("all") or on the coloured words as the figures are ("groups"); the
// control's W_in places, aligned to the run's epoch in Python (page_data.control_data), are stored as int16.
const XY_CACHE = new Map();
function XY(t, e, fit = "all") {
  const key = t + ":" + e + ":" + fit;
  if (!XY_CACHE.has(key)) {
    const xy = new Float32Array(2 * N), m = (fit === "groups" && DATA.fits ? DATA.fits[t].maps : DATA.maps[t])[e];
    const P = new Float32Array(bytesOf(m.P).buffer, 0, 2 * D), u = UNITS(t, e);
    for (let i = 0; i < N; i++) {
      let x = 0, y = 0;
      for (let k = 0; k < D; k++) { x += u[i * D + k] * P[2 * k]; y += u[i * D + k] * P[2 * k + 1]; }
      xy[2 * i] = x - m.offset[0]; xy[2 * i + 1] = y - m.offset[1];
    }
    XY_CACHE.set(key, xy);
  }
  return XY_CACHE.get(key);
}
function int16XY(text, scale, n) {                     // stored places: int16 pairs on one scale
  const q = new Int16Array(bytesOf(text).buffer, 0, 2 * n), xy = new Float32Array(2 * n), s = scale / 32767;
  for (let i = 0; i < q.length; i++) xy[i] = q[i] * s;
  return xy;
}
function controlXY(e, fit) {                           // the control's W_in map at epoch e, in the run's frame
  const key = "control:" + e + ":" + fit, c = DATA.control;
  if (c.xy[fit][e] === "run") return XY("in", e, fit);  // epoch 0: the run's tables, the run's map
  if (!XY_CACHE.has(key)) XY_CACHE.set(key, int16XY(c.xy[fit][e], c.scale[fit], N));
  return XY_CACHE.get(key);
}
// The real rows, for the "One step" view, and the map that places a vector a step has moved.
const REAL_CACHE = new Map();
function realRows(t, e) {                             // explore.page_rows: q / 127 · max|x| per row
  const key = t + ":" + e;
  if (!REAL_CACHE.has(key)) {
    const W = new Float32Array(N * D);
    if (DATA.vectors[t][e] !== null) {
      const q = new Int8Array(bytesOf(DATA.vectors[t][e]).buffer, 0, N * D), sc = new Float32Array(bytesOf(DATA.scales[t][e]).buffer, 0, N);
      for (let i = 0; i < N; i++) for (let k = 0; k < D; k++) W[i * D + k] = q[i * D + k] / 127 * sc[i];
    }
    REAL_CACHE.set(key, W);
  }
  return REAL_CACHE.get(key);
}
function mapOf(t, e) { const m = DATA.maps[t][e]; return {P: new Float32Array(bytesOf(m.P).buffer, 0, 2 * D), off: m.offset}; }
