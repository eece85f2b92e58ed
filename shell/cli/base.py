"""What every command shares: the settings file option's state, the runtime built from it, the
options several commands take, and the group that turns askdesk errors into clean CLI errors."""
from __future__ import annotations

import sys

import click

from askdesk.core.errors import AskdeskError
from askdesk.core.settings import Config, load_config
from askdesk.shell.runtime import Runtime


class CliState:
    """What the group's options decided, handed to every command (``@click.pass_obj``)."""

    def __init__(self, config_file: str | None):
        self.config_file = config_file

    def config(self, **overrides) -> Config:
        """The settings, layered: defaults → TOML file → ``ASKDESK_*`` → these overrides (flags)."""
        return load_config(overrides, file=self.config_file)

    def runtime(self, **overrides) -> Runtime:
        return Runtime(self.config(**overrides))


def _fail(exc: AskdeskError) -> click.ClickException:
    message = exc.message + "".join(f"\n  {e}" for e in exc.errors)
    return click.ClickException(message)


class AskdeskGroup(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AskdeskError as exc:
            raise _fail(exc) from exc


content_option = click.option("--content", "content_dir", type=click.Path(file_okay=False),
                              help="Content folder (setting content_dir).")
index_option = click.option("--index", "index_dir", type=click.Path(file_okay=False),
                            help="Index folder (setting index_dir).")
encoder_option = click.option("--encoder", help="Sentence encoder (setting encoder).")
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def stderr_is_terminal() -> bool:
    return sys.stderr.isatty()


def step(text: str) -> None:
    """Say on stderr what a slow step is doing, before it starts (scripts' stdout stays clean)."""
    click.echo(f"{text} ...", err=True)


def progress_bar(total: int, desc: str, unit: str):
    """A tqdm bar on stderr when it is a terminal (logs and pipes get no carriage-return noise)."""
    from tqdm import tqdm

    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, disable=not stderr_is_terminal(),
                dynamic_ncols=True)
