"""Delivery of new tickets beyond the built-in inbox: to a webhook and by e-mail, through the
durable outbox of :mod:`store.outbox`.

The conversation code calls :func:`enqueue_ticket` right after a ticket is created (then
:meth:`DeliveryWorker.wake`); a :class:`DeliveryWorker` per server sends what is due and retries
with exponential back-off. Receivers of the webhook can check its signature with :func:`verify`.
"""
from askdesk.delivery.payload import enabled_channels, enqueue_ticket, ticket_payload  # noqa: F401
from askdesk.delivery.webhook import sign, verify  # noqa: F401
from askdesk.delivery.worker import DeliveryWorker, deliver_due, next_delay  # noqa: F401
