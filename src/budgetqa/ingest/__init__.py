"""Files in, RawDocument out: reading text and PDF disclosures, with clear errors for what cannot be read."""
