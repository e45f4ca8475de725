// The "Analogy" view: A − B + C by 3CosAdd or 3CosMul, the expected answer's rank, the top answer at
// every epoch, and the example questions labelled with the epoch from which they are answered.
let exampleRanks = null;                               // the table:method the example labels were ranked for
function renderAnalogy() {
  $("an-a").value = state.qa; $("an-b").value = state.qb; $("an-c").value = state.qc; $("an-d").value = state.qd; $("an-method").value = state.method;
  fillExampleRanks();
  const box = clear($("an-msg")), res = clear($("an-result")), across = clear($("an-epochs")), t = state.vec, e = state.epoch;
  $("an-title").textContent = "Answers";                 // until this question has answers
  if (!state.qa && !state.qb && !state.qc) { res.append("Enter three words above."); return; }
  const a = lookup(state.qa, box, w => set({qa: w})), b = lookup(state.qb, box, w => set({qb: w})),
        c = lookup(state.qc, box, w => set({qc: w}));
  const d = state.qd ? lookup(state.qd, box, w => set({qd: w})) : -1;
  if (a < 0 || b < 0 || c < 0 || zeroNote(box)) { res.append("—"); return; }
  $("an-title").textContent = `${WORDS[a]} − ${WORDS[b]} + ${WORDS[c]} = ? (${epochName(e)})`;
  const tbl = el("table", {class: "list", id: "an-table"});
  tbl.append(el("tr", {}, el("th", {class: "num", text: "#"}), el("th", {text: "answer"}), el("th", {class: "num",
    text: state.method === "mul" ? "3CosMul score" : "3CosAdd score"})));
  analogy(t, e, a, b, c, 5, state.method).forEach(([w, s], r) => tbl.append(el("tr", {},
    el("td", {class: "num", text: r + 1}), el("td", {text: w, style: w === WORDS[d] ? "font-weight:700" : ""}), el("td", {class: "num", text: s.toFixed(4)}))));
  res.append(tbl, el("p", {class: "small muted", id: "an-score", text: state.method === "mul"
    ? "score = cos′(w, A) · cos′(w, C) / (cos′(w, B) + 0.001), with cos′ = (1 + cos) / 2 moving each cosine to 0…1: a ratio, so it can exceed 1."
    : "score = cos(w, Â − B̂ + Ĉ), Â being A scaled to length 1."}));
  if (d >= 0) res.append(el("p", {class: "small", id: "an-rank", text: `${q(WORDS[d])} ranks no. ${nice(answerRank(t, e, a, b, c, d, state.method))} among the answers.`}));
  const t2 = el("table", {class: "list", id: "an-epochs-table"});
  t2.append(el("tr", {}, el("th", {text: "epoch"}), el("th", {text: "top answer"}), el("th", {class: "num", text: "score"}),
    d >= 0 ? el("th", {class: "num", text: `rank of ${WORDS[d]}`}) : ""));
  for (const ep of EPOCHS) {
    if (isZero(t, ep)) { t2.append(el("tr", {}, el("td", {text: ep}), el("td", {class: "muted", text: "W_out is all zero"}))); continue; }
    const [w, s] = analogy(t, ep, a, b, c, 1, state.method)[0];
    t2.append(el("tr", {}, el("td", {text: (ep === e ? "▶ " : "") + ep}), el("td", {text: w}), el("td", {class: "num", text: s.toFixed(3)}),
      d >= 0 ? el("td", {class: "num", text: `no. ${nice(answerRank(t, ep, a, b, c, d, state.method))}`}) : ""));
  }
  across.append(t2);
}
function fillExampleRanks() {                          // each example's answer rank at every epoch, for this table and method
  const key = state.vec + ":" + state.method, t = state.vec, how = state.method === "mul" ? "3CosMul" : "3CosAdd";
  const table = {in: "W_in", out: "W_out", sum: "sum"}[t];
  if (exampleRanks === key) return;
  exampleRanks = key;
  const tr = $("an-try");
  [...tr.querySelectorAll("button")].forEach((btn, n) => {
    const [a, b, c, d] = DATA.examples.analogy[n];
    const r = EPOCHS.map(e => isZero(t, e) ? null : answerRank(t, e, INDEX.get(a), INDEX.get(b), INDEX.get(c), INDEX.get(d), state.method));
    const first = firstAnswered(r);
    btn.title = `rank of the answer (${table}, ${how}) at epochs ${EPOCHS.join(", ")}: ${r.map(x => x === null ? "–" : x).join(", ")}`;
    btn.querySelectorAll("span").forEach(x => x.remove());
    btn.append(el("span", {class: "muted", text: first === null ? ` · not first by the last epoch (${table}, ${how})`
      : ` · first from epoch ${first} (${table}, ${how})`}));
  });
}
