"""The core imports no Textual: checked on each module's import graph in a fresh process."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tui"
UI = {"tui.app", "tui.__main__", "tui.bench.run", "tui.bench.__main__"}
# The benchmark's app measurements drive Textual apps; they are not core.
UI |= {"tui.bench.frames", "tui.bench.measure_app", "tui.bench.naive_app"}
CORE = sorted(
    name
    for path in PACKAGE.rglob("*.py")
    if not {"widgets", "screens"} & set(path.relative_to(PACKAGE).parts)
    and (name := ".".join(("tui", *path.relative_to(PACKAGE).with_suffix("").parts))) not in UI
    and not name.endswith("__init__")
)


def test_core_list_is_not_empty() -> None:
    assert {"tui.listing", "tui.corpus", "tui.engine", "tui.query", "tui.text", "tui.cli"} <= set(
        CORE
    )


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_textual(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "print([m for m in sys.modules if m == 'textual' or m.startswith('textual.')])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
