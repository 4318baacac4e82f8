"""Charts drawn on the server as SVG, from rows of (label, value) that the figure functions return.

No inline styles (the CSP forbids them): sizes and colours are SVG presentation attributes, and
the classes are styled in static/css/stats.css. Every chart is one image (`role="img"`) named by
its <title> and described by its <desc>; the page puts the same numbers in a table next to it, so
neither colour nor the picture carries anything the text does not.

A value may be a string (say "<5" from the small-count rule): it is printed, and no bar is drawn.
"""
from collections.abc import Callable, Sequence

from flask_babel import format_number, gettext as _
from markupsafe import Markup, escape

Value = int | float | str | None
Row = tuple[str, Value]

WIDTH = 320  # viewBox units; the SVG scales to its box, so at 360 px one unit is about one pixel
FONT = 14
LABEL_CHARS = 40  # what fits on one line of the viewBox at FONT; the table has the whole name
BAR_HEIGHT = 18
ROW_HEIGHT = FONT + BAR_HEIGHT + 12
VALUE_ROOM = 64  # room after the longest bar for its number
COLUMN_HEIGHT = 150
AXIS_ROOM = 22


def number(value: Value) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def shown(value: Value, fmt: Callable[[float], str] | None = None) -> str:
    if value is None:
        return "–"
    if number(value) is None:
        return str(value)
    return (fmt or format_number)(value)


def shorten(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[:limit - 1].rstrip() + "…"


def largest(rows: Sequence[Row]) -> float:
    values = [number(value) for _label, value in rows]
    return max([v for v in values if v is not None] + [0])


def frame(chart_id: str, title: str, summary: str, height: float, body: list[str], kind: str) -> Markup:
    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" id="{escape(chart_id)}" role="img" '
        f'viewBox="0 0 {WIDTH} {height:g}" width="{WIDTH}" height="{height:g}" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{escape(title_id)} {escape(desc_id)}" font-size="{FONT}">'
        f'<title id="{escape(title_id)}">{escape(title)}</title><desc id="{escape(desc_id)}">{escape(summary)}</desc>'
        + "".join(body) + "</svg>")


def bar_chart(rows: Sequence[Row], *, title: str, chart_id: str, summary: str | None = None,
              fmt: Callable[[float], str] | None = None) -> Markup:
    """Horizontal bars, one row each: the label on its own line, the bar below it, the number after
    the bar. Fits a phone however long the names are."""
    top = largest(rows) or 1
    room = WIDTH - VALUE_ROOM
    body = []
    for index, (label, value) in enumerate(rows):
        y = index * ROW_HEIGHT
        length = (number(value) or 0) / top * room
        body.append(
            f'<g class="chart-row"><text class="chart-label" x="0" y="{y + FONT}" fill="#1a1a1a">'
            f'{escape(shorten(label))}</text>'
            f'<rect class="chart-bar" x="0" y="{y + FONT + 4}" width="{length:.1f}" height="{BAR_HEIGHT}" '
            f'fill="#1d4f91"/>'
            f'<text class="chart-value" x="{length + 6:.1f}" y="{y + FONT + 4 + BAR_HEIGHT - 4}" fill="#1a1a1a">'
            f'{escape(shown(value, fmt))}</text></g>')
    height = max(len(rows), 1) * ROW_HEIGHT
    return frame(chart_id, title, summary or describe(rows, fmt), height, body, "bars")


def column_chart(rows: Sequence[Row], *, title: str, chart_id: str, axis_labels: Sequence[str] | None = None,
                 summary: str | None = None, fmt: Callable[[float], str] | None = None) -> Markup:
    """Columns side by side (months of a year), with the scale's top and zero on the left. Short
    `axis_labels` (1…12) go under the columns when the row labels are too long for the width."""
    biggest = largest(rows)
    top = biggest or 1
    left = 44
    slot = (WIDTH - left) / max(len(rows), 1)
    base = FONT + COLUMN_HEIGHT
    body = [f'<text class="chart-axis" x="{left - 6}" y="{FONT}" text-anchor="end" fill="#4a4a4a">'
            f'{escape(shown(biggest, fmt))}</text>',
            f'<text class="chart-axis" x="{left - 6}" y="{base}" text-anchor="end" fill="#4a4a4a">0</text>',
            f'<line class="chart-gridline" x1="{left}" y1="{FONT - 4}" x2="{WIDTH}" y2="{FONT - 4}" '
            f'stroke="#767676" stroke-dasharray="3 3"/>',
            f'<line class="chart-baseline" x1="{left}" y1="{base}" x2="{WIDTH}" y2="{base}" stroke="#1a1a1a"/>']
    for index, (label, value) in enumerate(rows):
        height = (number(value) or 0) / top * (COLUMN_HEIGHT - 4)
        x = left + index * slot
        under = axis_labels[index] if axis_labels else shorten(label, 4)
        body.append(
            f'<g class="chart-column"><rect class="chart-bar" x="{x + slot * .15:.1f}" y="{base - height:.1f}" '
            f'width="{slot * .7:.1f}" height="{height:.1f}" fill="#1d4f91"><title>{escape(label)}: '
            f'{escape(shown(value, fmt))}</title></rect>'
            f'<text class="chart-axis" x="{x + slot / 2:.1f}" y="{base + AXIS_ROOM - 4}" text-anchor="middle" '
            f'fill="#1a1a1a">{escape(under)}</text></g>')
    return frame(chart_id, title, summary or describe(rows, fmt), base + AXIS_ROOM, body, "columns")


def describe(rows: Sequence[Row], fmt: Callable[[float], str] | None = None) -> str:
    """One sentence for the chart's text summary: the largest row and the total (left out where a
    cell is hidden or missing, since the rest would not add up to it)."""
    counted = [(label, number(value)) for label, value in rows if number(value) is not None]
    if not counted or not any(value for _label, value in counted):
        return _("No figures for this period.")
    label, value = max(counted, key=lambda row: row[1])
    if len(counted) < len(rows):  # a hidden small count: the visible cells do not add up to the total
        return _("Largest: %(label)s, %(value)s.", label=label, value=shown(value, fmt))
    total = sum(value for _label, value in counted)
    return _("Largest: %(label)s, %(value)s. Total: %(total)s.", label=label, value=shown(value, fmt),
             total=shown(total, fmt))
