"""Continuation rounds (/admin/rounds)."""
