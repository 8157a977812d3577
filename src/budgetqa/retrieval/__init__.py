"""Disclosures in, ranked passages out: table-aware nodes, BM25 over jieba tokens, FAISS, fusion."""
