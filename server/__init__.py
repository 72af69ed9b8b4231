"""The shipped web server: the Streamlit app as ``st.App`` under uvicorn (``python -m server``).

``streamlit run`` is kept for development (``make dev``); production runs this instead, because
on Streamlit 1.67 ``streamlit run`` costs every user on every click:

* it binds its listening socket itself without ``IPPROTO_TCP``, so asyncio never sets
  ``TCP_NODELAY`` on the accepted connections (asyncio only does so for sockets whose ``proto``
  is TCP), and each websocket message waits for Nagle plus the browser's delayed ACK, ~40 ms;
* a full ``gc.collect(2)`` after every script run (``runner.postScriptGC``), ~76 ms with pandas,
  Altair and SQLModel loaded. The shipped ``.streamlit/config.toml`` turns it off; this server
  also freezes everything imported at start-up so that Python's own, automatic full collections
  skip those objects.

Around the app it adds ``/healthz`` for monitoring, one access-log line per HTTP request and per
rerun, without personal data, and a check that the request names an allowed host (DNS rebinding).
"""
