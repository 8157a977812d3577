"""Shared fixtures: the default document and the real PDFs of corpus/samples/ (copied from ../shared/corpus/)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = next((ROOT / "corpus").glob("*.txt"))
SHARED_CORPUS = ROOT / "corpus" / "samples"
SWU_PDF = SHARED_CORPUS / "西南大学_2023_部门预算.pdf"
SH_PDF = SHARED_CORPUS / "上海市财政局_2025_单位预算.pdf"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path} is missing: the real disclosures are kept in corpus/samples/")
    return path


@pytest.fixture(scope="session")
def seed_raw():
    from budgetqa.ingest.text import read_text

    return read_text(SEED.read_bytes(), SEED.name)


@pytest.fixture(scope="session")
def seed_doc(seed_raw):
    from budgetqa.parse.document import parse

    return parse(seed_raw)


@pytest.fixture(scope="session")
def swu_raw():
    from budgetqa.ingest.pdf import read_pdf

    path = need(SWU_PDF)
    return read_pdf(path.read_bytes(), path.name)


@pytest.fixture(scope="session")
def sh_raw():
    from budgetqa.ingest.pdf import read_pdf

    path = need(SH_PDF)
    return read_pdf(path.read_bytes(), path.name)


@pytest.fixture(scope="session")
def swu_doc(swu_raw):
    from budgetqa.parse.document import parse

    return parse(swu_raw)


@pytest.fixture(scope="session")
def sh_doc(sh_raw):
    from budgetqa.parse.document import parse

    return parse(sh_raw)


@pytest.fixture(scope="session")
def structured_index(tmp_path_factory):
    """An index of the seed whose retrieval part is a stand-in: the structured answers need no embedding model."""
    from budgetqa.config import Settings
    from budgetqa.store.library import Library

    path = tmp_path_factory.mktemp("structured-index")
    mp = pytest.MonkeyPatch()
    mp.setattr(
        "budgetqa.retrieval.persist.build_retrieval",
        lambda docs, out_dir, settings, previous=None, progress=None: out_dir.mkdir(parents=True),
    )
    Library.open(Settings(index_dir=path, corpus_dir=path / "none")).ingest([SEED])
    mp.undo()
    return path
