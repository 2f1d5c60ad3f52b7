"""The columns of the self-vs-supervisor chart."""

from __future__ import annotations

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
