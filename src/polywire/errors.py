"""Errors a user can act on. Their message is shown as is, per input."""


class BadInput(ValueError):
    """One input cannot be used; the rest of the batch goes on."""


class TemporaryFailure(BadInput):
    """The source did not answer well this time (timeout, 5xx, refused): worth trying later."""


class BadSetting(ValueError):
    """A setting's value (an environment variable or an option) cannot be used."""
