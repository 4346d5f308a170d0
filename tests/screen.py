"""What the terminal would show: the current screen as cells, each a character
and its style, taken from the compositor's full frame (the frame that
``App.export_screenshot`` prints and the driver writes).

Tests assert on styles a person sees: backgrounds of rows, colours of
highlighted and dim text.  A cell's *effective* colours account for reverse
video, so a cursor drawn by ``reverse`` (the ANSI themes) counts as a
different background too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.color import Color
from rich.style import Style
from textual.app import App
from textual.geometry import Region
from textual.widget import Widget

# The stand-in for "the terminal's default colour" when comparing brightness.
_DEFAULT_FG = (224, 224, 224)
_DEFAULT_BG = (0, 0, 0)


def _paint(color: Color | None, role: str) -> Color | str:
    """A colour, or which of the terminal's default colours it stands for."""
    return f"default {role}" if color is None or color.is_default else color


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell: its character and its Rich style."""

    char: str
    style: Style

    @property
    def fg(self) -> Color | str:
        """The colour the text is drawn in (reverse video swaps)."""
        s = self.style
        return _paint(s.bgcolor, "background") if s.reverse else _paint(s.color, "foreground")

    @property
    def bg(self) -> Color | str:
        """The colour behind the text (reverse video swaps)."""
        s = self.style
        return _paint(s.color, "foreground") if s.reverse else _paint(s.bgcolor, "background")

    @property
    def look(self) -> tuple[object, ...]:
        """Everything that tells this cell's text apart from another's."""
        s = self.style
        return (self.fg, self.bg, bool(s.bold), bool(s.underline), bool(s.italic), bool(s.dim))


Grid = list[list[Cell]]


def screen_cells(app: App[Any]) -> Grid:
    """Every cell of the current screen, row by row."""
    strips = app.screen._compositor.render_strips()
    grid: Grid = []
    for strip in strips:
        row: list[Cell] = []
        for segment in strip:
            if segment.control:
                continue
            style = segment.style or Style()
            # Wide characters take two cells; the second repeats the style.
            for char in segment.text:
                row.append(Cell(char, style))
        grid.append(row)
    return grid


def region_rows(grid: Grid, region: Region) -> list[list[Cell]]:
    """The cells inside ``region`` (a widget's region on the screen)."""
    return [row[region.x : region.right] for row in grid[region.y : region.bottom]]


def widget_rows(app: App[Any], widget: Widget) -> list[list[Cell]]:
    """The cells of one widget's content (scrollbars excluded)."""
    return region_rows(screen_cells(app), widget.scrollable_content_region)


def text_of(row: list[Cell]) -> str:
    return "".join(cell.char for cell in row)


def row_background(row: list[Cell]) -> Color | str:
    """The background most cells of ``row`` have."""
    counts: dict[Color | str, int] = {}
    for cell in row:
        counts[cell.bg] = counts.get(cell.bg, 0) + 1
    return max(counts, key=counts.__getitem__)


def rgb(color: Color | str) -> tuple[int, int, int]:
    """A colour's RGB (the terminal's defaults stand in for default colours)."""
    if isinstance(color, str) or color.is_default:
        return _DEFAULT_FG if color == "default foreground" else _DEFAULT_BG
    triplet = color.get_truecolor()
    return (triplet.red, triplet.green, triplet.blue)


def luminance(rgb_value: tuple[int, int, int]) -> float:
    """Relative luminance (WCAG 2)."""

    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    r, g, b = map(channel, rgb_value)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(cell: Cell) -> float:
    """How far the text stands out from its background (WCAG contrast ratio;
    the dim attribute halves it, as terminals draw dim text at half intensity)."""
    fg = luminance(rgb(cell.fg))
    bg = luminance(rgb(cell.bg))
    ratio = (max(fg, bg) + 0.05) / (min(fg, bg) + 0.05)
    return 1 + (ratio - 1) / 2 if cell.style.dim else ratio
