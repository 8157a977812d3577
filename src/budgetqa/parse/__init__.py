"""RawDocument in, Disclosure out: budget knowledge (sections, definitions, tables, performance targets)."""
