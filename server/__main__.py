"""``python -m server``: serve Kernekompas with uvicorn.

Settings come from the environment (systemd units and containers set these), or flags:

``KERNEKOMPAS_HOST`` (default 127.0.0.1; a reverse proxy sits in front in production),
``KERNEKOMPAS_PORT`` (default 8501), ``KERNEKOMPAS_ALLOWED_HOSTS`` (the host names browsers use,
comma-separated; default the loopback names and the ``--host`` address), ``KERNEKOMPAS_SCRIPT``
(default app.py; the benchmark serves a trivial page this way), ``KERNEKOMPAS_LOG_LEVEL``
(default info), ``DATABASE_URL``, and Streamlit's own ``STREAMLIT_*`` variables such as
``STREAMLIT_SERVER_COOKIE_SECRET``.

Streamlit's config options are also taken as flags, as ``streamlit run`` takes them, e.g.
``python -m server --secrets.files /etc/kernekompas/secrets.toml``.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m server", description=__doc__.splitlines()[0], allow_abbrev=False
    )
    parser.add_argument("--host", default=os.environ.get("KERNEKOMPAS_HOST", "127.0.0.1"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("KERNEKOMPAS_PORT", "8501")))
    parser.add_argument("--script", default=os.environ.get("KERNEKOMPAS_SCRIPT", ""))
    parser.add_argument("--log-level", default=os.environ.get("KERNEKOMPAS_LOG_LEVEL", "info"))
    parser.add_argument(
        "--no-freeze",
        action="store_true",
        default=os.environ.get("KERNEKOMPAS_GC_FREEZE", "1") == "0",
        help="skip the warm-up import and gc.freeze() (for measuring their effect)",
    )
    return parser


def bind_socket(host: str, port: int, backlog: int = 2048) -> socket.socket:
    """A listening socket whose accepted connections get ``TCP_NODELAY``.

    asyncio sets ``TCP_NODELAY`` on a new connection only when the socket's ``proto`` is
    ``IPPROTO_TCP``; Streamlit 1.67 creates its socket with proto 0, which is the whole cause of
    its 40 ms per message. We create it with the protocol named, and set the option on the
    listener as well (Linux hands it on to accepted sockets)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind((host, port))
        sock.listen(backlog)
        sock.setblocking(False)
        return sock
    except BaseException:
        sock.close()
        raise


# A served app keeps the code it started with: a deployment that updates files in place must not
# reload modules under running sessions. A flag given on the command line comes later and wins.
SERVED_DEFAULTS = ("--server.fileWatcherType", "none")


def load_streamlit_options(script: Path, flags: Sequence[str]) -> None:
    """Streamlit's config options from ``--section.option value`` flags and ``STREAMLIT_*``
    variables, exactly as ``streamlit run`` reads them.

    Under ``st.App`` Streamlit itself only reads its config files and the sensitive variables
    (``STREAMLIT_SERVER_COOKIE_SECRET``); ``STREAMLIT_SECRETS_FILES`` or
    ``STREAMLIT_SERVER_FILE_WATCHER_TYPE`` would be ignored without this. Streamlit's own click
    options do the parsing, so types, lists and the refusal of secrets on the command line are
    its own."""
    import click
    from streamlit import config
    from streamlit.web import bootstrap, cli

    # As `streamlit run` does: the script's folder holds the .streamlit/config.toml to read,
    # whatever the working directory; st.App keeps a path set before it is made.
    config._main_script_path = str(script)

    @click.command(name="python -m server", context_settings={"help_option_names": []})
    @cli.configurator_options
    def collect(**options: object) -> dict[str, object]:
        return options

    try:
        options = collect.main(args=list(flags), standalone_mode=False)
    except click.ClickException as problem:
        raise SystemExit(f"python -m server: {problem.format_message()}") from None
    bootstrap.load_config_options(flag_options=options)


def main(argv: Sequence[str] | None = None) -> int:
    args, streamlit_flags = _parser().parse_known_args(argv)
    level = args.log_level.upper()
    logging.basicConfig(level=level, format=LOG_FORMAT, stream=sys.stderr)
    logging.getLogger("kernekompas").setLevel(level)
    # Alembic's env announces its plugins at INFO when the warm-up imports the migrations' helpers.
    logging.getLogger("alembic").setLevel(logging.WARNING)
    from server.access_log import WithoutClientAddresses

    logging.getLogger("uvicorn.error").addFilter(WithoutClientAddresses())

    import uvicorn
    from streamlit.web.server.starlette.starlette_server import _get_uvicorn_config_kwargs

    # Before the app is built: it reads the secrets and the cookie secret when it is made.
    script = Path(args.script).resolve() if args.script else ROOT / "app.py"
    load_streamlit_options(script, [*SERVED_DEFAULTS, *streamlit_flags])
    from server import asgi, warmup

    try:
        hosts = asgi.allowed_hosts(args.host)
    except ValueError as problem:
        raise SystemExit(f"python -m server: {problem}") from None
    application = asgi.build_app(script, hosts)
    if not args.no_freeze:
        warmup.warm_up_and_freeze()

    # Streamlit's own uvicorn settings (websocket implementation, ping, message size limit,
    # compression, TLS from server.sslCertFile), minus its socket binding.
    options = _get_uvicorn_config_kwargs()
    options.update(
        access_log=False,  # ours is kernekompas.access: uvicorn's logs client addresses and query strings
        log_config=None,  # keep the logging set up above
        proxy_headers=True,
        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"),
        server_header=False,
    )
    config = uvicorn.Config(application, host=args.host, port=args.port, **options)
    sock = bind_socket(args.host, args.port, config.backlog)
    logging.getLogger("kernekompas.server").info(
        "serving %s on http://%s:%d for host names %s",
        application.script_path.name,
        args.host,
        sock.getsockname()[1],
        ",".join(hosts),
    )
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
    return 0 if server.started else 3


if __name__ == "__main__":
    raise SystemExit(main())
