"""The trivial page of the server benchmark: one title, in a process that has imported what the
app imports (so the garbage collector has the same heap to walk as in the real app)."""

import altair  # noqa: F401
import pandas  # noqa: F401
import sqlmodel  # noqa: F401
import streamlit as st

st.title("Kernekompas")
