"""Cross-table rules pick the figure each table really prints: an income table totalled over 本年收入 only is
compared with the summary's 本年收入合计, not with its 收入总计 (which adds 上年结转)."""

from __future__ import annotations

import pytest

from budgetqa.check.summary import check_file

from ..conftest import SHARED_CORPUS


@pytest.mark.parametrize("name", ["西南大学_2021_部门预算.pdf", "西南大学_2024_部门预算.pdf"])
def test_this_years_income_total_is_compared_with_this_years_income(name):
    report = check_file(SHARED_CORPUS / name)
    cross = [c for c in report.checks if c.kind == "cross_table"]
    assert not [c for c in cross if not c.ok], [c.message for c in cross if not c.ok]
    compared = [c for c in cross if "本年收入合计" in c.message]
    assert compared and all(c.status == "ok" for c in compared)
    assert not [c for c in cross if c.message.startswith("收入总计")]  # the 总计 rule does not apply to these tables


def test_a_table_totalled_over_all_income_still_meets_the_summarys_grand_total(seed_doc):
    from budgetqa.check import reconcile

    cross = [c for c in reconcile(seed_doc).checks if c.kind == "cross_table"]
    assert [c.status for c in cross if c.message.startswith("收入总计")] == ["ok"]
