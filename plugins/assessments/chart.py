"""The self-vs-supervisor chart: its columns and each skill's drawing."""

from __future__ import annotations

from collections.abc import Mapping

from markupsafe import Markup, escape

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


#: The lines of the values 1 to 5, the same in every chart.
GRID = "".join(
    f'<line x1="30" x2="230" y1="{110 - (v - 1) * 24}" y2="{110 - (v - 1) * 24}" class="grid">'
    f'</line><text x="20" y="{114 - (v - 1) * 24}" class="axis">{v}</text>'
    for v in range(1, 6)
)


def skill_chart(s: SkillSeries, occasions: list[str], labels: Mapping[str, str]) -> Markup:
    """One skill's chart as SVG: the supervisor's answers (solid line, circles) and the young
    person's own (dashed, squares) at each of ``occasions``, with a description in words for
    screen readers. Drawn here rather than in the template: a chart is some 150 template
    operations per skill, and a client page shows one per skill. The texts are escaped here;
    the rest is numbers."""
    step = 180 // (len(occasions) - 1)
    said = "; ".join(
        f"{labels.get(o, o)}: {_('supervisor')} {s.supervisor.get(o, '–')}, "
        f"{_('self')} {s.client.get(o, '–')}"
        for o in occasions
    )
    marks = []
    for answers, shifted in ((s.supervisor, False), (s.client, True)):
        points = [
            (
                45 + occasions.index(o) * step + (6 if shifted else 0),
                110 - (int(answers[o]) - 1) * 24,
            )
            for o in occasions
            if o in answers
        ]
        if len(points) > 1:
            line = "".join(f"{x},{y} " for x, y in points)
            kind = "self" if shifted else "supervisor"
            marks.append(f'<polyline class="line-{kind}" points="{line}"></polyline>')
        for x, y in points:
            marks.append(
                f'<rect x="{x - 4}" y="{y - 4}" width="8" height="8" class="dot-self"></rect>'
                if shifted
                else f'<circle cx="{x}" cy="{y}" r="5" class="dot-supervisor"></circle>'
            )
    numbers = "".join(
        f'<text x="{45 + i * step}" y="127" class="axis" text-anchor="middle">{i + 1}</text>'
        for i in range(len(occasions))
    )
    key = escape(s.key)
    return Markup(  # noqa: S704 - the key and the description escaped, the rest numbers
        f'<svg viewBox="0 0 240 130" width="100%" role="img" '
        f'aria-labelledby="skill-{key} skill-{key}-desc"><desc id="skill-{key}-desc">'
        f"{escape(said)}</desc>{GRID}{''.join(marks)}{numbers}</svg>"
    )
