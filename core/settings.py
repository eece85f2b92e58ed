"""Every setting askdesk reads, declared once.

Values are layered: declared defaults → a TOML file (``ASKDESK_CONFIG`` or ``--config``) →
environment variables ``ASKDESK_<NAME>`` → an explicit mapping (tests, CLI flags).
The README's settings table is generated from :data:`SETTINGS` (``askdesk settings --markdown``)
and a test checks that it is up to date.
"""
from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from askdesk.core.errors import ConfigError
from askdesk.core.yesno import parse_yes_no


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any] = str


def _bool(text: str) -> bool:
    return parse_yes_no(str(text))


def _threshold(text: str) -> float | str:
    if str(text).strip().lower() in ("auto", ""):
        return "auto"
    return float(text)


SETTINGS: tuple[Setting, ...] = (
    Setting("content_dir", "content", "Folder of Markdown articles (`<locale>/<category>/<id>.md`)."),
    Setting("index_dir", "var/index", "Folder holding index builds and the embedding cache."),
    Setting("encoder", "use", "Sentence encoder: `use` (multilingual USE, no torch), `minilm` "
            "(all-MiniLM-L6-v2, needs torch), `sbert:<model folder or name>`, `use+minilm` "
            "(both, concatenated) or `hash` (deterministic, for tests)."),
    Setting("keyword_engine", "bm25s", "Keyword engine: `bm25s` (sparse-matrix BM25, fast) or `whoosh` "
            "(BM25F over separate fields)."),
    Setting("encoder_threads", 2, "CPU threads the encoder may use.", int),
    Setting("encoder_batch_wait_ms", 2.0, "How long a server's encoder waits for more questions to embed in one "
            "batch, while questions are arriving together (a lone question never waits); 0: only those already "
            "waiting.", float),
    Setting("locales", "en,ru", "Locales the content may use; others are reported by `check`."),
    Setting("default_locale", "en", "Locale assumed for a question when none is given and none is detected."),
    Setting("target_precision", 0.9, "Of the answers the bot gives outright, the share that must be right. With "
            "a calibrated index (see `askdesk eval`) the answer and hand-off thresholds follow from it.", float),
    Setting("answer_threshold", "auto", "Confidence at or above which the bot answers with one article; `auto`: "
            "from the index's calibration and `target_precision` (0.45 on the raw score for an uncalibrated "
            "index), or a number (as `askdesk tune` prints).", _threshold),
    Setting("handoff_threshold", "auto", "Confidence below which the bot says it cannot help and offers a person; "
            "`auto`: from the index's calibration (0.3 on the raw score for an uncalibrated index), or a number.",
            _threshold),
    Setting("near_score", 0.3, "Fused search score below which nothing in the help center is near the question: "
            "a calibrated bot says it cannot help whatever the confidence (an uncalibrated one uses "
            "handoff_threshold).", float),
    Setting("clarify_margin", 0.08, "An answer needs this lead in confidence over the runner-up; "
            "closer calls clarify with the best 2-3.", float),
    Setting("cross_language_penalty", 0.01, "Confidence taken off an article that exists only in "
            "another locale than the question's: a tie-breaker for the customer's language (USE scores "
            "an article's phrasings across languages within 0.005 of within one language).", float),
    Setting("classifier_max_articles", 2000, "Train the phrasing classifier only for up to this many "
            "articles (it is skipped for larger knowledge bases).", int),
    Setting("max_question_chars", 1000, "Longest question accepted; longer ones get HTTP 413.", int),
    Setting("host", "127.0.0.1", "Address `askdesk serve` listens on."),
    Setting("port", 8080, "Port `askdesk serve` listens on.", int),
    Setting("server_threads", 8, "Worker threads of the WSGI server.", int),
    Setting("server_connection_limit", 1000, "Connections `askdesk serve` keeps open at once; beyond it, new "
            "ones wait. An incomplete request costs a connection, not a thread (waitress reads requests "
            "before a thread takes them), so this is what slow clients use up.", int),
    Setting("server_request_seconds", 30.0, "Deadline for a client to send one whole request (headers and "
            "body): a connection still sending it after this long is closed, however steadily it trickles.",
            float),
    Setting("server_idle_seconds", 60.0, "A connection that sends nothing for this long is closed.", float),
    Setting("log_level", "info", "Level of the server's and the CLI's log lines on stderr (`debug`, `info`, "
            "`warning`, `error`); `askdesk --log-level` overrides it."),
    Setting("log_format", "text", "Format of the log lines on stderr: `text` (one readable line each) or `json` "
            "(one JSON object a line, with the request line's fields as keys)."),
    Setting("metrics_token", "", "Bearer token that may read the Prometheus metrics at `/metrics` from anywhere; "
            "empty: only callers on the loopback address that did not come through a proxy may."),
    Setting("reload_check_seconds", 2.0, "How often a server looks for a newly built index.", float),
    # -- conversations, tickets and their delivery
    Setting("store_url", "var/askdesk.db", "Where sessions, events and tickets are kept: a SQLite file path "
            "(`sqlite:///path` also works) or `postgresql://user@host:port/db` for several servers sharing one state."),
    Setting("retention_days", 0, "Days conversations are kept: every server deletes older sessions and their "
            "events once a day (`askdesk retention` does it at once); a session with a ticket keeps the ticket, "
            "and deliveries delivered that long ago go too. 0 keeps everything.", int),
    Setting("public_url", "", "The address customers and agents reach askdesk at, e.g. `https://help.example.com` "
            "(links in ticket e-mails and webhooks; an `https://` one also makes the console's cookie `Secure` and sends "
            "HSTS); empty: `http://<host>:<port>`."),
    Setting("reply_within_hours", 24, "What the customer is promised after a handoff: an agent replies within "
            "this many hours.", int),
    Setting("webhook_url", "", "POST every new ticket as JSON to this URL (empty: no webhook)."),
    Setting("webhook_secret", "", "Key of the webhook's HMAC-SHA256 signature header `X-Askdesk-Signature`."),
    Setting("smtp_host", "", "Mail every new ticket through this SMTP server (empty: no e-mail)."),
    Setting("smtp_port", 25, "Port of the SMTP server.", int),
    Setting("smtp_starttls", False, "Upgrade the SMTP connection with STARTTLS.", _bool),
    Setting("smtp_user", "", "SMTP login (empty: no login)."),
    Setting("smtp_password", "", "SMTP password."),
    Setting("smtp_from", "askdesk@localhost", "Sender address of ticket e-mails."),
    Setting("smtp_to", "", "Where ticket e-mails go (comma-separated addresses)."),
    Setting("delivery_max_attempts", 12, "Attempts to deliver a ticket to the webhook or by e-mail before it "
            "is marked failed (it stays in the outbox and the inbox).", int),
    Setting("delivery_timeout_seconds", 10.0, "Deadline of one delivery attempt as a whole (connect, send, "
            "answer): a receiver that has not answered by then, even one still trickling bytes, is cut off and "
            "the attempt retried later.", float),
    Setting("delivery_parallel", 4, "Delivery attempts in flight at once per target (the webhook, the SMTP "
            "server) and server: a slow receiver holds at most this many, never the other target's.", int),
    Setting("delivery_retry_seconds", 5.0, "Wait before the first retry of a failed delivery; it doubles "
            "after each failure, up to an hour.", float),
    # -- the web: embedding, abuse protection, the console
    Setting("allowed_origins", "", "Origins of sites that may embed the widget and call the public API "
            "(comma-separated, `*` for any); the help center's own origin always may."),
    Setting("rate_limit", "120/minute;2000/hour", "Requests a client (an IP address) may make to the public API and "
            "help pages together (Flask-Limiter notation; empty: no limit). Suggest-as-you-type counts."),
    Setting("rate_limit_storage", "memory://", "Where rate-limit counters live: `memory://` (one server) "
            "or `redis://127.0.0.1:6379` (shared by several servers)."),
    Setting("proxy_hops", 0, "Reverse proxies in front of askdesk whose `X-Forwarded-For` is trusted "
            "(for per-client rate limits).", int),
    Setting("secret_key", "", "Key that signs console login cookies; empty: a random key kept in "
            "`var/secret_key` (set it to the same value on every server)."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def default(name: str) -> Any:
    """A setting's declared default, for code that runs without a loaded configuration."""
    return _BY_NAME[name].default


class Config(dict):
    """A plain dict of resolved settings with attribute access."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError as exc:  # pragma: no cover - programming error
            raise AttributeError(name) from exc


def _coerce(setting: Setting, value: Any, origin: str) -> Any:
    if isinstance(value, str) and setting.parse is not str:
        try:
            return setting.parse(value)
        except ValueError as exc:
            raise ConfigError(f"setting {setting.name} from {origin}: {exc}; "
                              f"see `askdesk settings` for the expected value") from exc
    if setting.parse in (int, float) and isinstance(value, (int, float)) and not isinstance(value, bool):
        return setting.parse(value)
    return value


def load_config(overrides: Mapping[str, Any] | None = None, *, file: str | os.PathLike | None = None,
                environ: Mapping[str, str] | None = None) -> Config:
    """Resolve every setting: defaults → TOML file → environment → overrides."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {s.name: s.default for s in SETTINGS}
    file = file or environ.get("ASKDESK_CONFIG")
    if file:
        path = Path(file)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"config file {path} does not exist; create it or unset ASKDESK_CONFIG") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
        for key, value in data.items():
            if key not in _BY_NAME:
                raise ConfigError(f"unknown setting {key!r} in {path}; known: {', '.join(sorted(_BY_NAME))}")
            values[key] = _coerce(_BY_NAME[key], value, str(path))
    for setting in SETTINGS:
        env_name = "ASKDESK_" + setting.name.upper()
        if env_name in environ:
            values[setting.name] = _coerce(setting, environ[env_name], env_name)
    for key, value in (overrides or {}).items():
        if value is None:
            continue
        if key not in _BY_NAME:
            raise ConfigError(f"unknown setting {key!r}; known: {', '.join(sorted(_BY_NAME))}")
        values[key] = _coerce(_BY_NAME[key], value, "arguments")
    config = Config(values)
    validate(config)
    return config


def validate(config: Mapping[str, Any]) -> None:
    answer, handoff = config["answer_threshold"], config["handoff_threshold"]
    for name, value in (("answer_threshold", answer), ("handoff_threshold", handoff)):
        if value != "auto" and (isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1):
            raise ConfigError(f"{name} is {value!r}; use a number from 0 to 1, or `auto`")
    if not 0 < config["target_precision"] <= 1:
        raise ConfigError(f"target_precision is {config['target_precision']}; use a share above 0 and at most 1, "
                          "e.g. 0.9")
    if answer != "auto" and handoff != "auto" and not handoff <= answer:
        raise ConfigError(
            f"handoff_threshold ({config['handoff_threshold']}) must be between 0 and "
            f"answer_threshold ({config['answer_threshold']}); lower it or raise answer_threshold")
    if config["retention_days"] < 0:
        raise ConfigError(f"retention_days is {config['retention_days']}; set 0 to keep everything, or the days "
                          "to keep conversations")
    if str(config["log_level"]).lower() not in ("debug", "info", "warning", "error"):
        raise ConfigError(f"log_level {config['log_level']!r} is not a level; use debug, info, warning or error")
    if str(config["log_format"]).lower() not in ("text", "json"):
        raise ConfigError(f"log_format {config['log_format']!r} is not a format; use text or json")
    if config["max_question_chars"] < 10:
        raise ConfigError("max_question_chars must be at least 10")
    if not 0 <= config["encoder_batch_wait_ms"] <= 100:
        raise ConfigError(f"encoder_batch_wait_ms is {config['encoder_batch_wait_ms']}; use 0 to 100 milliseconds")
    for name in ("server_request_seconds", "server_idle_seconds"):
        if not config[name] > 0:
            raise ConfigError(f"{name} is {config[name]}; use a positive number of seconds")
    if config["server_connection_limit"] < 10:
        raise ConfigError(f"server_connection_limit is {config['server_connection_limit']}; use at least 10 "
                          "(a browser alone opens six)")
    if not config["delivery_timeout_seconds"] > 0:
        raise ConfigError(f"delivery_timeout_seconds is {config['delivery_timeout_seconds']}; use a positive "
                          "number of seconds, e.g. 10")
    if config["delivery_parallel"] < 1:
        raise ConfigError(f"delivery_parallel is {config['delivery_parallel']}; use at least 1")
    if config["webhook_url"] and not config["webhook_url"].startswith(("http://", "https://")):
        raise ConfigError(f"webhook_url {config['webhook_url']!r} must start with http:// or https://")
    if config["smtp_host"] and not config["smtp_to"]:
        raise ConfigError("smtp_host is set but smtp_to is empty: say where ticket e-mails go, or unset smtp_host")
    if config["smtp_user"] and not config["smtp_starttls"] and config["smtp_host"] not in ("localhost", "127.0.0.1", "::1"):
        raise ConfigError("smtp_user is set without smtp_starttls: the password would cross the network in clear; "
                          "set smtp_starttls = true")


def settings_markdown() -> str:
    """The README's settings table."""
    rows = ["| setting | environment | default | meaning |", "|---|---|---|---|"]
    for s in SETTINGS:
        rows.append(f"| `{s.name}` | `ASKDESK_{s.name.upper()}` | `{s.default}` | {s.help} |")
    return "\n".join(rows) + "\n"
