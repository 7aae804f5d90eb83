"""Tasks for the worker-pool and cluster tests, one per behaviour a worker must survive.

A module of its own so that worker processes can import the task by name."""

from __future__ import annotations

import os
import time

from dxa.parser.errors import DamagedPDF


def work(payload: str) -> str:
    """Echo, typed failure, hard crash, hang."""
    if payload == "damaged":
        raise DamagedPDF()
    if payload == "crash":
        os._exit(3)
    if payload == "hang":
        time.sleep(120)
    return payload.upper()
