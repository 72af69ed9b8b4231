"""Charts and documents made from the domain's read models; no database, no Streamlit."""
