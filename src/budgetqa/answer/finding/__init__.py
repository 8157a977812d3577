"""Finding what answers it: table cells for the items named, narrative passages, what the documents cannot hold."""
