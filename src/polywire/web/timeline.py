"""A story's articles over time, one lane per language, as an SVG chart.

Drawn on the server so the chart needs no script and no chart library; written here, not
in a template, as a list page draws hundreds of dots and a template escaping each of
their attributes cost most of the page's time. Every text in it is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from markupsafe import Markup, escape

from polywire.model import ArticleRow


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    lang: str
    article_id: int
    label: str
    kind: str
    """``published``; ``first-seen`` for an undated article placed when it was first seen;
    ``event`` for an article's event day."""


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    lanes: list[tuple[str, float]]
    """Each language and the height of its lane."""
    dots: list[Dot]
    events: list[Dot]
    """Each article's event day, where its year is known, drawn apart from its time."""
    ticks: list[tuple[float, str]]
    """Positions and labels of the time axis: the first and the last moment."""


def timeline(
    rows: list[ArticleRow], width: int = 640, lane: int = 24, margin: int = 48
) -> Timeline:
    """Place each article by its time (x) in its language's lane (y): its publication time, or
    for an undated article the time it was first seen, drawn differently; and its event day
    apart, on the same axis."""
    langs = sorted({row.lang for row in rows})
    lane_y = {lang: lane * (i + 0.5) for i, lang in enumerate(langs)}
    times = [row.dated[1] for row in rows]
    days = [_event_moment(row) for row in rows]
    moments = times + [day for day in days if day is not None]
    start, end = (min(moments), max(moments)) if moments else (datetime.min, datetime.min)
    span = max(end - start, timedelta(minutes=1))
    usable = width - 2 * margin

    def x(moment: datetime) -> float:
        return round(margin + usable * ((moment - start) / span), 1)

    dots = [
        Dot(
            x(moment),
            lane_y[row.lang],
            row.lang,
            row.id,
            f"{row.lang} · {row.date_label}",
            "published" if row.published_at else "first-seen",
        )
        for row, moment in zip(rows, times, strict=True)
    ]
    events = [
        Dot(
            x(day),
            lane_y[row.lang],
            row.lang,
            row.id,
            f"{row.lang} · event {row.event.day}",
            "event",
        )
        for row, day in zip(rows, days, strict=True)
        if day is not None
    ]
    ticks = [(x(start), f"{start:%Y-%m-%d %H:%M}")]
    if end != start:
        ticks.append((x(end), f"{end:%Y-%m-%d %H:%M}"))
    return Timeline(width, lane * len(langs) + 20, list(lane_y.items()), dots, events, ticks)


def _event_moment(row: ArticleRow) -> datetime | None:
    """The start of the article's event day (UTC), when its year is known."""
    day = row.event.full_date
    return datetime.combine(day, time.min, UTC) if day else None


def chart(rows: list[ArticleRow], width: int = 640, lane: int = 24, link: bool = True) -> Markup:
    """The timeline as SVG; with ``link``, each dot links to its article."""
    t = timeline(rows, width, lane)
    svg = [
        f'<svg class="timeline" viewBox="0 0 {t.width} {t.height}" width="{t.width}" '
        f'height="{t.height}" role="img" aria-label="Articles over time by language">'
    ]
    for lang, y in t.lanes:
        svg.append(f'<line class="lane" x1="40" x2="{t.width - 8}" y1="{y}" y2="{y}"></line>')
        svg.append(f'<text class="lane-label" x="4" y="{y + 4}">{escape(lang)}</text>')
    radius = 5 if lane > 12 else 3
    for dot in t.dots:
        circle = (
            f'<circle class="dot {dot.kind} lang-{escape(dot.lang)}" cx="{dot.x}" cy="{dot.y}" '
            f'r="{radius}"><title>{escape(dot.label)}</title></circle>'
        )
        svg.append(f'<a href="/articles/{dot.article_id}">{circle}</a>' if link else circle)
    for e in t.events:
        svg.append(
            f'<rect class="event lang-{escape(e.lang)}" x="{e.x - 3}" y="{e.y - 3}" width="6" '
            f'height="6" transform="rotate(45 {e.x} {e.y})"><title>{escape(e.label)}</title></rect>'
        )
    for i, (x, label) in enumerate(t.ticks):
        anchor = "start" if i == 0 else "end"
        svg.append(
            f'<text class="tick" x="{x}" y="{t.height - 4}" text-anchor="{anchor}">'
            f"{escape(label)}</text>"
        )
    return Markup("".join(svg) + "</svg>")
