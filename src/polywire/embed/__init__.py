"""Text → vector behind one small ``Encoder`` interface."""

from polywire.embed.base import ENCODERS, Encoder, get_encoder, lead_text

__all__ = ["ENCODERS", "Encoder", "get_encoder", "lead_text"]
