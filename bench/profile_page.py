"""Where one screen's rerun spends its time: cProfile of the script thread AppTest starts.

python -m bench.profile_page screens/overview.py --size large
python -m bench.profile_page screens/compare.py --size large --backend postgres --keep
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import threading
from collections.abc import Sequence

from bench.databases import SIZES, database
from bench.pages import SCREENS, _open, _run, _targets
from bench.timing import quiet_streamlit
from ui.identity import LOCAL_MODE_ENV


def profile_rerun(app: object, runs: int) -> pstats.Stats:
    """Profile ``runs`` reruns; the script runs in a thread of its own, so profile that thread."""
    profile = cProfile.Profile()

    def start(*_: object) -> None:
        threading.setprofile(None)
        profile.enable()

    for _ in range(runs):
        threading.setprofile(start)
        try:
            _run(app)
        finally:
            threading.setprofile(None)
    profile.disable()
    return pstats.Stats(profile)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile_page")
    parser.add_argument("screen", help="a screen's name from bench.pages, or its path")
    parser.add_argument("--size", choices=list(SIZES), default="large")
    parser.add_argument("--backend", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--lines", type=int, default=40)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)
    quiet_streamlit()
    os.environ[LOCAL_MODE_ENV] = "1"  # as bench.pages: local mode's set-up entry, or a rater
    screen = next(s for s in SCREENS if args.screen in (s.name, s.path))
    with database(args.backend, args.size, keep=args.keep) as url:
        target = _targets(url)[screen.name]
        os.environ["DATABASE_URL"] = url
        app = _open(screen, target)
        _run(app)
        stats = profile_rerun(app, args.runs)
    stats.sort_stats(args.sort).print_stats(args.lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
