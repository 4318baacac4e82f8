"""Reminders of the annual cycle and feedback meetings."""
