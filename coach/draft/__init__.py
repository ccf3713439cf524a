"""Draft text in: reading a draft, cleaning it (positions kept), its letter frame and tokens."""
