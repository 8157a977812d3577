"""Scans of real disclosures read by the real OCR engine: the same cells, the same document record, OCR citations.

A few pages per document keep CI short; ``bench/ocr.py --accuracy`` runs whole documents.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from budgetqa.ingest import ocr
from budgetqa.ingest.pdf import read_pdf
from budgetqa.parse.document import parse

from .scans import compare, make_scan, pick_pages

SAMPLES = Path(__file__).resolve().parents[2] / "corpus" / "samples"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not ocr.available(), reason=f"the OCR extra is not installed ({ocr.INSTALL_HINT})"),
]


@pytest.mark.parametrize(
    "name,pages,noise,skew",
    [
        # a district 决算 in 万元, scanned with noise
        ("中共上海市普陀区委社会工作部_2024_部门决算.pdf", (1, 6, 13), 8.0, 0.0),
        # tables in 元 with 类/款/项 in split columns
        ("上海市财政局_2025_单位预算.pdf", (1, 8, 10), 0.0, 0.0),
        # a 单位预算 in 元 with split 类/款/项: lone "0" cells (p15), a name's thin leading 一 (p10), a word read twice (p7)
        ("上海市普陀区社会福利院_2024_单位预算.pdf", (7, 10, 15), 0.0, 0.0),
        # a central 部门预算 with a different layout, scanned with noise and a 0.5° skew
        ("西南大学_2023_部门预算.pdf", (1, 8), 8.0, 0.5),
    ],
)
def test_scan_reads_the_cells_of_the_original(name, pages, noise, skew):
    original_pdf = pick_pages((SAMPLES / name).read_bytes(), pages)
    original = parse(read_pdf(original_pdf, name))
    raw = read_pdf(make_scan(original_pdf, noise=noise, skew=skew), name)
    assert raw.ocr_pages == tuple(range(1, len(pages) + 1))
    scan = parse(raw)
    result = compare(original, scan)
    assert result.cells > 30  # the pages hold tables
    assert result.share >= 0.99, result.differences
    assert not result.unflagged, result.unflagged
    assert not result.record
    assert scan.ocr_pages == raw.ocr_pages


def test_answer_from_a_scan_cites_ocr_and_the_page():
    from budgetqa.answer.writing.compose import OCR_MARK, Builder, cell_citation

    name = "上海市财政局_2025_单位预算.pdf"
    scan = parse(read_pdf(make_scan(pick_pages((SAMPLES / name).read_bytes(), (1, 8))), name))
    table = scan.tables[0]
    row = next(r for r in table.rows if r.cells)
    b = Builder(question="q", kind="k")
    citation = b.citations[cell_citation(b, scan, table, row, None) - 1]
    assert citation.locator.endswith(OCR_MARK) and citation.page == 2


def test_an_uploaded_scan_is_read_inside_the_capped_child_process(tmp_path):
    """Uploads are parsed in a child process with the default memory cap: OCR must fit in it."""
    from budgetqa.ingest.sandbox import ParseLimits, parse_file

    data = (SAMPLES / "中共上海市普陀区委社会工作部_2024_部门决算.pdf").read_bytes()
    path = tmp_path / "scan.pdf"
    path.write_bytes(make_scan(data, pages=[1, 2]))
    doc = parse_file(path, ParseLimits())
    assert doc.ocr_pages == (1, 2) and doc.unit_name
