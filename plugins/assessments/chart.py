"""The self-vs-supervisor chart: its columns and each skill's drawing."""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup

from plugins.assessments.i18n import _
from plugins.assessments.services import SkillSeries

#: The chart's columns in time order; the first four always, the others when answered.
CHART_OCCASIONS = ("intake", "placement_start", "midway", "checkpoint", "placement_end", "extra")
ALWAYS_CHARTED = ("intake", "placement_start", "midway", "placement_end")


def chart_occasions(series: list[SkillSeries]) -> list[str]:
    """The occasions the chart shows: the scheduled ones, and a Check Point's or one asked for
    by hand when any skill has an answer there (an unknown occasion is charted last)."""
    answered = {o for s in series for o in (*s.supervisor, *s.client)}
    shown = [o for o in CHART_OCCASIONS if o in ALWAYS_CHARTED or o in answered]
    return shown + sorted(answered - set(CHART_OCCASIONS))


def _grid() -> Markup:
    line = Markup(
        '<line x1="30" x2="230" y1="{y}" y2="{y}" class="grid"></line>'
        '<text x="20" y="{text_y}" class="axis">{v}</text>'
    )
    return Markup("").join(
        line.format(y=110 - (v - 1) * 24, text_y=114 - (v - 1) * 24, v=v) for v in range(1, 6)
    )


#: The lines of the values 1 to 5, the same in every chart.
GRID = _grid()


def skill_chart(s: SkillSeries, occasions: list[str], labels: Mapping[str, str]) -> Markup:
    """One skill's chart as SVG: the supervisor's answers (solid line, circles) and the young
    person's own (dashed, squares) at each of ``occasions``, with a description in words for
    screen readers. Drawn here rather than in the template: a chart is some 150 template
    operations per skill, and a client page shows one per skill."""
    step = 180 // (len(occasions) - 1)
    said = [
        f"{labels.get(o, o)}: {_('supervisor')} {s.supervisor.get(o, '–')}, "
        f"{_('self')} {s.client.get(o, '–')}"
        for o in occasions
    ]
    marks = []
    for answers, shifted in ((s.supervisor, False), (s.client, True)):
        points = [
            (45 + occasions.index(o) * step + (6 if shifted else 0), 110 - (answers[o] - 1) * 24)
            for o in occasions
            if o in answers
        ]
        if len(points) > 1:
            line = Markup('<polyline class="line-{}" points="{}"></polyline>')
            marks.append(line.format("self" if shifted else "supervisor", _points(points)))
        dot = _SQUARE if shifted else _CIRCLE
        marks.extend(dot.format(x=x, y=y, x4=x - 4, y4=y - 4) for x, y in points)
    axis = Markup('<text x="{}" y="127" class="axis" text-anchor="middle">{}</text>')
    numbers = [axis.format(45 + i * step, i + 1) for i in range(len(occasions))]
    return Markup(
        '<svg viewBox="0 0 240 130" width="100%" role="img" '
        'aria-labelledby="skill-{key} skill-{key}-desc"><desc id="skill-{key}-desc">{desc}</desc>'
        "{grid}{marks}{numbers}</svg>"
    ).format(
        key=s.key,
        desc="; ".join(said),
        grid=GRID,
        marks=Markup("").join(marks),
        numbers=Markup("").join(numbers),
    )


_CIRCLE = Markup('<circle cx="{x}" cy="{y}" r="5" class="dot-supervisor"></circle>')
_SQUARE = Markup('<rect x="{x4}" y="{y4}" width="8" height="8" class="dot-self"></rect>')


def _points(points: list[tuple[int, int]]) -> str:
    return "".join(f"{x},{y} " for x, y in points)
