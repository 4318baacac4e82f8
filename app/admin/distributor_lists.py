"""The distributor list for next year: submitted by coordinators, reviewed by the national admin."""
