"""The README cannot drift: its example output is what the code prints, and it names every command and setting."""

from __future__ import annotations

import re

from click.testing import CliRunner

from budgetqa import exit_codes
from budgetqa.cli import main
from budgetqa.config import describe

from .conftest import ROOT, SEED

README = (ROOT / "README.md").read_text("utf-8")


def _console_block_after(command: str) -> str:
    m = re.search(r"```console\n\$ " + re.escape(command) + r"[^\n]*\n(.*?)```", README, re.S)
    assert m, f"README has no console example of {command!r}"
    return m.group(1).rstrip()


def test_check_example_is_current():
    result = CliRunner().invoke(main, ["check", str(SEED)])
    assert _console_block_after(".venv/bin/budgetqa check") == result.output.rstrip()


def test_ask_example_is_current(structured_index):
    shown = _console_block_after(".venv/bin/budgetqa ask")
    question = re.search(r'budgetqa ask "([^"]+)"', README).group(1)
    result = CliRunner().invoke(main, ["ask", "--index", str(structured_index), question])
    assert shown == result.output.rstrip()


def test_every_command_and_setting_is_documented():
    for command in main.commands:
        assert f"budgetqa {command}" in README, command
    for _name, env, _default, _help in describe():
        assert f"`{env}`" in README, env


def test_the_two_commands_are_the_makefile_targets():
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "make serve" in README and "make test" in README
    assert re.search(r"^serve:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text("utf-8")


def test_ci_runs_the_lint_and_every_exit_code_is_documented():
    assert re.search(r"^make lint$", (ROOT / ".ci" / "run").read_text("utf-8"), re.M)
    assert re.search(r"^lint:", (ROOT / "Makefile").read_text("utf-8"), re.M)
    for code, _name, _meaning in exit_codes.describe():
        assert re.search(rf"^\| {code} \| ", README, re.M), code
