"""The shell configures logging once: askdesk.* lines reach stderr at the chosen level."""
import logging

import pytest

from askdesk.shell.logs import configure_logging


@pytest.fixture
def clean_loggers():
    saved = {name: (logging.getLogger(name).level, list(logging.getLogger(name).handlers))
             for name in ("askdesk", "waitress")}
    yield
    for name, (level, handlers) in saved.items():
        logging.getLogger(name).setLevel(level)
        logging.getLogger(name).handlers[:] = handlers


def test_askdesk_lines_reach_stderr_at_the_level(clean_loggers, capsys):
    configure_logging("info")
    configure_logging("info")   # a second call adds no second handler
    logging.getLogger("askdesk.indexer.live").info("now serving index build %s", "b1")
    logging.getLogger("askdesk.delivery.worker").debug("not at info")
    logging.getLogger("waitress").info("waitress chatter stays out")
    err = capsys.readouterr().err
    assert err.count("now serving index build b1") == 1
    assert "INFO askdesk.indexer.live:" in err
    assert "not at info" not in err and "waitress chatter" not in err


def test_debug_level_and_a_bad_level(clean_loggers, capsys):
    configure_logging("DEBUG")
    logging.getLogger("askdesk.delivery.worker").debug("delivery detail")
    assert "delivery detail" in capsys.readouterr().err
    with pytest.raises(ValueError, match="unknown log level 'loud'"):
        configure_logging("loud")
