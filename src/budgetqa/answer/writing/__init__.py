"""Writing the answer: cited text and figures, plain Chinese for a cell, fact ids, charts."""
