"""Text → vector behind one small ``Encoder`` interface."""

from polywire.embed.base import Encoder, lead_text
from polywire.embed.choose import ENCODERS, get_encoder, params_name
from polywire.embed.remember import Remembering

__all__ = ["ENCODERS", "Encoder", "Remembering", "get_encoder", "lead_text", "params_name"]
