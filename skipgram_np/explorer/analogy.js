// The "Analogy" view: A − B + C by 3CosAdd or 3CosMul, the expected answer's rank, the top answer at every
// epoch beside the control's (its chance level), and where the expected answer lies against the tip (plane.js).
// The offered questions: drawn at random from the Google set (seeded), some the run answers right (marked so),
// and king − man + woman, all answered as `query RUN analogy a b c` answers them among all words (facts.js);
// a typed question is answered here among the page's words, as `query RUN --among N analogy a b c` does.
function anSource(t, a, b, c, method) {                // -> {exact, rows: {epoch: {answers, rank, controlAnswer, controlRank}}, command}
  const fact = t === "in" ? anFact(a, b, c) : null, args = `analogy ${[a, b, c].map(i => shq(WORDS[i])).join(" ")}` +
    (method === "mul" ? " --method mul" : ""), d = INDEX.has(state.qd) ? INDEX.get(state.qd) : -1;
  const rows = {};
  if (fact && (d < 0 || fact.q[3] === WORDS[d])) {
    const mine = ctlOn() ? fact.control : fact.run, theirs = fact.control;
    for (const e of EPOCHS) rows[e] = {answers: mine[e][method], top: mine[e].add[0][0], rank: mine[e].rank, plane: mine[e].plane,
      control: theirs ? {answer: theirs[e][method][0], top: theirs[e].add[0][0], rank: theirs[e].rank, plane: theirs[e].plane} : null};
    return {exact: true, rows, fact, d: INDEX.has(fact.q[3]) ? INDEX.get(fact.q[3]) : -1, dWord: fact.q[3],
            command: queryCommand(args, {control: ctlOn()})};
  }
  for (const e of EPOCHS) {
    if (isZero(t, e)) { rows[e] = null; continue; }
    const top = analogy(t, e, a, b, c, 1, "add")[0][0], rank = d >= 0 ? answerRank(t, e, a, b, c, d, "add") : null;   // (one pass of scores for
    rows[e] = {answers: analogy(t, e, a, b, c, 5, method).map(([w, s]) => [w, pyFixed(s, 3)]), top, rank, plane: null, control: null};   //  both, with 3CosAdd)
  }
  return {exact: false, rows, d, dWord: d >= 0 ? WORDS[d] : "", command: queryCommand(args, {among: true, vectors: t})};
}
function renderAnalogy() {
  $("an-a").value = state.qa; $("an-b").value = state.qb; $("an-c").value = state.qc; $("an-d").value = state.qd; $("an-method").value = state.method;
  markExamples();
  const box = clear($("an-msg")), res = clear($("an-result")), across = clear($("an-epochs")), t = state.vec, e = state.epoch, method = state.method;
  $("an-title").textContent = "Answers";
  clear($("an-plane")).append("Enter three words above.");
  if (!state.qa && !state.qb && !state.qc) { res.append("Enter three words above."); return; }
  const a = lookup(state.qa, box, w => set({qa: w})), b = lookup(state.qb, box, w => set({qb: w})),
        c = lookup(state.qc, box, w => set({qc: w}));
  if (state.qd) lookup(state.qd, box, w => set({qd: w}));
  if (a < 0 || b < 0 || c < 0 || zeroNote(box)) { res.append("—"); return; }
  const src = anSource(t, a, b, c, method), now = src.rows[e], ctl = ctlOn();
  if (ctl && !src.exact) box.append(el("div", {class: "msg", id: "an-nocontrol", text: `The control's answers to this question are not on this page ` +
    `(it holds them for the offered questions, in W_in): ${queryCommand(`analogy ${[a, b, c].map(i => shq(WORDS[i])).join(" ")}`, {control: true, vectors: t})} ` +
    `prints them. Below: the run's, among this page's words.`}));
  $("an-title").textContent = `${WORDS[a]} − ${WORDS[b]} + ${WORDS[c]} = ? · ${epochName(e)}` + (ctl && src.exact ? " · control" : "");
  const tbl = el("table", {class: "list", id: "an-table"});
  tbl.append(el("tr", {}, el("th", {class: "num", text: "#"}), el("th", {text: "answer"}), el("th", {class: "num",
    text: method === "mul" ? "3CosMul score" : "3CosAdd score"})));
  now.answers.forEach(([w, s], r) => tbl.append(el("tr", {}, el("td", {class: "num", text: r + 1}),
    el("td", {text: w, class: INDEX.has(w) ? "" : "offpage", style: w === src.dWord ? "font-weight:700" : ""}), el("td", {class: "num", text: minus(s)}))));
  const among = src.exact ? `all ${nice(META.vocab_size)} words of the vocabulary (float32)` : `this page's ${nice(N)} words (its 8-bit rows)`;
  res.append(tbl, el("p", {class: "small", id: "an-universe"}, `Answered among ${among}, the question words left out: `, el("code", {text: src.command}),
    ` gives the same answers.`), el("p", {class: "small muted", id: "an-score", text: method === "mul"
    ? "score = cos′(w, A) · cos′(w, C) / (cos′(w, B) + 0.001), with cos′ = (1 + cos) / 2 moving each cosine to 0…1: a ratio, so it can exceed 1."
    : "score = cos(w, Â − B̂ + Ĉ), Â being A scaled to length 1."}));
  if (src.dWord && now.rank !== null) res.append(el("p", {class: "small", id: "an-rank", text: `${q(src.dWord)} ranks no. ${nice(now.rank)} among the ` +
    `3CosAdd answers${src.exact ? ` (among all ${nice(META.vocab_size)} words)` : ""}.`}));
  const t2 = el("table", {class: "list", id: "an-epochs-table"}), withCtl = src.exact && !ctl && src.fact.control;
  t2.append(el("tr", {}, el("th", {text: "epoch"}), el("th", {text: "top answer"}), el("th", {class: "num", text: "score"}),
    src.dWord ? el("th", {class: "num", text: `rank of ${src.dWord}`}) : "",
    withCtl ? el("th", {class: "ctl", title: "the same question asked of the control: its chance level", text: "control's answer"}) : "",
    withCtl && src.dWord ? el("th", {class: "num ctl", text: `its rank of ${src.dWord}`}) : ""));
  for (const ep of EPOCHS) {
    const r = src.rows[ep];
    if (!r) { t2.append(el("tr", {}, el("td", {text: ep}), el("td", {class: "muted", text: `${TABLE_NAME[t]} is all zero`}))); continue; }
    t2.append(el("tr", {"data-epoch": ep}, el("td", {text: (ep === e ? "▶ " : "") + ep}), el("td", {text: r.answers[0][0]}),
      el("td", {class: "num", text: minus(r.answers[0][1])}), src.dWord ? el("td", {class: "num", text: r.rank === null ? "—" : `no. ${nice(r.rank)}`}) : "",
      withCtl ? el("td", {class: "ctl", text: `${r.control.answer[0]} (${minus(r.control.answer[1])})`}) : "",
      withCtl && src.dWord ? el("td", {class: "num ctl", text: `no. ${nice(r.control.rank)}`}) : ""));
  }
  across.append(el("div", {class: "scroll"}, cards(t2)), anSentence(src, t));
  renderPlane(t, a, b, c, src);
}
function anSentence(src, t) {                          // computed: the answer's rank against the control's (chance)
  const live = EPOCHS.filter(ep => src.rows[ep]), last = live[live.length - 1], r = src.rows[last];
  let text = "";
  if (src.dWord && r.rank !== null) {
    text += `What shows learning is the expected answer's rank: ${q(src.dWord)} went ${live.map(ep => `no. ${nice(src.rows[ep].rank)} at ${ep}`).join(", ")}. `;
    if (r.control) text += `Chance is the control, the same training on the same words shuffled: it ranks ${q(src.dWord)} ` +
      `${live.map(ep => `no. ${nice(src.rows[ep].control.rank)}`).join(", ")} and answers ${q(r.control.answer[0])} at epoch ${last}` +
      (r.rank < r.control.rank ? `; only the real run moves the answer up.` : `: the run does no better than chance here.`);
    else if (!src.exact) text += HAS_CONTROL ? `The control's rank for a typed question is not on this page.` : controlNote("chance level");
    else text += controlNote("chance level");
    if (r.rank > 1) text += ` Mikolov et al. answered such questions from billions of words; ${META.dataset}'s ${nice(META.stats.tokens || 0)} tokens ` +
      `see many of these words too rarely to place them that exactly.`;
  } else text += "Give the expected answer (the fourth field) to follow its rank across the epochs.";
  return el("p", {class: "small", id: "an-chance-note", text});
}
function analogyExamples() {                           // the offered questions, each a button, in three groups (main.js calls it)
  const tr = $("an-try"), qs = FACTS.analogy.questions, quality = META.stats.quality || [];
  const acc = FACTS.analogy.answered ? `the run answers ${pct(100 * FACTS.analogy.correct / FACTS.analogy.answered)} of the ` +
    `${nice(FACTS.analogy.answered)} questions it can answer at epoch ${FACTS.analogy.epoch}` : quality.length ? "" : "this run was not scored";
  const groups = [["random", `Drawn at random (seed 0) from the Google set's ${nice(FACTS.analogy.held || 0)} questions whose four words this page holds — ${acc}:`],
    ["right", `Chosen because epoch ${LAST} answers them (not typical):`], ["classic", "The classic:"]];
  for (const [kind, head] of groups) {
    const mine = qs.filter(f => f.kind === kind);
    if (!mine.length) continue;
    const g = el("div", {class: "try", "data-kind": kind}, el("span", {class: "muted", text: head}));
    for (const f of mine) { const [a, b, c, d] = f.q;
      g.append(el("button", {"data-q": f.q.join(" "), text: `${a} − ${b} + ${c} = ${d}`, onclick: () => set({qa: a, qb: b, qc: c, qd: d})})); }
    tr.append(g);
  }
  if (!qs.length) tr.append(el("span", {class: "muted", text: "No questions on this page (it was made without the Google set)."}));
}
let exampleMarks = null;
function markExamples() {                              // each offered question's answer at the last epoch, for this method
  const key = state.method + ":" + state.ctl;
  if (exampleMarks === key) return;
  exampleMarks = key;
  for (const btn of $("an-try").querySelectorAll("button[data-q]")) {
    const f = FACTS.analogy.questions.find(x => x.q.join(" ") === btn.dataset.q), mine = ctlOn() && f.control ? f.control : f.run;
    const top = mine[LAST][state.method][0][0], right = top === f.q[3], first = firstAnswered(EPOCHS.map(e => mine[e][state.method][0][0] === f.q[3] ? 1 : 2));
    btn.querySelectorAll("span").forEach(x => x.remove());
    btn.title = `${ctlOn() ? "the control's" : "query's"} first answer at epochs ${EPOCHS.join(", ")}: ${EPOCHS.map(e => mine[e][state.method][0][0]).join(", ")}`;
    btn.append(el("span", {class: right ? "mark right" : "mark wrong", text: right ? ` ✓ from epoch ${first}` : ` ✗ (${top})`}));
  }
}
