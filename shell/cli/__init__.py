"""The ``askdesk`` command line: one group, a module per command group. It shares settings and
the runtime (:mod:`askdesk.shell.runtime`) with the web server."""
from __future__ import annotations

import click

from askdesk.core.errors import AskdeskError
from askdesk.shell.cli import analytics, content, data, gaps, quality, query, serve, tokens
from askdesk.shell.cli.base import AskdeskGroup, CliState
from askdesk.shell.logs import configure_logging


@click.group(cls=AskdeskGroup)
@click.option("--config", "config_file", type=click.Path(dir_okay=False), envvar="ASKDESK_CONFIG",
              help="TOML file of settings (see `askdesk settings`).")
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"], case_sensitive=False),
              help="Log level of the askdesk.* loggers (setting log_level).")
@click.pass_context
def main(ctx: click.Context, config_file: str | None, log_level: str | None) -> None:
    """askdesk: knowledge-base search and FAQ deflection for support teams."""
    ctx.obj = CliState(config_file)
    level, fmt = _configured_logging(ctx.obj)
    configure_logging(log_level or level, fmt)


def _configured_logging(state: CliState) -> tuple[str, str]:
    """The log_level and log_format settings; when the settings do not load, ``info`` as text (the
    command that needs them reports why, with the fix)."""
    try:
        config = state.config()
    except AskdeskError:
        return "info", "text"
    return config.log_level, config.log_format


for command in (content.check, content.index, content.import_, query.search, query.ask, quality.tune,
                quality.eval_, quality.bench, quality.eval_gaps, serve.serve, serve.settings, analytics.report,
                analytics.demo_traffic, gaps.gaps, tokens.token, data.retention, data.session_group):
    main.add_command(command)


if __name__ == "__main__":  # pragma: no cover
    main()
