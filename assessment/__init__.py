"""Kernekompas' domain: pure Python, no Streamlit, no database code."""
