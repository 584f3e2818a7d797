"""The `gradschool` Typer app and the one way its commands fail: one line, an exit code."""
from __future__ import annotations

import sys
from typing import Any, NoReturn

import typer

app = typer.Typer(
    name="gradschool",
    help="Deep learning from first principles: run the labs and build their report.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)


def fail(message: Any, code: int = 2) -> NoReturn:
    """Print `error: message` as one line on stderr and exit with `code`."""
    line = " ".join(str(message).split())
    print(f"error: {line}", file=sys.stderr, flush=True)
    raise typer.Exit(code)
