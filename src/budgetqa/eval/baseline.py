"""The naive llama-index RAG budgetqa is compared against: raw text → SentenceSplitter → FAISS → top chunk.

It sees what a generic pipeline sees (each page's extracted lines, no tables, no codes, no glossary), embeds with
the same model as budgetqa (``retrieval.embedding.llama_embedding``), and answers with its best chunk verbatim:
the scorer then finds the figures in that text. It never says "not found", so its not_found recall is 0 by design.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..models import Answer, Citation, RawDocument

CHUNK_SIZE = 256  # tokens; tiktoken counts about one per Chinese character
CHUNK_OVERLAP = 32


def page_texts(raw: RawDocument) -> list[tuple[int, str]]:
    """(page, text) for every page with text, lines joined as extracted."""
    pages: dict[int, list[str]] = {}
    for line in raw.lines:
        pages.setdefault(line.page, []).append(line.text)
    return [(page, "\n".join(lines)) for page, lines in sorted(pages.items()) if any(s.strip() for s in lines)]


class NaiveRAG:
    """One FAISS index per document (FaissVectorStore has no metadata filters), searched by inner product."""

    name = "baseline"

    def __init__(self, indexes: Mapping[str, object], labels: Mapping[str, str]):
        self._indexes = dict(indexes)
        self._labels = dict(labels)

    @classmethod
    def build(cls, raws: Mapping[str, RawDocument], embed_model, labels: Mapping[str, str] | None = None) -> NaiveRAG:
        """``raws`` maps doc id → RawDocument; ``embed_model`` is a llama-index BaseEmbedding (unit vectors)."""
        import faiss
        from llama_index.core import Document, StorageContext, VectorStoreIndex
        from llama_index.core.node_parser import SentenceSplitter
        from llama_index.vector_stores.faiss import FaissVectorStore

        splitter = SentenceSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
        dim = len(embed_model.get_text_embedding("预算"))
        indexes = {}
        for doc_id, raw in raws.items():
            docs = [
                Document(
                    text=text,
                    metadata={"page": page},
                    excluded_embed_metadata_keys=["page"],
                    excluded_llm_metadata_keys=["page"],
                )
                for page, text in page_texts(raw)
            ]
            nodes = splitter.get_nodes_from_documents(docs)
            store = FaissVectorStore(faiss_index=faiss.IndexFlatIP(dim))
            context = StorageContext.from_defaults(vector_store=store)
            indexes[doc_id] = VectorStoreIndex(nodes, storage_context=context, embed_model=embed_model)
        return cls(indexes, labels or {doc_id: raw.source for doc_id, raw in raws.items()})

    def _search(self, question: str, top_k: int, scope: str | Sequence[str]) -> list[tuple[str, object]]:
        """(doc id, hit) of the best ``top_k`` chunks over the documents in ``scope``, best first."""
        doc_ids = (scope,) if isinstance(scope, str) else tuple(scope)
        hits = [
            (doc_id, hit)
            for doc_id in doc_ids
            if (index := self._indexes.get(doc_id)) is not None
            for hit in index.as_retriever(similarity_top_k=top_k).retrieve(question)
        ]
        return sorted(hits, key=lambda h: -(h[1].score or 0.0))[:top_k]

    def ask(self, question: str, history: Sequence[str], scope: str | Sequence[str]) -> Answer:
        """The best chunk, verbatim, cited as itself (history is ignored: a naive RAG has no dialogue state)."""
        hits = self._search(question, 1, scope)
        if not hits:
            return Answer(question=question, status="not_found", answer="")
        doc_id, hit = hits[0]
        node = hit.node
        text = node.get_content()
        page = node.metadata.get("page")
        citation = Citation(
            id=1,
            doc=self._labels.get(doc_id, doc_id),
            locator=f"第{page}页 文本块",
            page=page,
            quote=text,
            doc_id=doc_id,
        )
        return Answer(question=question, status="answered", answer=text, citations=(citation,))

    def retrieval_texts(self, question: str, top_k: int, scope: str | Sequence[str]) -> list[str]:
        return [h.node.get_content() for _, h in self._search(question, top_k, scope)]
