"""Settings are declared once; the README documents each; layering and validation."""
import pytest

from askdesk.core.errors import ConfigError
from askdesk.core.settings import SETTINGS, load_config, settings_markdown

from support.paths import REPO


def test_readme_settings_table_is_current():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert settings_markdown() in readme, "regenerate with `askdesk settings --markdown`"


def test_every_setting_has_help():
    assert all(s.help.strip() for s in SETTINGS)


def test_layering_defaults_file_env_overrides(tmp_path):
    config_file = tmp_path / "askdesk.toml"
    config_file.write_text('port = 9000\nencoder = "hash"\n', encoding="utf-8")
    config = load_config({"encoder": "use"}, file=config_file, environ={"ASKDESK_PORT": "9100"})
    assert config.port == 9100 and config.encoder == "use" and config.answer_threshold == "auto"


def test_bad_values_are_named():
    with pytest.raises(ConfigError, match="ASKDESK_PORT"):
        load_config(environ={"ASKDESK_PORT": "eighty"})
    with pytest.raises(ConfigError, match="unknown setting 'colour'"):
        load_config({"colour": "red"}, environ={})
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(file="/nonexistent/askdesk.toml", environ={})


def test_library_defaults_agree_with_the_declared_settings():
    """Libraries take their parameters (only the shell reads settings); where a library offers a
    default for convenience it must be the declared one."""
    import inspect

    from askdesk.core.settings import default
    from askdesk.indexer.build import build_index
    from askdesk.indexer.search import Searcher

    searcher = inspect.signature(Searcher.__init__).parameters
    build = inspect.signature(build_index).parameters
    for name, params in (("default_locale", searcher), ("cross_language_penalty", searcher),
                         ("keyword_engine", build), ("classifier_max_articles", build)):
        assert params[name].default == default(name), name
