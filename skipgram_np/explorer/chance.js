// Chance, as chance.py decides it, for what the page computes itself among its own words ("the page's
// universe": W_out, sum, typed pairs and questions). Chance is the run's control: the same training on the
// same words shuffled, read at the same epoch. One rule, mirrored from chance.py:
//   bandOf(edges, id)        chance.band_of: a word's frequency band (ids are ranks by count)
//   lineAt, isBeyond         chance.NeighbourChance.line_at, .beyond: a word's r-th nearest word is beyond
//                            chance when its cosine exceeds the control's 99.9th percentile of the r-th nearest
//                            cosine among control words of the same band
//   pairLine, isRelated      chance.PairChance.line_for, and epochs.similarity_rows' "related": a pair beats the
//                            control's 99.9th percentile of random pairs of its two bands, or one word is among the
//                            other's 10 nearest and beyond chance at its rank
// The lines were computed in Python from the control's rows as this page stores them (runs.chance_levels with
// among = the page's words); tests/test_explorer.py checks that these verdicts equal Python's.
const HAS_CONTROL = Boolean(META.control);
const VERDICT = {true: "beyond chance", false: "within chance"};
const LEVEL = "99.9 %";
function bandOf(edges, id) { let i = 0; while (i < edges.length && edges[i] <= id) i++; return i - 1; }
function pageChance(t, e) { return ((DATA.chance || {})[t] || {})[e] || null; }
function nearChance(t, e, minCount = 1) { const c = pageChance(t, e); return c ? c.neighbours[String(minCount)] || null : null; }
function ranksOf(ch) { return ch.line[0].length; }
function lineAt(ch, id, rank) { return ch.line[bandOf(ch.edges, id)][Math.min(rank, ranksOf(ch)) - 1]; }
function isBeyond(ch, id, rank, cos) { return rank <= ranksOf(ch) && cos > lineAt(ch, id, rank); }
function spreadAt(ch, id, rank) { return ch.q[bandOf(ch.edges, id)][Math.min(rank, ranksOf(ch)) - 1]; }   // 5, 50, 95 %
function pairLine(t, e, i, j) { const pc = pageChance(t, e).pairs; return pc.line[bandOf(pc.edges, i)][bandOf(pc.edges, j)]; }
function isRelated(t, e, i, j, cos, rij, rji) {          // null without a control (or at a zero epoch)
  const c = pageChance(t, e);
  if (!c) return null;
  const near = c.neighbours["1"];
  return cos > pairLine(t, e, i, j) || isBeyond(near, i, rij, cos) || isBeyond(near, j, rji, cos);
}
// The control's own facts are judged by the same lines (query --control): about 1 in 1,000 crosses them.
function controlNote(what) {                             // the one line said where a verdict needs the control
  return HAS_CONTROL ? "" : `${META.control_missing.replace("no verdicts", `no ${what}`)}`;
}
function ctlOn() { return HAS_CONTROL && state.ctl === "1"; }
const CONTROL_NAME = "the control (the same training on the same words shuffled)";
