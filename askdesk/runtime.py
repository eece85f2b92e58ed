"""What a process needs to answer questions, built once from the settings: the encoder, the live
index and the decision thresholds. The CLI and the web app share it."""
from __future__ import annotations

from functools import cached_property
from pathlib import Path

from askdesk.settings import Config
from bot.decision import Thresholds
from indexer.encoders import Encoder, make_encoder
from indexer.live import LiveIndex


class Runtime:
    def __init__(self, config: Config):
        self.config = config

    @cached_property
    def encoder(self) -> Encoder:
        return make_encoder(self.config.encoder, self.config.encoder_threads)

    @cached_property
    def index(self) -> LiveIndex:
        return LiveIndex(Path(self.config.index_dir), self.encoder,
                         check_seconds=self.config.reload_check_seconds,
                         default_locale=self.config.default_locale,
                         cross_language_penalty=self.config.cross_language_penalty)

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(answer=self.config.answer_threshold, handoff=self.config.handoff_threshold,
                          margin=self.config.clarify_margin)

    @property
    def locales(self) -> tuple[str, ...]:
        return tuple(l.strip() for l in self.config.locales.split(",") if l.strip())
