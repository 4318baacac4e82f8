"""Monthly reminders of the annual cycle, and feedback meetings with their invitees."""
