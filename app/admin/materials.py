"""Materials (/admin/materials): induction and communication materials for each role."""
