"""Many tests fix "today" when their module is imported (``TODAY = clock.today()``) and
compare it with what the portal computes during the test. A run that crosses midnight in the
project's time zone compares two different days and fails for no fault of the code, so in CI
a run that would cross midnight waits for it to pass first."""

from __future__ import annotations

import time
from datetime import datetime, timedelta
from datetime import time as day_start

from portal.app import clock

#: Longer than a whole run of the suite on this project's CI machine (about 13 minutes).
LONGEST_RUN = timedelta(minutes=16)


def until_midnight() -> timedelta:
    now = clock.now()
    midnight = datetime.combine(now.date() + timedelta(days=1), day_start(), tzinfo=now.tzinfo)
    return midnight - now


def wait_if_midnight_is_near(longest: timedelta = LONGEST_RUN) -> float:
    """Sleep past the project's midnight when it comes within ``longest``; the seconds slept."""
    left = until_midnight()
    if left >= longest:
        return 0.0
    seconds = left.total_seconds() + 5
    print(f"Midnight in the project's time zone is {left} away: waiting for it to pass.")
    time.sleep(seconds)
    return seconds
