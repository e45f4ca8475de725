"""Resuming a run: what may change (RESUME_OPTIONS), what must not (every other flag, the text), and
where its data was. ``python -m skipgram_np.train --resume RUN`` (train.py) calls ``resume_run``.
"""
from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from . import checkpoint, plaintext, runs
from .checkpoint import CheckpointError
from .config import PRESETS, Config, default_checkpoints


def text_files_or_exit(paths, parser) -> list:
    """plaintext.text_files, or the one line of what is wrong with them (exit code 2)."""
    try:
        return plaintext.text_files(paths)
    except plaintext.TextError as exc:
        parser.error(str(exc))


def given_options(argv, build_parser) -> set[str]:
    """The destinations of the options typed on the command line (not left at their defaults):
    parsed again (``build_parser()``: the command's parser, made afresh) with a marker for every
    default, the marker shows what was not typed."""
    unset = object()
    clone = build_parser()
    for action in clone._actions:
        action.default = None if isinstance(action, argparse._AppendAction) else unset
    return {k for k, v in vars(clone.parse_args(argv)).items() if v is not unset and v is not None}


# Options that may accompany --resume: where the data is, how to run, what to print.
RESUME_OPTIONS = {"resume", "epochs", "threads", "data_dir", "cache_dir", "mirror", "no_progress",
                  "no_figures", "no_page", "eval_dir", "eval_mirror", "no_eval", "control", "no_control", "text"}
# Flags whose Config field has another name or the opposite sense.
FLAG_FIELDS = {"per_pair_negatives": "shared_negatives", "no_cross_lines": "cross_lines"}


def resume_config(args, parser, given: set, run_dir: Path, saved: Config, info: dict | None,
                  done: int, asked: Config) -> Config:
    """The configuration to resume with: the saved one, extended to --epochs; every other flag
    (``given``: given_options) that disagrees with the saved run is refused, all in one line."""
    conflicts = []
    for dest in sorted(given - RESUME_OPTIONS):
        flag = "--" + dest.replace("_", "-")
        if dest == "out":
            if Path(args.out).resolve() != run_dir.resolve():
                conflicts.append(f"{flag} {args.out} (the run is in {run_dir})")
        elif dest in ("json_words", "word2vec", "projector", "overwrite"):
            if dest == "overwrite" or info is None or info["outputs"].get(dest) != getattr(args, dest):
                conflicts.append(f"{flag} (not with --resume)")
        elif dest == "preset":
            fields = [k for k in PRESETS[args.preset] if getattr(asked, k) != getattr(saved, k)]
            if fields:
                conflicts.append(f"{flag} {args.preset} (the run has "
                                 + ", ".join(f"{k} {getattr(saved, k)}" for k in fields) + ")")
        else:
            field = FLAG_FIELDS.get(dest, dest)
            if getattr(asked, field) != getattr(saved, field):
                value = getattr(args, dest)
                conflicts.append(f"{flag}{'' if isinstance(value, bool) else f' {value}'} "
                                 f"(the run has {field} {getattr(saved, field)})")
    if conflicts:
        parser.error(f"cannot resume {run_dir} with {'; '.join(conflicts)}: drop them, or start "
                     f"a new run with --out")
    epochs = args.epochs if "epochs" in given else saved.epochs
    if epochs < done:
        parser.error(f"{run_dir} has already trained {done} epochs; --epochs must be at least {done}")
    if epochs != saved.epochs and saved.decays:
        parser.error(f"{run_dir} decays its learning rate linearly over its {saved.epochs} epochs; "
                     f"it cannot run to {epochs} without restarting that schedule. Start a new run "
                     f"with --epochs {epochs}")
    checkpoints = saved.checkpoints
    if epochs != saved.epochs:
        planned = default_checkpoints(epochs) if saved.checkpoints is None else saved.checkpoints
        checkpoints = tuple(sorted(set(checkpoint.saved_epochs(run_dir))
                                   | {e for e in planned if e > done}))
    return dataclasses.replace(saved, epochs=epochs, checkpoints=checkpoints,
                               threads=args.threads if "threads" in given else saved.threads)


def resume_run(args, parser, given: set, configure):
    """--resume RUN: its state and run.json, its data where it found it (its text, checked unchanged),
    and the configuration to go on with (resume_config; ``configure(args, parser)``: the Config the
    flags ask for), said in one line; usage errors end in one line through ``parser``.
    -> (run_dir, state, run.json's info, Config, whether a control trains)."""
    run_dir = Path(args.resume)
    try:
        runs.check_busy(run_dir)                     # a run training there now: said at once
        info = runs.read_info(run_dir)
        resume = checkpoint.load(checkpoint.state_path(run_dir))
    except (CheckpointError, runs.RunError) as exc:
        parser.error(f"cannot resume: {exc}")
    sources = (info or {}).get("sources", {})
    if not args.text and sources.get("text"):
        args.text = list(sources["text"])
    if resume.config.dataset.startswith(plaintext.PREFIX):
        if not args.text:
            parser.error(f"cannot resume {run_dir}: it was trained on a text its run.json does not name; "
                         f"give the same files with --text")
        files = text_files_or_exit(args.text, parser)
        if plaintext.dataset_name(plaintext.digest(files)) != resume.config.dataset:
            parser.error(f"cannot resume {run_dir}: its text changed since it was trained ({', '.join(args.text)} "
                         f"no longer give the text {resume.config.dataset}): start a new run with --text")
        args.text = files
    for dest in ("data_dir", "cache_dir", "eval_dir"):   # the data as the run found it
        if getattr(args, dest) is None and sources.get(dest):
            setattr(args, dest, sources[dest])
    for dest in ("mirror", "eval_mirror"):
        if not getattr(args, dest) and sources.get(dest):
            setattr(args, dest, list(sources[dest]))
    if sources.get("no_eval") and not {"eval_dir", "eval_mirror"} & given:
        args.no_eval = True                          # unscored it began, unscored it goes on
    cfg = resume_config(args, parser, given, run_dir, resume.config, info, resume.epoch, configure(args, parser))
    had_control = bool((info or {}).get("outputs", {}).get("control"))
    if args.no_control and had_control:
        parser.error(f"{run_dir} trains a control beside it; it goes on with it (drop --no-control)")
    with_control = had_control or args.control
    if resume.epoch >= cfg.epochs and with_control and not had_control:
        print(f"{run_dir} already finished its {cfg.epochs} epochs: training its control now (the same "
              f"settings on the same words shuffled)")
    elif resume.epoch >= cfg.epochs:
        more = "" if cfg.decays else f"; --epochs N (more than {cfg.epochs}) extends it"
        print(f"{run_dir} already finished its {cfg.epochs} epochs: nothing to train (any missing "
              f"exports are written and the figures redrawn){more}.")
    else:
        print(f"resuming {run_dir} after epoch {resume.epoch} of {cfg.epochs}"
              + (" (and adding its control)" if with_control and not had_control else ""))
    return run_dir, resume, info, cfg, with_control
