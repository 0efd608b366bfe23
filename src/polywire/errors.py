"""Errors a user can act on. Their message is shown as is, per input."""


class BadInput(ValueError):
    """One input cannot be used; the rest of the batch goes on."""
