"""Take docs/screenshot.png from the running app: ask questions, open the last answer's sources.

    .venv/bin/python -m tests.ui.screenshot [--index DIR] [--out docs/screenshot.png]

Uses the real Assistant over ``--index`` (default: the default index, built from corpus/ on first use).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from .conftest import CHROMIUM, CHROMIUM_ARGS, Server

QUESTIONS = ("三公经费为什么下降？", "2080107 的一般公共预算拨款比上年少多少？")


def take(assistant, out: Path, questions: tuple[str, ...] = QUESTIONS) -> None:
    from playwright.sync_api import sync_playwright

    with Server(assistant) as server, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 940}, locale="zh-CN", device_scale_factor=1)
        page.goto(server.url + "/")
        page.wait_for_selector("#bqa-question textarea", timeout=30_000)
        for i, question in enumerate(questions):
            page.fill("#bqa-question textarea", question)
            page.click("#bqa-send")
            page.wait_for_function(
                "n => document.querySelectorAll('#bqa-chat .bqa-answer, #bqa-chat .bqa-error').length > n",
                arg=i,
                timeout=120_000,
            )
            if page.locator("#bqa-chat .bqa-error").count():
                raise RuntimeError(f"{question!r} failed: {page.locator('#bqa-chat .bqa-error').inner_text()}")
        page.get_by_text("来源（", exact=False).last.click()
        page.wait_for_timeout(500)
        # Show the last answer from its first line, its sources open below it.
        page.eval_on_selector_all(
            "#bqa-chat .bqa-answer", "els => els[els.length - 1].scrollIntoView({block: 'start'})"
        )
        page.wait_for_timeout(500)
        page.screenshot(path=str(out))
        browser.close()


def main() -> None:
    from budgetqa import Assistant

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=Path("docs/screenshot.png"))
    args = parser.parse_args()
    take(Assistant.load(args.index), args.out)
    print(args.out)


if __name__ == "__main__":
    main()
