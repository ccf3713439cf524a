"""coach: a first review for support replies, in seconds."""

__version__ = "0.1.0"
