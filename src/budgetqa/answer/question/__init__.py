"""Reading the question: its plan (kind, items, years, scope), follow-ups, compound frames, vocabularies."""
