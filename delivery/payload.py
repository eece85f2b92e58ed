"""What is delivered for a new ticket, and on which channels."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from askdesk.core.records import Ticket
from askdesk.store.outbox import Delivery, Outbox

VERSION = 1
EVENT = "ticket.created"


def ticket_payload(ticket: Ticket, base_url: str) -> dict:
    """The JSON document of a new ticket, the same for every channel. From ``ticket.packet`` (already
    masked by the store) come the transcript (``[{"from": "customer" | "bot", "text", "at", ...}]``),
    the articles the bot tried (``[{"id", "locale", "title", "score", "url"}]``), the customer's
    question and the name they gave."""
    return {
        "version": VERSION,
        "event": EVENT,
        "ticket": {
            "number": ticket.number,
            "reason": ticket.reason,
            "locale": ticket.locale,
            "page_url": ticket.page_url,
            "contact": ticket.contact,
            "name": ticket.packet.get("name", ""),
            "question": ticket.packet.get("question", ""),
            "status": ticket.status,
            "created_at": ticket.created_at,
            "transcript": ticket.packet.get("transcript", []),
            "tried": ticket.packet.get("tried", []),
            "console_url": f"{base_url.rstrip('/')}/agent/tickets/{ticket.number}",
        },
    }


def enabled_channels(config: Mapping[str, Any]) -> list[str]:
    """The channels the settings turn on: ``webhook`` with a ``webhook_url``, ``email`` with both an
    ``smtp_host`` and an ``smtp_to``."""
    channels = []
    if config["webhook_url"]:
        channels.append("webhook")
    if config["smtp_host"] and config["smtp_to"]:
        channels.append("email")
    return channels


def enqueue_ticket(outbox: Outbox, config: Mapping[str, Any], ticket: Ticket, base_url: str) -> list[Delivery]:
    """One outbox delivery of ``ticket`` per enabled channel (none if no channel is configured)."""
    payload = ticket_payload(ticket, base_url)
    return [outbox.enqueue(ticket.number, channel, payload) for channel in enabled_channels(config)]
