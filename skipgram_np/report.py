"""The run's story as Markdown: sentences computed from its numbers, each pointing to the table
(or figure) that shows them. figures.make_all writes it as RUN/figures/report.md.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from . import epochs as ep
from .baseline import N_PAIRS, not_spread_out
from .chance import QUANTILE
from .embeddings import VECTORS
from .epochs import moved
from .evaluate import markdown_table
from .probes import ANALOGIES, PROBE_WORDS

FROM_TO = "from {a} to {b}"           # how the report words a change: "rose from 0.5 to 0.7"


def _against_control(share: dict, control: dict) -> str:
    """"the same as the control's at epoch 0, above it from epoch 2 on", from each epoch's share
    against the control's at the same epoch."""
    above = [e for e in share if e in control and share[e] > control[e]]
    rest = [e for e in share if e in control and e not in above]
    if not above:
        return "no epoch is above the control's"
    if not rest:
        return "above the control's at every epoch"
    later = [e for e in share if e in control and e > max(rest)]
    return (f"not above the control's at epoch{'s' if len(rest) > 1 else ''} {', '.join(map(str, rest))}, "
            + (f"above it from epoch {later[0]} on" if later == above else
               f"above it at epoch{'s' if len(above) > 1 else ''} {', '.join(map(str, above))}"))


def _score(row: dict | None, key: str, fmt: str) -> str:
    return "—" if row is None or key not in row else format(row[key], fmt)


def epoch_title(e: int) -> str:
    return "epoch 0 (untrained)" if e == 0 else f"epoch {e}"


def _fmt_rank(r: int) -> str:
    return f"no. {r:,}"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def story(embs: dict, ckpt, sims: dict, changes: list, stable: dict, examples: list,
          explained: dict | None = None, structure: dict | None = None, settling: dict | None = None,
          beyond: dict | None = None) -> list[str]:
    """The report's sentences, each computed from the numbers in the table it points to."""
    epochs = sorted(embs)
    first, last = epochs[0], epochs[-1]
    lines = []
    L = list(ckpt.loss_epochs)
    if len(L) > 1:
        lines.append(f"- **Loss.** The mean loss per pair {moved(L[0], L[-1], '.3f', change=FROM_TO)} from epoch 1 to "
                     f"epoch {len(L)} ([training.png](training.png)).")
    q = ckpt.stats.get("quality", [])
    if len(q) > 1 and "wordsim" in q[0]:
        gains = [(b["wordsim"] - a["wordsim"], b["epoch"]) for a, b in zip(q, q[1:])]
        gain, at = max(gains)
        text = (f"- **Quality.** From epoch {q[0]['epoch']} to {q[-1]['epoch']}, WordSim-353 ρ "
                f"{moved(q[0]['wordsim'], q[-1]['wordsim'], '.3f', change=FROM_TO)}"
                + (f", most in epoch {at} ({gain:+.3f})" if gain > 0 else ""))
        if "analogies" in q[0]:
            text += (f"; the share of Google analogy questions answered correctly "
                     f"{moved(q[0]['analogies'], q[-1]['analogies'], '.1%', change=FROM_TO)}")
        lines.append(text + " ([Scores per epoch](#scores-per-epoch)).")
    if sims and len(epochs) > 1:              # one table (a vectors file): nothing moves
        rows0 = [r for r in next(iter(sims.values())) if not r["zero"]]
        peak = max(rows0, key=lambda r: r["median"])
        lines.append(f"- **The baseline moves.** The median cosine of {N_PAIRS:,} random word pairs "
                     f"is {rows0[0]['median']:+.3f} at epoch {rows0[0]['epoch']}, "
                     + (f"peaks at {peak['median']:+.3f} at epoch {peak['epoch']} and is "
                        if peak is not rows0[0] and peak is not rows0[-1] else "and ")
                     + f"{rows0[-1]['median']:+.3f} at epoch {rows0[-1]['epoch']}: a raw cosine "
                     f"means something else at every epoch "
                     f"([Similarity across epochs](#similarity-across-epochs)).")
        note = not_spread_out(rows0[-1]["epoch"], rows0[-1]["median"], "this run's neighbours, ranks and maps")
        if note:
            lines.append("- **Not spread out yet.** " + note)
        pairs = {k: [r for r in v if not r["zero"]] for k, v in sims.items()}
        start = [r["epoch"] for r in rows0 if r["epoch"] > 0][:1] or [rows0[0]["epoch"]]
        s = start[0]
        at = {k: ({r["epoch"]: r for r in v}.get(s), v[-1]) for k, v in pairs.items()}
        at = {k: v for k, v in at.items() if v[0] is not None}
        if at and s != rows0[-1]["epoch"]:
            n, e1 = len(at), rows0[-1]["epoch"]
            fell = sum(b["cos"] < a["cos"] for a, b in at.values())
            rose = sum(b["percentile"] > a["percentile"] for a, b in at.values())
            closer = sum(b["rank_ab"] < a["rank_ab"] for a, b in at.values())
            verdict = ("**Relatively closer.**" if rose > n / 2 and closer > n / 2 else
                       "**Relatively further apart.**" if rose < n / 2 and closer < n / 2 else
                       "**Mixed.**")
            lines.append(f"- {verdict} From epoch {s} to {e1}, of the {n} chosen related pairs the raw "
                         f"cosine fell for {fell}, the percentile among random pairs rose for {rose} "
                         f"and the neighbour rank improved for {closer} "
                         f"([Similarity across epochs](#similarity-across-epochs), "
                         f"[similarity.png](similarity.png)).")
            (a, b), (r0, r1) = max(at.items(), key=lambda kv: np.log(kv[1][0]["rank_ab"] / kv[1][1]["rank_ab"]))
            if r1["rank_ab"] < r0["rank_ab"]:
                lines.append(f"- **Biggest rank climb.** “{b}” went from {_fmt_rank(r0['rank_ab'])} to "
                             f"{_fmt_rank(r1['rank_ab'])} among the neighbours of “{a}” between epochs {s} "
                             f"and {e1}; its percentile among random pairs "
                             f"{moved(r0['percentile'], r1['percentile'], '.1f', '%', change=FROM_TO)}.")
            else:
                lines.append(f"- **No rank climbed.** From epoch {s} to {e1} no chosen pair's neighbour "
                             f"rank improved.")
    if structure:
        sh, ctl = structure["share"], structure["control"]
        lines.append(f"- **Structure.** Of the {structure['words']} words of the {structure['groups']} coloured "
                     f"groups, the share whose nearest group word (in all dimensions) is of its own group: "
                     + ", ".join(f"{sh[e]:.0%} at epoch {e}" for e in sh)
                     + ("; the control, trained on the same words shuffled, gets "
                        + ", ".join(f"{ctl[e]:.0%}" for e in sh if e in ctl) + ", so " + _against_control(sh, ctl)
                        if ctl else "; the run has no control to say what chance gives")
                     + " ([structure.png](structure.png)).")
    if beyond:
        n = beyond["of"]
        lines.append(f"- **Neighbours against chance.** Of the {n} nearest neighbours of the {len(beyond['words'])} "
                     f"probe words, the number closer than {QUANTILE:.1%} of the control's neighbours of the same rank "
                     f"and frequency at that epoch: "
                     + ", ".join(f"{v} at epoch {e}" for e, v in beyond["count"].items())
                     + " ([Nearest neighbours](#nearest-neighbours)).")
    if changes and settling:
        word, kept, before, after = changes[0]
        lines.append(f"- **Settling.** Between epochs {epochs[-2]} and {last} the typical content word kept "
                     f"{settling['median']:.0f} of its 10 nearest words (a tenth kept {settling['p10']:.0f} or fewer, "
                     f"a tenth {settling['p90']:.0f} or more, of {settling['words']:,} words ranked "
                     f"{ep.SKIP_FREQUENT + 1}–{ep.SKIP_FREQUENT + ep.CONTENT_WORDS}); the most changed, “{word}”, "
                     f"kept {kept} ({', '.join(before)} → {', '.join(after)}) "
                     f"([Most changed neighbourhoods](#most-changed-neighbourhoods)).")
    if stable:
        settled = {w: e for w, e in stable.items() if e is not None}
        lines.append("- **Probe words.** " + (
            ", ".join(f"the top 10 of “{w}” has not changed since epoch {e}" for w, e in settled.items())
            if settled else f"No probe word's top 10 is the same at epochs {epochs[-2]} and {last}")
            + (f"; still changing at epoch {last}: {', '.join(w for w, e in stable.items() if e is None)}"
               if settled and len(settled) < len(stable) else "")
            + " ([Nearest neighbours](#nearest-neighbours)).")
    if examples and len(epochs) > 1:
        answered = [(q, ep.first_answered(r)) for q, r in examples]
        got = sorted([(e, q) for q, e in answered if e is not None], key=lambda x: x[0])
        if got:
            lines.append(f"- **Analogies.** Of the {len(examples)} Google questions shown below (picked "
                         f"among those epoch {last} answers correctly), the earliest settled: " + "; ".join(
                             f"{q[0]} − {q[1]} + {q[2]} = {q[3]} from epoch {e}" for e, q in got[:4])
                         + " ([Analogies](#analogies)).")
    if first == 0 and epochs[-1] > 0 and explained:
        v = {e: float(np.sum(explained[e])) for e in explained}
        lines.append(f"- **From noise.** Epoch 0 holds the tables before training, random rows: the "
                     f"map's two axes (fitted on its plotted words at epoch {last}) keep {v[0]:.1%} of epoch 0's "
                     f"variance of those words, {v[last]:.1%} of epoch {last}'s ([map_epochs.png](map_epochs.png)).")
    return lines


def probe_neighbours_with_chance(embs: dict, words, topn: int = 5, chance=None) -> tuple[dict, dict | None]:
    """-> ({word: {epoch: epochs.neighbours_with_chance}}, {"count": {epoch: how many of them are
    beyond chance}, "of": how many neighbours per epoch, "words"}; None without a control)."""
    table, count = {w: {} for w in words}, {}
    for e, emb in sorted(embs.items()):
        if not emb.unit.any():
            continue
        near = chance.neighbours(e) if chance is not None else None
        for w in words:
            table[w][e] = ep.neighbours_with_chance(emb, w, topn, chance=near)
        if near is not None:
            count[e] = sum(table[w][e]["beyond"] for w in words)
    if not words or not count:
        return table, None
    return table, {"count": count, "of": min(topn, 10) * len(words), "words": list(words)}


def report(run_dir, ckpts: dict, embs: dict, figure_names: list[str], sims: dict,
           evaluation: list | None = None, solved=(), vectors: str = "in", explained=None,
           structure: dict | None = None, directions: list[str] | None = None, chance=None,
           no_control: str = "", control_quality=()) -> str:
    """The Markdown report: the story, then the tables it points to. ``directions``: the lines
    of its directions-and-maps section (figures_directions.report_lines), placed before the figures.
    ``chance``: the control's chance.ChanceLevels (``no_control``: the line said without one);
    ``control_quality``: the control's scores per epoch (its stats["quality"])."""
    epochs = sorted(embs)
    last_ck = ckpts[epochs[-1]]
    cfg = last_ck.config
    head = [epoch_title(e) for e in epochs]

    def table(cols, rows):
        return ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)] + \
               ["| " + " | ".join(map(str, r)) + " |" for r in rows] + [""]

    changes, settling = (ep.neighbourhood_change(embs[epochs[-2]], embs[epochs[-1]]) if len(epochs) > 1
                         else ([], None))
    probes = [w for w in PROBE_WORDS if w in embs[epochs[-1]].index]
    stable = {w: ep.stable_since(embs, w) for w in probes} if len(epochs) > 1 else {}
    neigh, beyond = probe_neighbours_with_chance(embs, probes, chance=chance)
    examples = [(q, ep.analogy_ranks(embs, *q)) for q in solved]
    if last_ck.stats.get("vectors_file"):               # another tool's vectors: no settings, no history
        head_line = (f"Vectors file `{Path(run_dir).name}`: {len(embs[epochs[-1]].words):,} words, d = {cfg.dim}; "
                     f"one table (shown as epoch {epochs[-1]}) and no history: no other epochs, no W_out, no corpus "
                     f"counts, no control. Every sentence below is computed from the tables under it.")
    else:
        head_line = (f"Run `{Path(run_dir).name}`: {cfg.optimizer}, {_plural(cfg.epochs, 'epoch')}, d = {cfg.dim}, "
                     f"window {cfg.window}, k = {cfg.negatives}; vectors: {VECTORS[vectors]}. Every sentence below "
                     f"is computed from the tables under it. Chance is the run's **control**: the same training on "
                     f"the same words shuffled, read at the same epoch"
                     + ("." if chance is not None else f" — {no_control}."))
    lines = ["# What the run learned, epoch by epoch", "", head_line, ""]
    lines += story(embs, last_ck, sims, changes, stable, examples, explained, structure, settling,
                   beyond) + [""]
    quality = last_ck.stats.get("quality", [])
    if quality and vectors == "in":
        theirs = {r["epoch"]: r for r in control_quality}
        lines += ["## Scores per epoch", "", "Scored on W_in during training (0 = untrained)"
                  + ("; beside them the control's, trained on the same words shuffled." if theirs else "."), ""]
        ws, an = "wordsim" in quality[0], "analogies" in quality[0]
        cols = ["epoch"] + (["WordSim-353 ρ"] if ws else []) + (["analogies", "semantic", "syntactic"] if an else []) \
            + (["control ρ"] if theirs and ws else []) + (["control analogies"] if theirs and an else [])
        lines += table(cols, [[r["epoch"]] + ([f"{r['wordsim']:.3f}"] if ws else []) +
                              ([f"{r['analogies']:.2%}", f"{r['semantic']:.2%}", f"{r['syntactic']:.2%}"] if an else [])
                              + ([_score(theirs.get(r["epoch"]), "wordsim", ".3f")] if theirs and ws else [])
                              + ([_score(theirs.get(r["epoch"]), "analogies", ".2%")] if theirs and an else [])
                              for r in quality])
    elif evaluation:
        lines += ["## Scores per epoch", "", markdown_table(evaluation)]
    if sims:
        n_words = len(embs[epochs[-1]].words)
        lines += ["## Similarity across epochs", "",
                  f"Each cell: cosine · percentile among {N_PAIRS:,} random pairs of all {n_words:,} words at "
                  f"that epoch · B's rank among A's neighbours among all {n_words:,} words"
                  + (f" · the same pair's cosine in the control · ★ when the pair is related: closer than "
                     f"{QUANTILE:.1%} of the control's random pairs of the same frequencies at that epoch, or one word "
                     f"among the other's 10 nearest and beyond chance at its rank (the control's own pairs earn it "
                     f"about once in 1,000)" if chance is not None else "")
                  + ". The last row is the random pairs' median [5 % .. 95 %].", ""]
        rows = [[f"{a} · {b}"] + ["—" if r["zero"] else f"{r['cos']:+.3f} · {r['percentile']:.1f}% · "
                                  f"{_fmt_rank(r['rank_ab'])}"
                                  + (f" · control {r['control_cos']:+.3f}" if r["control_cos"] is not None else "")
                                  + (" ★" if r["related"] else "") for r in rs] for (a, b), rs in sims.items()]
        rs = next(iter(sims.values()))
        rows.append(["random pairs"] + ["—" if r["zero"] else f"{r['median']:+.3f} [{r['p5']:+.2f} .. "
                                        f"{r['p95']:+.2f}]" for r in rs])
        lines += table(["pair"] + head, rows)
    if neigh and any(neigh.values()):
        lines += ["## Nearest neighbours", "",
                  f"The 5 nearest words among all {len(embs[epochs[-1]].words):,}, with their cosines"
                  + (f"; ★ marks a neighbour closer than {QUANTILE:.1%} of the control's words of the same frequency "
                     f"put their neighbour of its rank at that epoch (the control's nearest neighbour, median over its "
                     f"words: " + "; ".join(f"epoch {e}: {np.median(chance.neighbours(e).quantiles[:, 0, 1]):.2f}"
                                            for e in beyond["count"]) + ")" if beyond else "") + ".", ""]
        lines += table(["word"] + head + ["top 10 stable since"],
                       [[w] + [", ".join(f"{n} {s:.2f}" + (" ★" if v else "")
                                         for n, s, _, v in per[e]["neighbours"]) if e in per else "—"
                               for e in epochs] +
                        [f"epoch {stable[w]}" if stable.get(w) is not None else "still changing"]
                        for w, per in neigh.items()])
    if changes:
        lines += ["## Most changed neighbourhoods", "",
                  f"Between epochs {epochs[-2]} and {epochs[-1]}, among the content words ranked "
                  f"{ep.SKIP_FREQUENT + 1}–{ep.SKIP_FREQUENT + ep.CONTENT_WORDS} by frequency (no "
                  f"punctuation, no function words such as of, because, however): how many of its "
                  f"10 nearest words each kept.", ""]
        lines += table(["word", "kept", f"3 nearest at epoch {epochs[-2]}", f"at epoch {epochs[-1]}"],
                       [[w, f"{k}/10", ", ".join(b), ", ".join(a)] for w, k, b, a in changes[:12]])
    lines += ["## Analogies", "", "A − B + C = ? by 3CosAdd, question words excluded: the top 3 answers"
              + (", and for the Google questions where the expected answer ranks." if examples else "."), ""]
    if examples:
        lines += ["Questions from the Google set that the last epoch answers (the answer in bold):", ""]
        rows = []
        for (a, b, c, d), ranks in examples:
            cells = []
            for e in epochs:
                top = ", ".join((f"**{w}**" if w == d else w) + f" {s:.2f}"
                                for w, s in embs[e].analogy(a, b, c, topn=3))
                cells.append(f"{top} ({d}: {_fmt_rank(ranks[e])})")
            rows.append([f"{a} − {b} + {c} = {d}"] + cells)
        lines += table(["question"] + head, rows)
    classic = [q for q in ANALOGIES if all(w in embs[epochs[-1]].index for w in q)]
    if classic:
        lines += ["Classic questions (WikiText-2 is small: many stay unsolved):", ""]
        lines += table(["question"] + head, [[f"{a} − {b} + {c}"] + [
            ", ".join(f"{w} {s:.2f}" for w, s in embs[e].analogy(a, b, c, topn=3)) for e in epochs]
            for a, b, c in classic])
    lines += list(directions or [])
    lines += ["## Figures", ""] + [f"![{n}]({n})" for n in figure_names]
    return "\n".join(lines) + "\n"
