"""Waiting in tests without measuring time: a test waits for the event it needs (a
condition polled until it holds) and a deadline only bounds a hang. On a 2-core machine
running something else besides, anything may take many times longer than on an idle
one, so no test asserts how long something took, and no test sleeps to show that
something did not happen.

    assert eventually(lambda: executor._idle.qsize() == 2)  # False only after HANG s
"""

from __future__ import annotations

import time
from typing import Callable

#: Seconds after which a wait is taken to hang: a bound, never a measurement.
HANG = 120.0
#: The time budget (``query_timeout``) of tests whose subject is not the budget: room for
#: a busy machine. Tests of the budget itself set a short one and a runaway query.
ROOMY_BUDGET = 60.0


def eventually(condition: Callable[[], bool], within: float = HANG) -> bool:
    """Whether ``condition`` holds before ``within`` seconds pass (polled every 20 ms)."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True
