// The wiring: the example buttons and word fields, render() (the bar and the current view, from the URL
// hash), and the start of the page. Last of explore.SCRIPTS: everything it calls is defined by then.
const typed = id => $(id).value.trim().toLowerCase().normalize("NFC");   // a word field as the views look words up
function typedWords() {          // words typed into the current view but not yet asked: an epoch, table, method or k change asks them
  if (state.view === "similarity" && typed("sim-a") && typed("sim-b")) return {a: typed("sim-a"), b: typed("sim-b")};
  if (state.view === "neighbors" && typed("nb-word")) return {word: typed("nb-word")};
  if (state.view === "analogy" && typed("an-a") && typed("an-b") && typed("an-c")) return {qa: typed("an-a"), qb: typed("an-b"), qc: typed("an-c"), qd: typed("an-d")};
  if (state.view === "axes") return axPending();
  return {};
}
function examples() {
  const ex = DATA.examples;
  for (const [a, b] of ex.similarity) $("sim-try").append(el("button", {text: `${a} · ${b}`, onclick: () => set({a, b})}));
  for (const w of ex.neighbors) $("nb-try").append(el("button", {text: w, onclick: () => set({word: w})}));
  analogyExamples();
  // A button with an empty field says so instead of clearing the view.
  const submit = (ids, box, apply) => () => {
    const vals = ids.map(typed);
    if (vals.some(v => !v)) { clear($(box)).append(el("div", {class: "msg", text: `Type ${ids.length > 1 ? "all the words" : "a word"} first.`})); return; }
    apply(...vals);
  };
  $("sim-go").addEventListener("click", submit(["sim-a", "sim-b"], "sim-msg", (a, b) => set({a, b})));
  $("nb-go").addEventListener("click", submit(["nb-word"], "nb-msg", word => set({word, k: $("nb-k").value})));
  $("nb-k").addEventListener("change", () => set({k: $("nb-k").value, ...typedWords()}));
  for (const m of META.min_counts || [1]) $("nb-min").append(el("option", {value: String(m), text: m === 1 ? "1 (all)" : nice(m)}));
  $("nb-min").addEventListener("change", () => set({min: $("nb-min").value, ...typedWords()}));
  $("an-go").addEventListener("click", submit(["an-a", "an-b", "an-c"], "an-msg",
    (qa, qb, qc) => set({qa, qb, qc, qd: typed("an-d"), method: $("an-method").value})));
  $("an-method").addEventListener("change", () => set({method: $("an-method").value, ...typedWords()}));
  $("map-find").addEventListener("click", submit(["map-search"], "map-msg", find => { $("tooltip").style.display = "none"; set({find}); }));
  for (const [id, btn] of [["sim-a", "sim-go"], ["sim-b", "sim-go"], ["nb-word", "nb-go"], ["an-a", "an-go"], ["an-b", "an-go"], ["an-c", "an-go"], ["an-d", "an-go"]])
    $(id).addEventListener("keydown", ev => { if (ev.key === "Enter") $(btn).click(); });
}
// The views about a run's training: a vectors file has none of it (no corpus, no epochs, no W_out), and says so.
const HISTORY_VIEWS = {step: "One step", how: "How it works", start: "Start here"};
function renderFileOnly(view) {
  const box = $("view-" + view);
  if (box.dataset.fileOnly) return;
  box.dataset.fileOnly = "1";
  clear(box).append(el("div", {class: "card"}, el("h2", {text: HISTORY_VIEWS[view]}),
    el("p", {class: "msg", id: "file-only", text: `${fileOnlyNote()}. ${HISTORY_VIEWS[view]} shows how a run of this project trains, ` +
      `which the file does not hold: train one on your own text (python -m skipgram_np.train --text FILE) for a page with its history. ` +
      `Map, Similarity, Neighbours, Analogy and Axes work on the file's vectors.`})));
}
let shownView = null;                                   // the view drawn last
function render() {
  for (const b of document.querySelectorAll(".epochbtn")) b.setAttribute("aria-pressed", String(b.dataset.epoch === state.epoch));
  for (const b of document.querySelectorAll(".tablebtn")) b.setAttribute("aria-pressed", String(b.dataset.vec === state.vec));
  // the views that do not use a switch say so by disabling it (the toy corpus has its own vectors; a step uses both tables)
  const own = {toy: "the toy corpus has its own tables and no epochs of the run",
    start: "the path says which epoch each stop is about; its “See it live” link opens a view where the bar works"}[state.view];
  for (const b of document.querySelectorAll(".epochbtn")) { b.disabled = !!own; b.title = own || epochName(b.dataset.epoch); }
  for (const b of document.querySelectorAll(".tablebtn")) { b.disabled = !!own || state.view === "step" || (FILE_ONLY && b.dataset.vec !== "in");
    b.title = own || (FILE_ONLY ? fileOnlyNote() : state.view === "step" ? "a step uses both tables: v_c from W_in, the u from W_out" : TABLE_NAME[b.dataset.vec]); }
  const noCtl = !META.control ? META.control_missing : {step: "One step uses the run's tables", toy: own, start: own, how: "How it works describes the run"}[state.view];
  for (const b of document.querySelectorAll(".ctlbtn")) { b.setAttribute("aria-pressed", String(b.dataset.ctl === state.ctl));
    b.disabled = Boolean(noCtl); b.title = noCtl || (b.dataset.ctl ? `${CONTROL_NAME}: its map, neighbours and scores at the same epoch` : "the run, trained on the text"); }
  document.body.classList.toggle("control", ctlOn());
  for (const t of document.querySelectorAll(".tab")) t.setAttribute("aria-selected", String(t.dataset.view === state.view));
  for (const v of VIEWS) $("view-" + v).hidden = v !== state.view;
  measure($("view-" + state.view));                     // every size the view draws with, in one layout
  if (state.view === "explore") renderExplore();
  else if (state.view === "similarity") renderSimilarity();
  else if (state.view === "neighbors") renderNeighbors();
  else if (state.view === "analogy") renderAnalogy();
  else if (state.view === "axes") renderAxes();
  else if (FILE_ONLY && HISTORY_VIEWS[state.view]) renderFileOnly(state.view);
  else if (state.view === "step") renderStep();
  else if (state.view === "toy") renderToy();
  else if (state.view === "start") renderStart();
  else renderHow();
  showTourBar();
  if (shownView && shownView !== state.view && !document.body.classList.contains("touring")) requestAnimationFrame(() => {
    // a new view starts below the sticky bar, never under it (the path's "see it live" scrolls to its part itself)
    const top = $("view-" + state.view).getBoundingClientRect().top, bar = document.querySelector(".bar").offsetHeight;
    if (top < bar) window.scrollTo({top: Math.max(0, window.scrollY + top - bar - 8)});
  });
  shownView = state.view;
  if (!document.body.dataset.ready) document.body.dataset.readyMs = performance.now().toFixed(0);   // since navigation
  document.body.dataset.ready = "1";
}
if (window.matchMedia && window.matchMedia("(pointer: coarse)").matches) document.body.classList.add("touch");
readHash();
if (!location.hash.slice(1) && !tourSeen() && !FILE_ONLY) state.view = "start";   // a first visit opens the path
buildHeader();
examples();
setupMap();
setupMapKind();
setupAxes();
setupStep();
setupToy();
setupStart();
// After the first view is drawn, in the background, one piece per idle moment (each up to ~20 ms, so a click waits
// for one at most): the word list the fields suggest from, then each table's unit rows, maps and random pairs at every
// epoch (the one shown first), so that a first switch of epoch, table or view finds them decoded.
function warmUp() {
  const jobs = [], dl = $("wordlist");
  for (let k = 0; k < N; k += 1000) jobs.push(() => dl.append(...WORDS.slice(k, k + 1000).map(w => el("option", {value: w}))));
  for (const t of [state.vec, ...TABLES.filter(x => x !== state.vec)]) for (const e of EPOCHS) if (!isZero(t, e))
    jobs.push(() => UNITS(t, e), () => { XY(t, e, "all"); if (DATA.fits) XY(t, e, "groups"); }, () => baseline(t, e));
  jobs.push(() => realRows("in", LAST), () => realRows("out", LAST));   // One step's and the path's real rows
  const probes = howProbes();                           // How it works' neighbour lists, 10 words a piece
  for (const t of TABLES) if (!isZero(t, LAST)) for (let k = 0; k < probes.length; k += 10) jobs.push(() => probes.slice(k, k + 10).forEach(i => howNear(t, i)));
  const later = f => window.requestIdleCallback ? requestIdleCallback(f, {timeout: 1000}) : setTimeout(f, 30);
  const run = deadline => {
    do jobs.shift()(); while (jobs.length && deadline && deadline.timeRemaining() > 25);
    if (jobs.length) later(run);
  };
  later(run);
}
window.addEventListener("hashchange", () => { readHash(); render(); });
for (const id of ["to-glossary", "how-to-glossary"]) $(id).addEventListener("click", ev => { ev.preventDefault(); set({view: "how", tour: ""});
  requestAnimationFrame(() => window.scrollTo({top: $("how-glossary").closest(".card").getBoundingClientRect().top + window.scrollY -
    document.querySelector(".bar").offsetHeight - 8})); });
window.addEventListener("resize", () => { if (state.view === "how") howCharts(); });
render();
warmUp();
