"""``python -m tui`` is the same CLI as ``archive-tui``."""

import sys

from tui.cli import main

sys.exit(main())
