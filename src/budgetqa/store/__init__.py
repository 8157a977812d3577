"""The index directory: parsed disclosures as JSON, every table cell as a fact in SQLite, the retrieval index."""
