"""Contacts: an area's coordinators' details and feedback address, and changes the national centre is told of."""
