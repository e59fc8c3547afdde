"""Bar charts laid out at build time, for inline SVG templates (``theme/innopub/charts/bars.html``).

Python does the geometry (scales, bar rectangles, where each number and label goes, wrapped labels);
the template only prints it. Why not a charting library: pygal, the one that writes SVG from Python,
puts an inline ``<script>`` and a script from another host (kozea.github.io) into every chart — both
blocked by the site's Content-Security-Policy (``default-src 'self'``) — writes a random id and the
build's date into each file (the site's builds are byte-identical), hard-codes colours and fonts in an
inline ``<style>`` (the low-vision colour schemes and print could not restyle it), gives the SVG no
``role="img"`` and knows no fill patterns. Two chart kinds with labels printed on the bars are a
hundred lines here.

Every chart carries its text alternative (``title``, ``desc``: every number, in Russian) and a
:class:`Table` with the same numbers; colour is never alone: each series also has its own pattern,
named in the legend, and every bar has its number beside it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

FONT = 14
"""Text size in the SVG's units (a chart is drawn at its width in CSS pixels, and shrinks with the column)."""
LINE = 18
CHAR = 0.62 * FONT
"""A generous estimate of a letter's width in a sans-serif font: a label wrapped early is harmless, one cut off is not."""
PAD = 8
PATTERNS = ("solid", "hatch", "dots", "cross")
"""One per series, in order: series are told apart without colour, also in print and in the low-vision version."""
HBAR_WIDTH = 480
"""Drawn at its own width in CSS pixels, never wider: its text is 14 px on a screen, about 10 px on a phone
(the table holds the same numbers)."""
BAR = 16
"""The thickness of a horizontal bar."""
COLUMN = 22
"""The width of a column: room for a two-digit number above it (a three-digit one may touch its neighbour's)."""
PLOT_HEIGHT = 180
MAX_COLUMNS = 6
"""More groups than this (years) are drawn as horizontal bars: columns would shrink their labels below reading size."""
MAX_LABEL_LINES = 3


@dataclass(frozen=True)
class Series:
    index: int
    name: str
    style: int
    """Its colour (``innopub-chart__s<style>`` in innopub.css) and pattern: a chart may give a meaning its
    colour across charts (received reports in green, overdue ones in orange)."""

    @property
    def pattern(self) -> str:
        return PATTERNS[self.style % len(PATTERNS)]


@dataclass(frozen=True)
class Bar:
    series: Series
    category: str
    value: int
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    """The baseline of the bar's number."""
    anchor: str
    """``start`` (after a horizontal bar) or ``middle`` (above a column)."""


@dataclass(frozen=True)
class Label:
    lines: tuple[str, ...]
    x: float
    y: float
    """The baseline of the first line."""
    anchor: str


@dataclass(frozen=True)
class Swatch:
    """A legend item: a sample of the series' colour and pattern, then its name."""

    series: Series
    x: float
    y: float
    size: float


@dataclass(frozen=True)
class Table:
    """The chart's numbers as an HTML table: a row per category, a column per series."""

    caption: str
    corner: str
    """The header of the categories' column: «Статус», «Учебный год»."""
    columns: tuple[str, ...]
    rows: tuple[tuple[str, tuple[int, ...]], ...]


@dataclass(frozen=True)
class Chart:
    id: str
    """Unique on its page: the prefix of the ids of its title, description and patterns."""
    kind: str
    """``hbars`` or ``columns``."""
    title: str
    desc: str
    width: float
    height: float
    series: tuple[Series, ...]
    bars: tuple[Bar, ...]
    labels: tuple[Label, ...]
    legend: tuple[Swatch, ...]
    axes: tuple[tuple[float, float, float, float], ...]
    """The lines the bars start from, (x1, y1, x2, y2) each: one under the columns, one beside each group of bars."""
    table: Table
    font: int = FONT
    line: int = LINE

    @property
    def patterned(self) -> tuple[Series, ...]:
        """The series drawn with a pattern over their colour (the first is solid)."""
        return tuple(s for s in self.series if s.pattern != "solid")


def wrap(text: str, width: float) -> tuple[str, ...]:
    """``text`` in lines that fit ``width`` units; at most :data:`MAX_LABEL_LINES`, the last one cut with «…»."""
    chars = max(8, int(width / CHAR))
    lines = textwrap.wrap(" ".join(text.split()), chars, break_long_words=True, break_on_hyphens=False) or [""]
    if len(lines) > MAX_LABEL_LINES:
        last = lines[MAX_LABEL_LINES - 1]
        lines = [*lines[: MAX_LABEL_LINES - 1], (last[: chars - 1] if len(last) >= chars else last) + "…"]
    return tuple(lines)


def describe(title: str, categories: Sequence[str], series: Sequence[Series], values: Sequence[Sequence[int]]) -> str:
    """The text alternative: the title, then every number (``МИП: действуют — 2, завершены — 1``)."""
    if not categories:
        return f"{title}: нет данных."
    parts = []
    for category, row in zip(categories, values, strict=True):
        if len(series) == 1:
            parts.append(f"{category} — {row[0]}")
        else:
            parts.append(f"{category}: " + ", ".join(f"{s.name} — {v}" for s, v in zip(series, row, strict=True)))
    return f"{title}. " + "; ".join(parts) + "."


def _legend(series: Sequence[Series], width: float, top: float) -> tuple[tuple[Swatch, ...], float]:
    """The legend's items wrapped into rows across ``width``; (items, the y below it). None for one series."""
    if len(series) < 2:
        return (), top
    items, x, y = [], PAD, top
    for s in series:
        size = FONT + 2
        room = size + 6 + len(s.name) * CHAR + 18
        if x > PAD and x + room > width - PAD:
            x, y = PAD, y + LINE + 6
        items.append(Swatch(s, x, y, size))
        x += room
    return tuple(items), y + LINE + 10


def _checked(
    categories: Sequence[str], series_names: Sequence[str], values: Sequence[Sequence[int]], styles: Sequence[int] | None
) -> tuple[Series, ...]:
    if len(values) != len(categories) or any(len(row) != len(series_names) for row in values):
        raise ValueError("a row of values per category, a value per series")
    if any(v < 0 for row in values for v in row):
        raise ValueError("bar charts of counts: no negative values")
    styles = list(styles) if styles is not None else list(range(len(series_names)))
    if len(styles) != len(series_names) or len(set(styles)) != len(styles):
        raise ValueError("a different style per series")
    return tuple(Series(i, name, style) for i, (name, style) in enumerate(zip(series_names, styles, strict=True)))


def hbars(
    id: str,
    title: str,
    categories: Sequence[str],
    series_names: Sequence[str],
    values: Sequence[Sequence[int]],
    corner: str,
    caption: str | None = None,
    styles: Sequence[int] | None = None,
) -> Chart:
    """Horizontal bars: a category's label on its own lines (long names wrap), then a bar per series, its number after it."""
    series = _checked(categories, series_names, values, styles)
    legend, y = _legend(series, HBAR_WIDTH, PAD)
    peak = max((v for row in values for v in row), default=0) or 1
    room = HBAR_WIDTH - 2 * PAD - (len(str(peak)) * CHAR + 10)
    labels, bars, axes = [], [], []
    for category, row in zip(categories, values, strict=True):
        lines = wrap(category, HBAR_WIDTH - 2 * PAD)
        labels.append(Label(lines, PAD, y + FONT, "start"))
        y += len(lines) * LINE + 4
        axes.append((PAD, y - 2, PAD, y + len(series) * (BAR + 3) - 1))
        for s, value in zip(series, row, strict=True):
            w = value / peak * room
            bars.append(Bar(s, category, value, PAD, y, w, BAR, PAD + w + 5, y + BAR / 2 + FONT * 0.35, "start"))
            y += BAR + 3
        y += 12
    bottom = y - 12 if categories else y
    return Chart(
        id,
        "hbars",
        title,
        describe(title, categories, series, values),
        HBAR_WIDTH,
        bottom + PAD,
        series,
        tuple(bars),
        tuple(labels),
        legend,
        tuple(axes),
        Table(caption or title, corner, tuple(series_names), tuple((c, tuple(r)) for c, r in zip(categories, values, strict=True))),
    )


def columns(
    id: str,
    title: str,
    categories: Sequence[str],
    series_names: Sequence[str],
    values: Sequence[Sequence[int]],
    corner: str,
    caption: str | None = None,
    styles: Sequence[int] | None = None,
) -> Chart:
    """Grouped columns, a group per category (an academic year), each column's number above it; more than
    :data:`MAX_COLUMNS` groups are drawn as :func:`hbars`."""
    if len(categories) > MAX_COLUMNS:
        return hbars(id, title, categories, series_names, values, corner, caption, styles)
    series = _checked(categories, series_names, values, styles)
    n = len(series)
    longest = max((len(c) for c in categories), default=0)
    group = max(n * COLUMN + (n - 1) * 3 + 16, longest * CHAR + 16)
    width = max(2 * PAD + len(categories) * group, 320)
    group = (width - 2 * PAD) / max(len(categories), 1)
    legend, top = _legend(series, width, PAD)
    peak = max((v for row in values for v in row), default=0) or 1
    base = top + LINE + PLOT_HEIGHT
    bars, labels = [], []
    for i, (category, row) in enumerate(zip(categories, values, strict=True)):
        left = PAD + i * group + (group - (n * COLUMN + (n - 1) * 3)) / 2
        for j, (s, value) in enumerate(zip(series, row, strict=True)):
            h = value / peak * PLOT_HEIGHT
            x = left + j * (COLUMN + 3)
            bars.append(Bar(s, category, value, x, base - h, COLUMN, h, x + COLUMN / 2, base - h - 5, "middle"))
        labels.append(Label((category,), PAD + i * group + group / 2, base + LINE + 2, "middle"))
    return Chart(
        id,
        "columns",
        title,
        describe(title, categories, series, values),
        width,
        base + LINE + 2 + PAD + 4,
        series,
        tuple(bars),
        tuple(labels),
        legend,
        ((PAD, base, width - PAD, base),),
        Table(caption or title, corner, tuple(series_names), tuple((c, tuple(r)) for c, r in zip(categories, values, strict=True))),
    )
