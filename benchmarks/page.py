"""The explorer page and per-epoch scoring, measured on a default run.

    python benchmarks/page.py --data-dir ../shared/data/wikitext-2 --eval-dir ../shared/data/eval [--run DIR]

Trains the default run (unless --run names one), scoring every epoch on WordSim-353 and the Google
analogies, then reports: the scoring's share of the training time; the page's size; how long
Debian's Chromium takes to make it ready (navigation start to the first view drawn, median of 5
loads); how long the toy trainer takes for 500 updates. Writes benchmarks/results/page.md.
Targets: page ≤ 5 MB (≤ 6 MB with the step and toy views), ready ≤ 1 s; scoring ≤ 5 % of the
training time; 500 toy updates ≤ 1 s.
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def browser_times(page: Path, loads: int = 5) -> tuple[float, float]:
    """(median ms to ready, median ms for 500 toy updates) in headless Chromium."""
    from playwright.sync_api import sync_playwright
    ready, toy = [], []
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        for _ in range(loads):
            pg = b.new_page(viewport={"width": 1400, "height": 900})
            pg.goto(page.as_uri())
            pg.wait_for_function("document.body.dataset.ready === '1'")
            ready.append(float(pg.evaluate("document.body.dataset.readyMs")))
            pg.click(".tab[data-view='toy']")
            pg.select_option("#toy-speed", "Infinity")             # all at once: the time of the updates alone
            pg.click("button[data-n='500']")
            toy.append(float(pg.evaluate("toy.ms")))
            pg.close()
        b.close()
    return statistics.median(ready), statistics.median(toy)


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data-dir", required=True)
    p.add_argument("--eval-dir", required=True)
    p.add_argument("--run", help="an existing run folder (default: train the default run now)")
    opts = p.parse_args()
    from skipgram_np import checkpoint, explore
    with tempfile.TemporaryDirectory() as tmp:
        run = Path(opts.run) if opts.run else Path(tmp) / "run"
        wall = None
        if not opts.run:
            t0 = time.time()
            subprocess.run([sys.executable, "-m", "skipgram_np.train", "--data-dir", opts.data_dir,
                            "--eval-dir", opts.eval_dir, "--out", str(run), "--no-progress",
                            "--no-figures"], check=True, capture_output=True)
            wall = time.time() - t0
        last = checkpoint.load(checkpoint.checkpoint_path(run, checkpoint.saved_epochs(run)[-1]))
        scoring, epochs = last.stats.get("quality_seconds", 0.0), sum(last.stats["epoch_seconds"])
        page = explore.write_explorer(run, questions_file=Path(opts.eval_dir) / "questions-words.txt",
                                      out=Path(tmp) / "explorer.html")
        size = page.stat().st_size / 1e6
        ready, toy = browser_times(page)
    rows = [
        ("scoring every epoch (11 scorings) / training epochs", f"{scoring:.2f} s / {epochs:.2f} s = "
         f"{100 * scoring / epochs:.1f} %" + (f" (of the whole command, {wall:.1f} s: "
                                              f"{100 * scoring / wall:.1f} %)" if wall else ""),
         scoring <= 0.05 * epochs),
        ("page size", f"{size:.2f} MB", size <= 6.0),
        ("page ready in Chromium (median of 5 loads)", f"{ready:.0f} ms", ready <= 1000),
        ("500 toy updates, computed and drawn (median of 5)", f"{toy:.0f} ms", toy <= 1000),
    ]
    import platform
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "")
    text = "\n".join([f"Measured {time.strftime('%Y-%m-%d')} on {cpu}, Python {platform.python_version()}. "
                      f"Command: `python benchmarks/page.py {' '.join(sys.argv[1:])}`", "",
                      "| measurement | value | target met? |", "|---|---|---|"]
                     + [f"| {a} | {b} | {'yes' if ok else '**no**'} |" for a, b, ok in rows]) + "\n"
    print(text)
    (REPO / "benchmarks" / "results").mkdir(parents=True, exist_ok=True)
    (REPO / "benchmarks" / "results" / "page.md").write_text(text)


if __name__ == "__main__":
    main()
