"""Contacts (/admin/contacts): organisations' contact persons, areas' coordinators and feedback address."""
