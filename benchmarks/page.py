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

    python benchmarks/page.py --interactions RUN_DIR_OR_PAGE [--loads 5] [--out NAME]

times every interaction of the page instead (issue 29), in Debian's Chromium at 1400 × 900 and as a phone
(390 × 844, touch), with Chromium's CPU throttling off and at 4×: each of ``--loads`` fresh loads clicks
through the same list (the first use of every view and epoch included), and each interaction is timed from
its first input event to the first frame painted after its work ended (its handlers, and any work the page
marks busy with ``data-busy``); with the longest main-thread task (the Long Tasks API: only tasks over
50 ms are reported) and, for the map's epoch switch and pan/zoom, the frames a second. Writes
benchmarks/results/page_interactions.md (median and worst of the loads) and .json (every sample).
Targets: each interaction ≤ 100 ms (worst, no throttling) and ≤ 400 ms at 4×; no long task over 50 ms
after ready; animation ≥ 50 fps; ready ≤ 1 s; page ≤ 8 MB.
"""
from __future__ import annotations

import argparse
import json
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


# ----------------------------------------------------------------------------- every interaction, timed
# Injected before the page's own script. An interaction starts at its first input event (capture phase, on
# window) and ends at the first frame painted after its work: the last handler (bubble phase, on window, so
# after the page's own) or the moment the page clears data-busy (work it left to a worker or to later frames).
# A frame counts as painted when a task queued from its requestAnimationFrame callback runs.
HARNESS = r"""
(() => {
  const b = window.__bench = {armed: false, t0: null, end: 0, frames: [], tasks: [], gen: 0};
  new PerformanceObserver(l => { for (const e of l.getEntries()) b.tasks.push([e.startTime, e.duration]); })
    .observe({type: "longtask", buffered: true});
  const start = ev => { if (b.armed && b.t0 === null) b.t0 = ev.timeStamp; };
  const done = () => { if (b.armed) b.end = performance.now(); };
  for (const t of ["pointerdown", "mousedown", "touchstart", "keydown", "input", "change", "click", "wheel"])
    addEventListener(t, start, true);
  for (const t of ["click", "pointerup", "touchend", "keydown", "keyup", "input", "change", "pointermove", "touchmove",
                   "wheel", "hashchange"]) addEventListener(t, done);
  new MutationObserver(() => { if (b.armed && !document.body.dataset.busy) b.end = performance.now(); })
    .observe(document, {attributes: true, subtree: true, attributeFilter: ["data-busy"]});
  const tick = gen => requestAnimationFrame(() => {      // one chain of frames per arm() (gen: an older chain stops)
    if (gen !== b.gen) return;
    setTimeout(() => b.frames.push(performance.now()));
    tick(gen);
  });
  b.arm = () => { Object.assign(b, {armed: true, t0: null, end: 0, frames: [], gen: (b.gen || 0) + 1}); tick(b.gen); };
  b.settle = span => new Promise(resolve => {           // -> {ms, task, fps, worst}, once painted and span ms on
    const poll = () => {
      const f = b.frames.find(x => x > b.end), now = performance.now();
      if (b.t0 === null || document.body.dataset.busy || f === undefined || now < b.t0 + span) {
        return setTimeout(poll, 5);
      }
      b.gen++; b.armed = false;
      const tasks = b.tasks.filter(([s, d]) => s + d > b.t0).map(([, d]) => d);
      const seen = b.frames.filter(x => x >= b.t0 && x <= b.t0 + span), gaps = seen.slice(1).map((x, i) => x - seen[i]);
      const fps = gaps.length ? 1000 * gaps.length / (seen[seen.length - 1] - seen[0]) : null;
      resolve({ms: f - b.t0, task: Math.max(0, ...tasks), fps, worst: gaps.length ? Math.max(...gaps) : null});
    };
    poll();
  });
})();
"""
SPAN = {"click": 0, "animation": 700, "gesture": 600}   # ms of frames counted (the map's animation takes 650 ms)


DESKTOP = {"viewport": {"width": 1400, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True, "device_scale_factor": 2}


class Ui:
    """Clicks on a desktop, taps on a phone; a drag with the mouse or one finger (CDP touch events)."""

    def __init__(self, pg, phone: bool):
        self.pg, self.phone = pg, phone
        self.cdp = pg.context.new_cdp_session(pg)

    def click(self, selector):
        loc = self.pg.locator(selector).first
        loc.scroll_into_view_if_needed()
        loc.tap() if self.phone else loc.click()

    def select(self, selector, value):
        self.pg.locator(selector).first.scroll_into_view_if_needed()
        self.pg.select_option(selector, value)

    def fill(self, selector, text):
        self.pg.fill(selector, text)

    def drag(self, selector, moves=30, pause=20):
        box = self.pg.locator(selector).bounding_box()
        x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
        touch = lambda kind, pts: self.cdp.send("Input.dispatchTouchEvent",  # noqa: E731
                                                {"type": kind, "touchPoints": [{"x": a, "y": b} for a, b in pts]})
        touch("touchStart", [(x, y)]) if self.phone else (self.pg.mouse.move(x, y), self.pg.mouse.down())
        for k in range(1, moves + 1):
            p = (x + 3 * k, y + 2 * k)
            touch("touchMove", [p]) if self.phone else self.pg.mouse.move(*p)
            self.pg.wait_for_timeout(pause)
        touch("touchEnd", []) if self.phone else self.pg.mouse.up()

    def wheel(self, selector, steps=15, pause=30):
        box = self.pg.locator(selector).bounding_box()
        self.pg.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        for _ in range(steps):
            self.pg.mouse.wheel(0, -60)
            self.pg.wait_for_timeout(pause)


def interactions(epochs: list[str]) -> list[tuple]:
    """(view, name, prepare, act, kind): prepare is not timed (typing, putting the bar back), act is; kind: a click
    (or key, or choice), an animation or a gesture, whose frames a second are counted too (SPAN). A gesture's time
    is its slowest frame, not its whole length. The same list every load, in this order."""
    last, mid = epochs[-1], epochs[1]

    def bar(epoch=last, vec="in"):                           # the bar back to W_in at the last epoch (untimed)
        def go(u):
            for sel in (f"button[data-epoch='{epoch}']", f"button[data-vec='{vec}']"):
                if u.pg.get_attribute(sel, "aria-pressed") != "true":
                    u.click(sel)
        return go

    def fill(*pairs):
        return lambda u: [u.fill(sel, text) for sel, text in pairs]

    nothing = None
    return [
        ("Map", "epoch 0 (animated)", nothing, lambda u: u.click("button[data-epoch='0']"), "animation"),
        ("Map", f"epoch {last} (animated)", nothing, lambda u: u.click(f"button[data-epoch='{last}']"), "animation"),
        ("Map", "Find", fill(("#map-search", "france")), lambda u: u.click("#map-find"), "click"),
        ("Map", "PCA on all words", nothing, lambda u: u.select("#map-fit", "all"), "click"),
        ("Map", "t-SNE", nothing, lambda u: u.select("#map-fit", "tsne"), "click"),
        ("Map", "PCA on the coloured words", nothing, lambda u: u.select("#map-fit", "groups"), "click"),
        ("Map", "W_out", nothing, lambda u: u.click("button[data-vec='out']"), "click"),
        ("Map", "W_in", nothing, lambda u: u.click("button[data-vec='in']"), "click"),
        ("Map", "shuffled text (control)", nothing, lambda u: u.click("button[data-ctl='1']"), "click"),
        ("Map", "real text", nothing, lambda u: u.click("button[data-ctl='']"), "click"),
        ("Map", "pan (a drag)", nothing, lambda u: u.drag("#map"), "gesture"),
        ("Map", "zoom (the wheel; desktop)", nothing, lambda u: None if u.phone else u.wheel("#map"), "gesture"),
        ("Similarity", "open", nothing, lambda u: u.click(".tab[data-view='similarity']"), "click"),
        ("Similarity", "example pair", nothing, lambda u: u.click("#sim-try button"), "click"),
        ("Similarity", "typed pair", fill(("#sim-a", "river"), ("#sim-b", "water")),
         lambda u: u.click("#sim-go"), "click"),
        ("Similarity", f"epoch {mid}", nothing, lambda u: u.click(f"button[data-epoch='{mid}']"), "click"),
        ("Similarity", "W_out", nothing, lambda u: u.click("button[data-vec='out']"), "click"),
        ("Neighbours", "open", bar(), lambda u: u.click(".tab[data-view='neighbors']"), "click"),
        ("Neighbours", "example word", nothing, lambda u: u.click("#nb-try button"), "click"),
        ("Neighbours", "seen at least 50", nothing, lambda u: u.select("#nb-min", "50"), "click"),
        ("Neighbours", f"epoch {mid}", nothing, lambda u: u.click(f"button[data-epoch='{mid}']"), "click"),
        ("Neighbours", "W_out", nothing, lambda u: u.click("button[data-vec='out']"), "click"),
        ("Analogy", "open", bar(), lambda u: u.click(".tab[data-view='analogy']"), "click"),
        ("Analogy", "first question", nothing, lambda u: u.click("#an-try button[data-q]"), "click"),
        ("Analogy", "switch to 3CosMul", nothing, lambda u: u.select("#an-method", "mul"), "click"),
        ("Analogy", "typed question", fill(("#an-a", "paris"), ("#an-b", "france"), ("#an-c", "italy"),
                                           ("#an-d", "rome")), lambda u: u.click("#an-go"), "click"),
        ("Analogy", f"epoch {mid}", nothing, lambda u: u.click(f"button[data-epoch='{mid}']"), "click"),
        ("Analogy", "W_out", nothing, lambda u: u.click("button[data-vec='out']"), "click"),
        ("Axes", "first open", bar(), lambda u: u.click(".tab[data-view='axes']"), "click"),
        ("Axes", "preset change", nothing, lambda u: u.select("#ax-preset", "capitals"), "click"),
        ("Axes", f"epoch {mid} (first time)", nothing, lambda u: u.click(f"button[data-epoch='{mid}']"), "click"),
        ("Axes", "W_out", nothing, lambda u: u.click("button[data-vec='out']"), "click"),
        ("Axes", "y at right angles, off", nothing, lambda u: u.click("#ax-orth"), "click"),
        ("One step", "open", bar(), lambda u: u.click(".tab[data-view='step']"), "click"),
        ("One step", "draw negatives again", nothing, lambda u: u.click("#st-redraw"), "click"),
        ("One step", "tap a word of the window", nothing, lambda u: u.click("#st-tokens button.inwin"), "click"),
        ("One step", f"epoch {mid}", nothing, lambda u: u.click(f"button[data-epoch='{mid}']"), "click"),
        ("Toy", "open (the toy tab)", nothing, lambda u: u.click(".tab[data-view='toy']"), "click"),
        ("Toy", "+1 update", nothing, lambda u: u.click("button.toy-run[data-n='1']"), "click"),
        ("Toy", "+500 updates, all at once", lambda u: u.select("#toy-speed", "Infinity"),
         lambda u: u.click("button.toy-run[data-n='500']"), "click"),
        ("How it works", "first open", nothing, lambda u: u.click(".tab[data-view='how']"), "click"),
        ("Start here", "open", nothing, lambda u: u.click(".tab[data-view='start']"), "click"),
        ("Start here", "answer a question", nothing, lambda u: u.click("#start-options button"), "click"),
        ("Start here", "next stop", nothing, lambda u: u.click("#start-next"), "click"),
    ]


def one_load(browser, page: Path, phone: bool, rate: float) -> dict:
    """A fresh load (a new browser context: nothing cached, the path marked seen), then every interaction."""
    ctx = browser.new_context(**(PHONE if phone else DESKTOP))
    pg = ctx.new_page()
    errors = []
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.add_init_script("localStorage.setItem('skipgram_np.tour', 'done');" + HARNESS)
    ui = Ui(pg, phone)
    ui.cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    pg.set_default_timeout(120_000)
    pg.goto(page.as_uri() + "#view=explore")
    pg.wait_for_function("document.body.dataset.ready === '1'")
    out = {"ready": float(pg.evaluate("document.body.dataset.readyMs")), "times": {}, "errors": errors}
    pg.wait_for_timeout(300)
    epochs = pg.evaluate("EPOCHS")
    for view, name, prepare, act, kind in interactions(epochs):
        if name.endswith("desktop)") and phone:
            continue
        if prepare:
            prepare(ui)
            pg.wait_for_timeout(50)
        pg.evaluate("__bench.arm()")
        act(ui)
        got = pg.evaluate(f"__bench.settle({SPAN[kind]})")
        if kind == "gesture":
            got["ms"] = got["worst"]
        out["times"][f"{view} · {name}"] = got
    out["after_ready"] = pg.evaluate("Math.max(0, ...__bench.tasks.filter(([s]) => "
                                     "s > Number(document.body.dataset.readyMs)).map(([, d]) => d))")
    ctx.close()
    return out


def measure_interactions(page: Path, loads: int, rates=(1, 4)) -> dict:
    """{(device, rate): [one_load(...) for each load]} in headless Debian Chromium."""
    from playwright.sync_api import sync_playwright
    runs = {}
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        for rate in rates:
            for device in ("desktop", "phone"):
                runs[f"{device} {rate}x"] = [one_load(b, page, device == "phone", rate) for _ in range(loads)]
                print(f"measured {device} at {rate}x CPU throttling ({loads} loads)", flush=True)
        b.close()
    return runs


def interactions_report(page: Path, runs: dict, command: str) -> str:
    """The markdown table: per interaction, median and worst of the loads for each device and throttling."""
    keys = list(runs)
    names = list(dict.fromkeys(k for r in runs[keys[0]] for k in r["times"]))
    names += [k for r in runs[keys[-1]] for k in r["times"] if k not in names]

    def cell(key, name, field="ms"):
        xs = [r["times"][name][field] for r in runs[key] if name in r["times"] and r["times"][name][field] is not None]
        return (statistics.median(xs), max(xs)) if xs else None

    def fmt(v, unit=" ms"):
        return "—" if v is None else f"{v[0]:.0f} / {v[1]:.0f}{unit}"

    lines = ["| interaction | " + " | ".join(f"{k}: median / worst" for k in keys) + " | longest task (worst) |",
             "|---|" + "---|" * (len(keys) + 1)]
    worst = {k: 0.0 for k in keys}
    for name in names:
        cells = [cell(k, name) for k in keys]
        for k, c in zip(keys, cells):
            if c:
                worst[k] = max(worst[k], c[1])
        task = max((r["times"][name]["task"] for k in keys for r in runs[k] if name in r["times"]), default=0)
        lines.append(f"| {name} | " + " | ".join(fmt(c) for c in cells) + f" | {task:.0f} ms |")
    anim = [n for n in names if any(r["times"][n]["fps"] for r in runs[keys[0]] if n in r["times"])]
    fps = ["| frames a second (median / lowest of the loads; worst frame) | " + " | ".join(keys) + " |",
           "|---|" + "---|" * len(keys)]
    for n in anim:
        row = []
        for k in keys:
            xs = [r["times"][n] for r in runs[k] if n in r["times"] and r["times"][n]["fps"]]
            row.append("—" if not xs else f"{statistics.median(x['fps'] for x in xs):.0f} / "
                       f"{min(x['fps'] for x in xs):.0f} fps; {max(x['worst'] for x in xs):.0f} ms")
        fps.append(f"| {n} | " + " | ".join(row) + " |")
    ready = {k: statistics.median(r["ready"] for r in runs[k]) for k in keys}
    after = {k: max(r["after_ready"] for r in runs[k]) for k in keys}
    errors = sorted({e for k in keys for r in runs[k] for e in r["errors"]})
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), "")
    summary = [f"Measured {time.strftime('%Y-%m-%d')} on {cpu} ({platform.machine()}, 2 cores shared with other work), "
               f"headless Debian Chromium. Command: `{command}`. Page: {page.stat().st_size / 1e6:.2f} MB; "
               + "; ".join(f"{k}: ready in {ready[k]:.0f} ms (median), every interaction ≤ {worst[k]:.0f} ms (worst), "
                           f"longest task after ready {after[k]:.0f} ms" for k in keys) + ".",
               f"Console errors: {len(errors)}" + (": " + "; ".join(errors[:5]) if errors else "") + "."]
    return "\n".join(summary + ["", *lines, "", *fps, ""])


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
    p.add_argument("--interactions", metavar="RUN_OR_PAGE", help="time every interaction of this page instead")
    p.add_argument("--loads", type=int, default=5, help="fresh loads per device and throttling (--interactions)")
    p.add_argument("--out", default="page_interactions", help="results file name under benchmarks/results/")
    if "--interactions" in sys.argv:
        for action in p._actions:
            if action.dest in ("data_dir", "eval_dir"):
                action.required = False
    opts = p.parse_args()
    if opts.interactions:
        page = Path(opts.interactions).resolve()
        page = page / "explorer.html" if page.is_dir() else page
        runs = measure_interactions(page, opts.loads)
        command = "python benchmarks/page.py " + " ".join(sys.argv[1:])
        text = interactions_report(page, runs, command)
        print(text)
        results = REPO / "benchmarks" / "results"
        results.mkdir(parents=True, exist_ok=True)
        (results / f"{opts.out}.md").write_text(text)
        (results / f"{opts.out}.json").write_text(json.dumps(runs, indent=1))
        return
    from skipgram_np import checkpoint
    times = {True: [], False: []}
    with tempfile.TemporaryDirectory() as tmp:
        run = Path(opts.run).resolve() if opts.run else None
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
