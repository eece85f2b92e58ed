"""The one error the channels raise."""


class DeliveryError(Exception):
    """One attempt to deliver failed; the message says why and is recorded in the outbox."""
