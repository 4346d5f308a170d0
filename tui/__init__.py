"""Archive TUI: a keyboard-driven terminal browser for article archives."""

__version__ = "0.1.0"
