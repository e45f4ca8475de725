"""Lesson 9 — explore a run: similarity, neighbours and analogies at every checkpoint; figures; the page.

You will see: the same questions asked of epochs 1, 2, ... of one run, the aligned 2D maps, and the
path of an explorer.html you can open in a browser.
Why it matters: embeddings are learned gradually; looking at the checkpoints shows what comes first.
"""
from lesson_utils import load_corpus, parse, section

from skipgram_np import explore, figures, train
from skipgram_np.config import Config
from skipgram_np.runs import embeddings_by_epoch

args = parse(__doc__)
tokens, epochs = (60_000, 3) if args.quick else (1_000_000, 6)
c = load_corpus(args, max_tokens=tokens)
cfg = Config(max_tokens=tokens, epochs=epochs, checkpoints=tuple(range(1, epochs + 1, 2 if epochs > 3 else 1))
             + ((epochs,) if epochs > 3 else ()), seed=0).validate()
run = f"{args.runs}/09_explore"
section(f"1. A run with checkpoints at epochs {cfg.checkpoints}")
train.train(cfg, c, run, overwrite=True, progress=False, json_words=1000, log=lambda *a: None)
embs = embeddings_by_epoch(run)

section("2. Similarity across epochs")
print("At the first checkpoint nearly every pair is ~0.98 similar: all vectors first move together")
print("along one direction (towards what frequent contexts share). Later epochs pull them apart,")
print("and related pairs stay closer than unrelated ones (war · album).")
for a, b in [("king", "queen"), ("france", "germany"), ("january", "february"), ("war", "album")]:
    if a in c.vocab.index and b in c.vocab.index:
        print(f"{a:>8} · {b:<9}" + "  ".join(f"e{e}: {emb.similarity(a, b):+.3f}" for e, emb in embs.items()))

section("3. Neighbours across epochs")
for word in ["war", "film", "river"]:
    if word in c.vocab.index:
        for e, emb in embs.items():
            print(f"{word:>6} e{e}: " + ", ".join(f"{w} {s:.2f}" for w, s in emb.neighbors(word, 4)))

section("4. An analogy: A − B + C")
if all(w in c.vocab.index for w in ("mother", "father", "son")):
    for e, emb in embs.items():
        print(f"mother − father + son, e{e}: " + ", ".join(f"{w} {s:.2f}" for w, s in emb.analogy("mother", "father", "son", 3)))

section("5. Figures and the explorer")
paths = figures.make_all(run, out=f"{args.figures}/09", log=lambda *a: None)
for p in paths:
    print(f"[figure] {p}")
page = explore.write_explorer(run, words=2000)
print(f"explorer: {page}  ({page.stat().st_size / 1e6:.1f} MB) — open it in a browser")
print("\nTry next: train on the whole corpus (python -m skipgram_np.train) and compare its report,")
print("change --window or --negatives, or switch --adam-mode lazy and watch what changes.")
