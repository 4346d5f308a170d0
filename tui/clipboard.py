"""Copy to the system clipboard without ever freezing or crashing. No Textual.

pyperclip shells out to xclip/xsel/wl-copy/pbcopy; on a machine without one it
raises ``PyperclipException``, and a wedged clipboard tool can hang.  The copy
runs in a daemon thread with a deadline, and every outcome is a short message.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

COPY_TIMEOUT = 2.0


@dataclass(frozen=True, slots=True)
class CopyOutcome:
    """Whether the system clipboard took the text, and if not, why."""

    ok: bool
    reason: str = ""


def system_copy(text: str, timeout: float | None = None) -> CopyOutcome:
    """Copy ``text`` with pyperclip, giving up after ``timeout`` seconds
    (default :data:`COPY_TIMEOUT`, read at call time so tests can lower it)."""
    if timeout is None:
        timeout = COPY_TIMEOUT
    box: list[CopyOutcome] = []

    def attempt() -> None:
        try:
            import pyperclip

            pyperclip.copy(text)
        except Exception as error:
            name = type(error).__name__
            detail = str(error).strip().split(". ")[0].splitlines()
            box.append(CopyOutcome(False, f"{name}: {detail[0]}"[:120] if detail else name))
        else:
            box.append(CopyOutcome(True))

    thread = threading.Thread(target=attempt, name="clipboard-copy", daemon=True)
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        return CopyOutcome(False, f"system clipboard did not answer within {timeout:g} s")
    return box[0] if box else CopyOutcome(False, "system clipboard failed")
