"""What a process needs to answer questions, built once from the settings: the encoder, the live
index, the decision thresholds and the store. The CLI and the web app share it."""
from __future__ import annotations

import secrets
from collections.abc import Callable
from functools import cached_property
from pathlib import Path

from askdesk.bot.decision import Thresholds, thresholds_for
from askdesk.core.errors import AskdeskError
from askdesk.core.settings import Config
from askdesk.indexer.batching import BatchingEncoder
from askdesk.indexer.calibration import Calibration
from askdesk.indexer.encoders import Encoder, make_encoder
from askdesk.indexer.live import LiveIndex
from askdesk.indexer.search import SearchResult


class Runtime:
    def __init__(self, config: Config):
        self.config = config
        # called with every SearchResult of the live index (the web app's metrics record its timings)
        self.search_listeners: list[Callable[[SearchResult], None]] = []

    @cached_property
    def encoder(self) -> Encoder:
        return make_encoder(self.config.encoder, self.config.encoder_threads)

    @cached_property
    def query_encoder(self) -> Encoder:
        """The encoder of questions: the questions of concurrent requests embedded in one batch
        (:mod:`indexer.batching`); index builds use :attr:`encoder` directly."""
        return BatchingEncoder(self.encoder, max_wait_seconds=self.config.encoder_batch_wait_ms / 1000)

    @cached_property
    def index(self) -> LiveIndex:
        return LiveIndex(Path(self.config.index_dir), self.query_encoder,
                         check_seconds=self.config.reload_check_seconds,
                         default_locale=self.config.default_locale,
                         cross_language_penalty=self.config.cross_language_penalty,
                         on_search=self._searched)

    def _searched(self, result: SearchResult) -> None:
        for listener in self.search_listeners:
            listener(result)

    @property
    def thresholds(self) -> Thresholds:
        """The thresholds in force: numbers the operator set, else the current index's calibration
        at ``target_precision``, else the fixed cut-offs of an uncalibrated index."""
        try:
            calibration = self.index.current().calibration
        except AskdeskError:   # no index yet: nothing to calibrate from
            calibration = None
        return self.thresholds_for(calibration)

    def thresholds_for(self, calibration: Calibration | None) -> Thresholds:
        c = self.config
        cuts = calibration.thresholds(c.target_precision) if calibration is not None else None
        return thresholds_for(cuts, answer=None if c.answer_threshold == "auto" else float(c.answer_threshold),
                              handoff=None if c.handoff_threshold == "auto" else float(c.handoff_threshold),
                              margin=c.clarify_margin, floor=c.near_score)

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.config.locales.split(",") if part.strip())

    @cached_property
    def store(self):
        """Sessions, events and tickets (:mod:`store`); free text in them masked (:mod:`bot.pii`)."""
        from askdesk.bot.pii import mask_pii
        from askdesk.store import open_store
        return open_store(self.config.store_url, mask=mask_pii)

    @cached_property
    def conversations(self):
        """The bot's conversations (:class:`bot.conversation.Conversations`)."""
        from askdesk.bot.conversation import Conversations
        return Conversations(self.store, self.index.current, lambda: self.thresholds,
                             reply_within_hours=self.config.reply_within_hours,
                             max_text_chars=self.config.max_question_chars, on_ticket=self.ticket_created)

    @cached_property
    def searches(self):
        """Help-center searches and the clicks on their results, by visit (:mod:`store.searches`)."""
        from askdesk.store.searches import SqlSearches
        return SqlSearches(self.store)

    @cached_property
    def outbox(self):
        """Ticket deliveries waiting for the webhook or the mail server (:mod:`store.outbox`)."""
        from askdesk.store.outbox import SqlOutbox
        return SqlOutbox(self.store)

    @cached_property
    def delivery_worker(self):
        """Sends what the outbox holds; started by ``askdesk serve`` (every server runs one)."""
        from askdesk.delivery import DeliveryWorker
        return DeliveryWorker(self.outbox, self.config)

    @cached_property
    def retention_worker(self):
        """Applies ``retention_days`` once a day; started by ``askdesk serve`` when it is set."""
        from askdesk.store.retention import RetentionWorker
        return RetentionWorker(self.store, self.config.retention_days, searches=self.searches)

    @cached_property
    def checkpoint_worker(self):
        """Folds the SQLite write-ahead log back into the database every minute; started by ``askdesk
        serve`` on a SQLite store."""
        from askdesk.store.health import CheckpointWorker
        return CheckpointWorker(self.store)

    @property
    def public_url(self) -> str:
        return (self.config.public_url or f"http://{self.config.host}:{self.config.port}").rstrip("/")

    def ticket_created(self, ticket) -> None:
        """A new ticket is in the inbox; queue its delivery to the webhook and by e-mail (in the
        ticket's own transaction, so a ticket is never left undelivered by a crash in between)."""
        from askdesk.delivery import enqueue_ticket
        enqueue_ticket(self.outbox, self.config, ticket, self.public_url)

    def close(self) -> None:
        """Stop the background workers and close the store (a server's shutdown)."""
        if "delivery_worker" in self.__dict__:
            self.delivery_worker.stop()
        if "retention_worker" in self.__dict__:
            self.retention_worker.stop()
        if "checkpoint_worker" in self.__dict__:
            self.checkpoint_worker.stop()
        if "store" in self.__dict__:
            self.store.close()

    @cached_property
    def secret_key(self) -> str:
        """The configured key, else one generated once and kept in ``var/secret_key``."""
        if self.config.secret_key:
            return self.config.secret_key
        path = Path("var/secret_key")
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(secrets.token_urlsafe(32), encoding="utf-8")
            tmp.chmod(0o600)
            tmp.replace(path)
        return path.read_text(encoding="utf-8").strip()
