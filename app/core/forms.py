"""What every blueprint's forms share."""

EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+$"
