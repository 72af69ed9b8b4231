"""Export a proposal's decision summary from the command line.

    python -m report --proposal 12 --format docx -o beslutningsreferat.docx
    python -m report --proposal 12 --format pdf --language en -o decision-summary.pdf

The database is the app's (``DATABASE_URL``, else ``data/kernekompas.db``). Raters are
pseudonymised unless ``--names`` is given *and* the proposal shows rater names. Exit codes:
0 written, 1 the proposal cannot be exported (unknown, or not revealed yet), 2 wrong arguments,
3 the file could not be written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from assessment.kernel.errors import DomainError
from assessment.kernel.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator
from report.export import Format, export, start_chart_engine

EXIT_OK = 0
EXIT_REFUSED = 1
EXIT_USAGE = 2
EXIT_WRITE_FAILED = 3


def _both(say: Callable[[Translator], str]) -> str:
    """A message in Danish and in English: a command line has no language setting of its own."""
    return "\n".join(say(Translator(language)) for language in ("da", "en"))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m report",
        description="Eksportér et forslags beslutningsreferat / export a proposal's decision summary.",
    )
    parser.add_argument("--proposal", type=int, required=True, help="forslagets id / the proposal's id")
    parser.add_argument(
        "--format", choices=[f.value for f in Format], required=True, help="filformat / file format"
    )
    parser.add_argument(
        "--language", choices=LANGUAGES, default=DEFAULT_LANGUAGE, help="sprog / language (da)"
    )
    parser.add_argument(
        "--names",
        action="store_true",
        help="vis bedømmernes navne, hvis forslaget tillader det / show rater names if the proposal allows it",
    )
    parser.add_argument(
        "-o", "--output", type=Path, required=True, help="filen, der skrives / the file to write"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.format in (Format.DOCX, Format.PDF):
        start_chart_engine()  # starts while the database is read: charts are drawn offline, later
    from assessment.kernel.permissions import SYSTEM
    from storage.engine import database_url, make_engine
    from storage.repository import SqlUnitOfWork

    engine = make_engine(database_url())
    try:
        document = export(
            SqlUnitOfWork(engine),
            args.proposal,
            args.format,
            Translator(args.language),
            # A command on the server, run by whoever operates it: not a person's request.
            actor=SYSTEM,
            pseudonymise=not args.names,
        )
    except DomainError as error:  # unknown proposal, not revealed yet, weights that make no sense
        refusal = error
        print(_both(lambda _: _.message(refusal)), file=sys.stderr)
        return EXIT_REFUSED
    finally:
        engine.dispose()
    try:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_bytes(document.data)
    except OSError as error:
        print(_both(lambda _: _("The file {path} could not be written.", path=args.output)), file=sys.stderr)
        print(error.strerror or str(error), file=sys.stderr)
        return EXIT_WRITE_FAILED
    print(_both(lambda _: _("Written: {path}", path=args.output)))
    return EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
