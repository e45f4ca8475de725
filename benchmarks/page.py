"""The control's cost, the explorer page and per-epoch scoring, measured on the default run.

    python benchmarks/page.py --data-dir ../shared/data/wikitext-2 --eval-dir ../shared/data/eval \
        [--repeats 2] [--run DIR]

Runs the default command (`python -m skipgram_np.train`: training, figures and the page) with its control
and with --no-control, alternating, ``--repeats`` times each, on this machine, and reports each time and
the ratio of the medians (target ≤ 1.6: the control doubles the training and adds its chance levels,
lists and maps to the figures and the page). Then, on the last run with a control (or --run DIR, which
skips the timed runs): the scoring's share of the training time; the page's size; how long Debian's
Chromium takes to make it ready (navigation start to the first view drawn, median of 5 loads); how long
the toy trainer takes for 500 updates. Writes benchmarks/results/page.md.
Targets: page ≤ 8 MB (it holds query's neighbour lists and the control's), ready ≤ 1 s; scoring ≤ 5 %
of the training time; 500 toy updates ≤ 1 s.
"""
from __future__ import annotations

import argparse
import platform
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


def default_command(out: Path, opts, control: bool) -> dict:
    """The default command into ``out`` (training, figures and the page): its wall time and that of each
    phase (s), from the moment each of its lines "done:", "figures:" and "page:" is printed."""
    t0 = time.time()
    proc = subprocess.Popen([sys.executable, "-m", "skipgram_np.train", "--data-dir", opts.data_dir, "--eval-dir",
                             opts.eval_dir, "--out", str(out), "--no-progress"] + ([] if control else ["--no-control"]),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    at = {}
    for line in proc.stdout:
        for key in ("done:", "figures:", "page:"):
            if line.startswith(key):
                at[key] = time.time() - t0
    if proc.wait():
        raise SystemExit(f"the default command failed ({'with' if control else 'without'} the control)")
    total = time.time() - t0
    return {"total": total, "training": at.get("done:", total),
            "figures": at.get("figures:", total) - at.get("done:", 0),
            "page": at.get("page:", total) - at.get("figures:", 0)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--data-dir", required=True)
    p.add_argument("--eval-dir", required=True)
    p.add_argument("--repeats", type=int, default=2, help="timed runs with and without the control, each")
    p.add_argument("--run", help="an existing run folder with its control (skips the timed runs)")
    opts = p.parse_args()
    from skipgram_np import checkpoint
    times = {True: [], False: []}
    with tempfile.TemporaryDirectory() as tmp:
        run = Path(opts.run) if opts.run else None
        if run is None:
            for k in range(opts.repeats):                          # alternating, so both meet the same machine
                for control in (True, False):
                    out = Path(tmp) / f"run-{'control' if control else 'bare'}-{k}"
                    times[control].append(default_command(out, opts, control))
                    print(f"default command {'with' if control else 'without'} the control: "
                          + ", ".join(f"{k} {v:.1f} s" for k, v in times[control][-1].items()), flush=True)
            run = Path(tmp) / f"run-control-{opts.repeats - 1}"
        last = checkpoint.load(checkpoint.checkpoint_path(run, checkpoint.saved_epochs(run)[-1]))
        scoring, epochs = last.stats.get("quality_seconds", 0.0), sum(last.stats["epoch_seconds"])
        page = run / "explorer.html"
        size = page.stat().st_size / 1e6
        ready, toy = browser_times(page)
    rows = []
    if times[True]:
        med = {c: {k: statistics.median(t[k] for t in times[c]) for k in times[c][0]} for c in (True, False)}
        with_c, without = med[True]["total"], med[False]["total"]
        each = {c: ", ".join(f"{t['total']:.1f}" for t in times[c]) for c in (True, False)}
        rows.append(("the default command with its control / without (--no-control), median of "
                     f"{opts.repeats} each, alternating", f"{with_c:.1f} s / {without:.1f} s = {with_c / without:.2f}× "
                     f"(with: {each[True]} s; without: {each[False]} s)", with_c <= 1.6 * without))
        rows.append(("… of which training / figures / the page (medians), with the control and without",
                     " · ".join(f"{k} {med[True][k]:.1f} s / {med[False][k]:.1f} s"
                                for k in ("training", "figures", "page")), True))
    rows += [
        ("scoring every epoch (11 scorings) / training epochs", f"{scoring:.2f} s / {epochs:.2f} s = "
         f"{100 * scoring / epochs:.1f} %", scoring <= 0.05 * epochs),
        ("page size (the default command's page, with the control)", f"{size:.2f} MB", size <= 8.0),
        ("page ready in Chromium (median of 5 loads)", f"{ready:.0f} ms", ready <= 1000),
        ("500 toy updates, computed and drawn (median of 5)", f"{toy:.0f} ms", toy <= 1000),
    ]
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "")
    text = "\n".join([f"Measured {time.strftime('%Y-%m-%d')} on {cpu}, Python {platform.python_version()}. "
                      f"Command: `python benchmarks/page.py {' '.join(sys.argv[1:])}`", "",
                      "| measurement | value | target met? |", "|---|---|---|"]
                     + [f"| {a} | {b} | {'yes' if ok else '**no**'} |" for a, b, ok in rows])
    text += ("\n\nThe machine has 2 cores shared with other work: the same command varied by 40 s from run to run "
             "while this was measured, so compare the medians, measured alternately.\n")
    print(text)
    (REPO / "benchmarks" / "results").mkdir(parents=True, exist_ok=True)
    (REPO / "benchmarks" / "results" / "page.md").write_text(text)


if __name__ == "__main__":
    main()
