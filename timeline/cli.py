"""Command line: ``python build.py [options] [command]``.

A thin layer over the library: each command parses its options, calls one function,
prints a report and returns an exit code.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .articles import default_jobs
from .pipeline import BuildConfig, build
from .progress import Progress
from .registry import default_lock_path
from .safety import output_folder_problem

DESCRIPTION = """Turn a folder of news articles into a static, linkable timeline site.

With no command, builds the site: reads every article in --seeds, finds and resolves
its date expressions, turns dated statements into events and writes the site to --out.

example:
  python build.py --seeds seeds/ --out output/ --base-url https://user.github.io/repo/
"""


class _Refused(Exception):
    pass


class _QuietParser(argparse.ArgumentParser):
    """Raises rather than printing and exiting, so the whole parser can say it instead."""

    def error(self, message: str):
        raise _Refused(message)


def _parser() -> argparse.ArgumentParser:
    parser = _options(argparse.ArgumentParser(
        prog="build.py", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    ))
    commands = parser.add_subparsers(title="commands", metavar="COMMAND")
    _register_commands(commands)
    _register_serve(commands)
    return parser


def _parse(argv: list[str] | None) -> argparse.Namespace:
    """The arguments, parsed as by ``_parser()``. A plain build, with options only, is
    parsed without importing the other commands' modules, which its rebuilds would spend
    a tenth of their time on; anything else (a command, help, a mistake) goes to the
    whole parser."""
    try:
        args, rest = _options(_QuietParser(prog="build.py", add_help=False)).parse_known_args(argv)
    except _Refused:
        rest = ["?"]
    return args if not rest else _parser().parse_args(argv)


def _options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--seeds", type=Path, default=Path("seeds"), help="folder of articles (.txt, .md) to read (default: seeds/)")
    parser.add_argument("--out", type=Path, default=Path("output"), help="folder to write the site to (default: output/)")
    parser.add_argument("--base-url", default=None, help="absolute URL the site is published at, for canonical links, the feed and the sitemap")
    parser.add_argument("--no-cache", action="store_true", help="ignore the per-article cache and process every article again")
    parser.add_argument("--strict", action="store_true", help="exit with 1 when any article has a problem (after building and reporting them all)")
    parser.add_argument("--jobs", "-j", type=int, default=None, metavar="N", help=f"processes for reading and tagging articles and rendering pages (default: one per core, here {default_jobs()})")
    parser.add_argument("--lock", type=Path, default=None, metavar="FILE", help="event identity file that keeps event URLs stable; commit it (default: timeline.lock beside the seeds folder)")
    parser.add_argument("--no-lock", action="store_true", help="neither read nor update the event identity file")
    parser.add_argument("-q", "--quiet", action="store_true", help="print only warnings and the summary line")
    parser.set_defaults(func=run_build)
    return parser


def _register_commands(commands: argparse._SubParsersAction) -> None:
    from . import tagcli, timeline_eval

    build_cmd = commands.add_parser(
        "build", help="build the site (the default when no command is given)",
        description="Build the site from the articles in --seeds into --out.\n\nexample:\n  python build.py build",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    build_cmd.set_defaults(func=run_build)
    tagcli.register(commands)
    timeline_eval.register(commands)


def _register_serve(commands: argparse._SubParsersAction) -> None:
    from . import serve

    serve.register(commands)


def build_config(args: argparse.Namespace) -> BuildConfig:
    lock = None if args.no_lock else (args.lock or default_lock_path(args.seeds))
    if args.jobs is not None and args.jobs < 1:
        raise SystemExit("error: --jobs must be at least 1")
    # Checked here so every command that writes the site (build, serve) refuses alike.
    if refused := output_folder_problem(args.out, args.seeds):
        print(f"error: {refused}; choose another folder with --out", file=sys.stderr)
        raise SystemExit(2)
    return BuildConfig(
        seeds=args.seeds, out=args.out, base_url=args.base_url, use_cache=not args.no_cache, lock=lock, jobs=args.jobs
    )


def run_build(args: argparse.Namespace) -> int:
    config = build_config(args)
    if not config.seeds.is_dir():
        print(f"error: seeds folder {config.seeds} does not exist", file=sys.stderr)
        return 2
    progress = Progress() if args.quiet else Progress.to_stderr()
    keep = getattr(args, "keep", None)  # set by ``main``
    result = build(config, progress, keep)
    if keep is not None:
        keep.append(result)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    warnings = sum(1 for p in result.problems if p.severity != "note")
    print(
        f"built {config.out}: {len(result.articles)} articles, {len(result.events)} events, "
        f"{warnings} warnings; {len(result.written.written)} files written, "
        f"{len(result.written.removed)} removed"
    )
    if not args.quiet:
        print(progress.summary(), file=sys.stderr)
    # Notes (an image in the seeds folder) are not problems with an article.
    return 1 if getattr(args, "strict", False) and warnings else 0


def main(argv: list[str] | None = None, keep: list | None = None) -> int:
    """Run the command ``argv`` gives; ``keep``, when given, holds what a build made until
    the caller leaves (``pipeline.build``)."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    args = _parse(argv)
    args.keep = keep
    try:
        return args.func(args)
    except BrokenPipeError:
        # The reader stopped early (``| head``): not a fault worth a traceback. Standard
        # output goes to the null device so that the flush on the way out cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
