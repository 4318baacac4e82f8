"""The distributor list an area submits for next year, and the national centre's review."""
