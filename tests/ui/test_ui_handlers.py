"""The page's event handlers over a fake Assistant, without a browser."""

from __future__ import annotations

import concurrent.futures

from budgetqa.ui.handlers import ALL_DOCS, Handlers

from .fake import INJECTION, FakeAssistant, make_disclosure


def test_ask_appends_question_answer_and_collapsed_sources(fake):
    h = Handlers(fake)
    messages, questions = h.ask("  出差花了多少钱？ ", [], [], ALL_DOCS)
    assert [m["role"] for m in messages] == ["user", "assistant", "assistant"]
    assert "34.74" in messages[1]["content"] and 'href="#bqa-src-1">[1]</a></sup>' in messages[1]["content"]
    assert messages[2]["metadata"] == {"title": "来源（1 条）", "status": "done"}
    assert '<td class="cited"><mark>34.74</mark><sup class="bqa-ref">[1]</sup></td>' in messages[2]["content"]
    assert questions == ["出差花了多少钱？"]
    assert fake.calls == [("出差花了多少钱？", (), None)]


def test_follow_up_passes_earlier_questions():
    fake = FakeAssistant([make_disclosure("a" * 12), make_disclosure("b" * 12, unit="另一单位")])
    h = Handlers(fake)
    messages, questions = h.ask("出差花了多少钱？", [], [], "b" * 12)
    messages, questions = h.ask("那去年呢？", messages, questions, "b" * 12)
    assert fake.calls[-1] == ("那去年呢？", ("出差花了多少钱？",), "b" * 12)
    assert len(messages) == 6 and questions == ["出差花了多少钱？", "那去年呢？"]


def test_blank_question_does_nothing(fake):
    assert Handlers(fake).ask("   ", [{"role": "user", "content": "x"}], ["x"], None) == (
        [{"role": "user", "content": "x"}],
        ["x"],
    )
    assert fake.calls == []


def test_not_found_has_no_sources_and_is_escaped(fake):
    messages, _ = Handlers(fake).ask(INJECTION, [], [], None)
    assert len(messages) == 2 and "<img" not in messages[0]["content"] + messages[1]["content"]
    assert "bqa-not-found" in messages[1]["content"]


def test_failing_ask_is_reported_in_the_chat(fake):
    def boom(*_a, **_k):
        raise RuntimeError("retriever <broke>")

    fake.ask = boom
    messages, questions = Handlers(fake).ask("出差", [], [], None)
    shown = messages[-1]["content"]
    assert "内部错误" in shown and "服务器日志" in shown and questions == []
    assert "broke" not in shown and "RuntimeError" not in shown  # details go to the log, not to visitors


def test_bad_upload_keeps_documents(fake, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("hello", "utf-8")
    h = Handlers(fake)
    before = h.documents
    ok, message = h.ingest(str(bad))
    assert not ok and "导入失败" in message and "notes.txt" in message and h.documents == before
    assert "这看起来不是预算/决算公开文件" in message and str(tmp_path) not in message and "budget" not in message


def test_good_upload_adds_a_document_and_reports_progress(fake, tmp_path):
    good = tmp_path / "某局_2024_单位预算.txt"
    good.write_text("2024年单位预算 一般公共预算支出表", "utf-8")
    h = Handlers(fake)
    seen = []
    ok, message = h.ingest(str(good), progress=lambda msg, frac: seen.append((msg, frac)))
    assert ok and "已导入" in message and len(h.documents) == 2
    assert seen[-1] == ("完成", 1.0)
    assert next(label for label, _ in h.doc_choices()) == "全部文档" and len(h.doc_choices()) == 3


def test_tables_and_definitions(fake):
    h = Handlers(fake)
    labels = [label for label, _ in h.table_choices(None)]
    assert labels[1] == "单位公开表5 一般公共预算支出表（⚠ 1 行未确定）"
    assert "社会保险业务管理事务" in h.table(fake.documents[0].id, "t5")
    assert "请选择" in h.table("missing", "t5")
    assert "“三公”经费" in h.definitions("三公") and "基本支出" not in h.definitions("三公")


def test_concurrent_asks_do_not_mix_sessions(fake):
    h = Handlers(fake)
    questions = [f"出差花了多少钱？{i}" for i in range(40)]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda q: h.ask(q, [], [], None), questions))
    assert [r[1] for r in results] == [[q] for q in questions]
