"""Dispatch ``python -m tui.bench {generate,run} ...`` to the right module.

``run`` is imported lazily so generating data never needs its (heavier)
dependencies, and so a checkout without it still generates fine.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Sequence

USAGE = "usage: python -m tui.bench generate N OUT [--seed S]\n       python -m tui.bench run ..."


def main(argv: Sequence[str] | None = None) -> int:
    """Route to a subcommand; exit code 2 on bad usage like argparse."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in ("generate", "run"):
        print(USAGE, file=sys.stderr)
        return 2
    command, rest = args[0], args[1:]
    if command == "generate":
        from tui.bench import generate

        return generate.main(rest)
    try:
        module = importlib.import_module("tui.bench.run")
    except ModuleNotFoundError as exc:
        if exc.name != "tui.bench.run":
            raise  # a real missing dependency inside run should surface
        print("error: tui.bench.run is not available", file=sys.stderr)
        return 2
    run_main: Callable[[list[str]], int | None] = module.main
    return run_main(rest) or 0


if __name__ == "__main__":
    raise SystemExit(main())
