"""Running askdesk: ``serve`` the HTTP API and pages, list the ``settings``."""
from __future__ import annotations

import signal
import sys

import click

from askdesk.core.settings import load_config, settings_markdown
from askdesk.shell.cli.base import CliState, index_option


@click.command()
@index_option
@click.option("--host", help="Address to listen on (setting host).")
@click.option("--port", type=int, help="Port (setting port).")
@click.pass_obj
def serve(state: CliState, index_dir, host, port) -> None:
    """Run the HTTP API with a production WSGI server (waitress, see askdesk.shell.server)."""
    from askdesk.shell.app import create_app
    from askdesk.shell.server import make_server

    config = load_config({"index_dir": index_dir, "host": host, "port": port}, file=state.config_file)
    app = create_app(config)
    runtime = app.extensions["askdesk"]
    runtime.index.load_now()
    runtime.delivery_worker.start()   # tickets left in the outbox by an earlier run go out now
    if config.retention_days:
        runtime.retention_worker.start()   # now, then once a day
    if runtime.store.dialect == "sqlite":
        runtime.checkpoint_worker.start()  # the WAL folded back every minute, so it does not grow
    click.echo(f"askdesk serving {config.index_dir} on http://{config.host}:{config.port}/ "
               f"(help center /help, widget demo /demo, agent console /agent)", err=True)
    # a service manager stops us with SIGTERM: leave through `finally` so the workers stop and the store closes
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        make_server(app, config).run()
    finally:
        runtime.close()


@click.command()
@click.option("--markdown", is_flag=True, help="Print the README's settings table.")
def settings(markdown) -> None:
    """List every setting with its default and meaning."""
    from askdesk.core.settings import SETTINGS

    if markdown:
        click.echo(settings_markdown(), nl=False)
        return
    for s in SETTINGS:
        click.echo(f"{s.name} (ASKDESK_{s.name.upper()}, default {s.default!r}): {s.help}")
