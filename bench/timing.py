"""Small helpers the benchmark scripts share: timing samples, medians, table cells, quiet Streamlit."""

from __future__ import annotations

import logging
import os
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    """One measurement: wall-clock and this process's CPU time, in seconds."""

    wall: float
    cpu: float


def measure(action: Callable[[], object]) -> Sample:
    wall, cpu = time.perf_counter(), time.process_time()
    action()
    return Sample(time.perf_counter() - wall, time.process_time() - cpu)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f}"


def spread(values: Sequence[float]) -> str:
    """Median and the range around it, in ms: "120 (95–180)"."""
    return f"{ms(median(values))} ({ms(min(values))}–{ms(max(values))})"


def quiet_streamlit() -> None:
    """AppTest outside ``streamlit run`` warns about a missing ScriptRunContext on every call."""
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    for name in ("streamlit", "streamlit.runtime.scriptrunner_utils.script_run_context"):
        logging.getLogger(name).setLevel(logging.ERROR)
    try:
        from streamlit.logger import set_log_level

        set_log_level("error")
    except ImportError:  # pragma: no cover - older Streamlit
        pass
