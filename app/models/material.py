"""Induction and communication materials, and who has opened them."""
