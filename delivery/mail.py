"""The e-mail channel: a plain-text message per ticket, sent over SMTP.

(Named ``mail``, not ``email``, so that it can never shadow the standard library's ``email``.)
An attempt has a total deadline (:mod:`delivery.deadline`): a server that answers a byte at a time
is cut off at it.
"""
from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, parseaddr
from typing import Any

from askdesk.delivery.deadline import Deadline
from askdesk.delivery.errors import DeliveryError
from askdesk.store.outbox import Delivery

TIMEOUT_SECONDS = 10.0   # the whole attempt: connect, greeting, TLS, login and the message
_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def reply_address(contact: str) -> str | None:
    """The e-mail address in what the customer left as contact (``ann@example.com`` or
    ``Ann <ann@example.com>``), or None when it is something else, such as a phone number."""
    address = parseaddr(contact)[1]
    return address if _ADDRESS.fullmatch(address) else None


def _article(tried: Mapping[str, Any]) -> str:
    score = tried.get("score")
    score = f"{score:.2f}" if isinstance(score, (int, float)) else "?"
    return f"  - {tried.get('title') or tried.get('id')} [{tried.get('id')}] score {score}"


def _body(ticket: Mapping[str, Any]) -> str:
    lines = [f"Ticket #{ticket['number']}: {ticket['reason']} ({ticket['locale']})",
             f"Name: {ticket['name'] or '(none given)'}",
             f"Contact: {ticket['contact'] or '(none left)'}",
             f"Page: {ticket['page_url'] or '(unknown)'}",
             f"Created: {ticket['created_at']}",
             "", "Conversation:"]
    lines += [f"  {turn.get('from', '?')}: {turn.get('text', '')}" for turn in ticket["transcript"]] or ["  (empty)"]
    lines += ["", "Articles the bot tried:"]
    lines += [_article(a) for a in ticket["tried"]] or ["  (none)"]
    lines += ["", f"Open it in the console: {ticket['console_url']}", ""]
    return "\n".join(lines)


def compose(delivery: Delivery, config: Mapping[str, Any]) -> EmailMessage:
    """The message of an e-mail delivery (its payload is :func:`delivery.payload.ticket_payload`).
    Its Message-ID is made from the delivery's id, so a message sent twice (delivery is at least
    once) is recognisable as one by the mail systems that deduplicate."""
    ticket = delivery.payload["ticket"]
    message = EmailMessage()
    message["Subject"] = f"[askdesk] Ticket #{ticket['number']}: {ticket['reason']} ({ticket['locale']})"
    message["From"] = config["smtp_from"]
    message["To"] = ", ".join(a.strip() for a in config["smtp_to"].split(",") if a.strip())
    message["Date"] = formatdate()
    domain = parseaddr(config["smtp_from"])[1].rpartition("@")[2] or "askdesk.invalid"
    message["Message-ID"] = f"<{delivery.id}@{domain}>"
    reply_to = reply_address(ticket["contact"])
    if reply_to:
        message["Reply-To"] = reply_to
    # quoted-printable keeps the message 7-bit, which every SMTP server accepts (not all take 8BITMIME)
    message.set_content(_body(ticket), charset="utf-8", cte="quoted-printable")
    return message


class _DeadlineSMTP(smtplib.SMTP):
    """An SMTP client whose socket ``deadline`` shuts down when it passes, and whose connect gets only
    the time left. Made unconnected: :meth:`connect` (which also reads the greeting) is watched too."""

    def __init__(self, deadline: Deadline):
        super().__init__(timeout=deadline.left())
        self._deadline = deadline
        deadline.watch(lambda: self.sock)   # read when it passes: STARTTLS replaces the socket

    def _get_socket(self, host, port, timeout):
        return super()._get_socket(host, port, self._deadline.left())


def send(delivery: Delivery, config: Mapping[str, Any], *, timeout: float | None = None) -> None:
    """Mail ``delivery`` through the configured SMTP server within ``timeout`` seconds in all;
    :class:`DeliveryError` if that fails. ``timeout``: the setting ``delivery_timeout_seconds``
    unless given."""
    timeout = config.get("delivery_timeout_seconds", TIMEOUT_SECONDS) if timeout is None else timeout
    message = compose(delivery, config)
    server = f"{config['smtp_host']}:{config['smtp_port']}"
    with Deadline(timeout) as deadline:
        try:
            with _DeadlineSMTP(deadline) as smtp:
                smtp.connect(config["smtp_host"], config["smtp_port"])
                if config["smtp_starttls"]:
                    smtp.starttls(context=ssl.create_default_context())
                if config["smtp_user"]:
                    smtp.login(config["smtp_user"], config["smtp_password"])
                smtp.send_message(message)   # returns once the server has accepted it: delivered, even
                # if the deadline then cuts off the QUIT (smtplib ignores a server gone by then)
        except (smtplib.SMTPException, OSError) as exc:   # refused, timed out, rejected, TLS or login failed
            if deadline.passed:
                raise DeliveryError(f"SMTP {server} timed out: not done within the {timeout:g} s deadline") from exc
            raise DeliveryError(f"SMTP {server} failed: {type(exc).__name__}: {exc}") from exc
