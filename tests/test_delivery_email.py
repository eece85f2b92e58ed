"""Delivery of tickets to a real SMTP server (aiosmtpd), through the outbox on SQLite."""
import email
import email.policy

import pytest

from askdesk.delivery import deliver_due, enqueue_ticket, mail
from askdesk.store.outbox import SqlOutbox

from support.delivery import BASE, delivery_config, due_at, new_ticket
from support.servers import free_port


# -- e-mail -----------------------------------------------------------------------------------------
class Mailbox:
    """An aiosmtpd handler keeping every message it is given."""

    def __init__(self):
        self.envelopes = []

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 OK"

    def message(self, i=-1):
        return email.message_from_bytes(self.envelopes[i].original_content, policy=email.policy.default)


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller
    started = []

    def start(port, **smtp_parameters):
        mailbox = Mailbox()
        controller = Controller(mailbox, hostname="127.0.0.1", port=port, **smtp_parameters)
        controller.start()
        started.append(controller)
        return mailbox
    yield start
    for controller in started:
        controller.stop()


def _mail_config(port, **overrides):
    return delivery_config(smtp_host="127.0.0.1", smtp_port=port, smtp_from="Askdesk <askdesk@help.example>",
                   smtp_to="support@help.example, lead@help.example", **overrides)


def test_email_with_subject_reply_to_transcript_and_link(db, smtp_server):
    port = free_port()
    mailbox = smtp_server(port)
    config = _mail_config(port)
    outbox = SqlOutbox(db)
    ticket = new_ticket(db)
    [delivery] = enqueue_ticket(outbox, config, ticket, BASE)
    assert deliver_due(outbox, config) == 1
    assert outbox.get(delivery.id).status == "delivered"
    [envelope] = mailbox.envelopes
    assert envelope.rcpt_tos == ["support@help.example", "lead@help.example"]
    assert envelope.original_content.isascii()   # 7-bit: any SMTP server takes it
    message = mailbox.message()
    assert message["Subject"] == f"[askdesk] Ticket #{ticket.number}: customer_request (ru)"
    assert message["From"] == "Askdesk <askdesk@help.example>" and message["Reply-To"] == "ivan@example.ru"
    assert message["Message-ID"] == f"<{delivery.id}@help.example>" and message["Date"]
    lines = message.get_content().splitlines()
    assert {"Name: Иван", "  customer: Где мой заказ? Уже неделя прошла", "  bot: Try «Track your order»",
            "  - Track your order [track-order] score 0.41",
            f"Open it in the console: https://help.example/agent/tickets/{ticket.number}"} <= set(lines)


@pytest.mark.parametrize("contact, reply_to", [
    ("ann@example.com", "ann@example.com"),
    ("Ann <ann@example.com>", "ann@example.com"),
    ("+44 20 7946 0958", None),
    ("", None),
    ("ann@example.com\r\nBcc: all@example.com", "ann@example.com"),   # only the address gets into the header
])
def test_reply_to_only_for_an_email_address(contact, reply_to):
    assert mail.reply_address(contact) == reply_to


def test_email_with_login(db, smtp_server):
    from aiosmtpd.smtp import AuthResult
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"right", handled=False)   # aiosmtpd answers

    port = free_port()
    mailbox = smtp_server(port, authenticator=authenticator, auth_require_tls=False)
    outbox = SqlOutbox(db)
    [delivery] = enqueue_ticket(outbox, _mail_config(port), new_ticket(db, "en", "ann@example.com"), BASE)
    wrong = _mail_config(port, smtp_user="askdesk", smtp_password="wrong")
    assert deliver_due(outbox, wrong) == 1
    assert "SMTPAuthenticationError" in outbox.get(delivery.id).last_error and mailbox.envelopes == []
    assert deliver_due(outbox, _mail_config(port, smtp_user="askdesk", smtp_password="right"),
                       due_at(outbox, delivery.id)) == 1
    assert outbox.get(delivery.id).status == "delivered" and len(mailbox.envelopes) == 1
    assert logins[0] == (b"askdesk", b"wrong") and logins[-1] == (b"askdesk", b"right")   # smtplib tries PLAIN, LOGIN


def test_email_is_retried_while_the_smtp_server_is_down(db, smtp_server):
    port = free_port()   # nothing listens there yet
    config = _mail_config(port)
    outbox = SqlOutbox(db)
    ticket = new_ticket(db)
    [delivery] = enqueue_ticket(outbox, config, ticket, BASE)
    assert deliver_due(outbox, config) == 1
    down = outbox.get(delivery.id)
    assert (down.status, down.attempts) == ("pending", 1) and "ConnectionRefusedError" in down.last_error
    mailbox = smtp_server(port)
    assert deliver_due(outbox, config, due_at(outbox, delivery.id)) == 1
    assert (outbox.get(delivery.id).status, outbox.get(delivery.id).attempts) == ("delivered", 2)
    assert mailbox.message()["Subject"] == f"[askdesk] Ticket #{ticket.number}: customer_request (ru)"
