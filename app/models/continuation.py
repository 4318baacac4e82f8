"""Continuation rounds: the autumn question to an area's sites, and their answers."""
