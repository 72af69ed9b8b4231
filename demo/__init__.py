"""Demo data for Kernekompas: Fjordby Kommune, built only through the use cases.

``python -m demo`` loads it into the configured database; :func:`demo.data.load_demo` loads it
into any unit of work (the tests use the in-memory one).
"""

from demo.data import DemoClock, DemoDataError, DemoSummary, load_demo

__all__ = ["DemoClock", "DemoDataError", "DemoSummary", "load_demo"]
