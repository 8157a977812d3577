"""The operations that answer: each reads facts or cells and writes a cited answer."""
