"""What a user installs: every imported distribution declared, and a built wheel that runs on its own."""

from __future__ import annotations

import ast
import importlib.metadata as metadata
import os
import re
import subprocess
import sys
import sysconfig
import tomllib
from pathlib import Path

import pytest

from .conftest import ROOT

SRC = ROOT / "src" / "budgetqa"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imported_distributions() -> set[str]:
    modules: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                modules.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    owners = metadata.packages_distributions()
    dists = set()
    for module in modules - set(sys.stdlib_module_names) - {"budgetqa"}:
        assert module in owners, f"{module} is imported but no installed distribution provides it"
        dists.update(d.lower().replace("_", "-") for d in owners[module])
    return dists


def _split_llama_index(dists: set[str]) -> set[str]:
    """llama_index is a namespace over several distributions: count the ones whose modules are imported."""
    used = {d for d in dists if not d.startswith("llama-index")}
    text = "\n".join(p.read_text("utf-8") for p in SRC.rglob("*.py"))
    if "llama_index.core" in text:
        used.add("llama-index-core")
    for store in ("faiss", "qdrant"):
        if f"llama_index.vector_stores.{store}" in text:
            used.add(f"llama-index-vector-stores-{store}")
    return used


def test_every_imported_distribution_is_declared_and_every_declared_one_imported():
    """The dependencies and the optional extras a feature needs (ocr, qdrant; not the test tools)."""
    extras = [r for name, reqs in PYPROJECT["project"]["optional-dependencies"].items() if name != "test" for r in reqs]
    declared = {_name(r) for r in [*PYPROJECT["project"]["dependencies"], *extras]}
    imported = _split_llama_index(_imported_distributions())
    assert imported - declared == set(), "imported but not declared"
    assert declared - imported == set(), "declared but never imported"


def test_dependencies_are_bounded():
    for requirement in PYPROJECT["project"]["dependencies"]:
        assert re.search(r"==|>=", requirement), f"{requirement} has no lower bound or pin"


def test_the_package_ships_its_type_marker_and_license():
    assert (SRC / "py.typed").is_file()
    assert "MIT License" in (ROOT / "LICENSE").read_text("utf-8") and PYPROJECT["project"]["license"] == "MIT"
    assert "py.typed" in PYPROJECT["tool"]["setuptools"]["package-data"]["budgetqa"]


@pytest.mark.slow
def test_built_wheel_installs_into_a_clean_venv_and_answers(tmp_path):
    """`pip wheel .` → a fresh venv → `budgetqa ask` from outside the checkout.

    The wheel is installed with --no-deps and the dependencies come from this interpreter's site-packages through
    a .pth line (the machines are offline for anything but PyPI, and torch alone is hundreds of MB). So this
    proves the wheel carries everything budgetqa needs at run time (modules, data/*.json, py.typed, the console
    script) and imports nothing from the source tree; it does not prove that pip resolves the declared ranges,
    which the import test above checks declaratively.
    """
    wheels, venv, cwd = tmp_path / "wheels", tmp_path / "venv", tmp_path / "elsewhere"
    cwd.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}

    def run(*args: str | Path, **kw) -> subprocess.CompletedProcess:
        result = subprocess.run([str(a) for a in args], capture_output=True, text=True, env=env, **kw)
        assert result.returncode == 0, f"{args}\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}"
        return result

    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", wheels, ROOT)
    (wheel,) = wheels.glob("budgetqa-*.whl")
    run(sys.executable, "-m", "venv", venv)
    python = venv / "bin" / "python"
    run(python, "-m", "pip", "install", "-q", "--no-index", "--no-deps", wheel)
    purelib = Path(run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip())
    (purelib / "shared-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")

    where = run(
        python,
        "-c",
        "import budgetqa, importlib.resources as r; print(budgetqa.__file__); "
        "print(r.files('budgetqa').joinpath('py.typed').is_file())",
        cwd=cwd,
    ).stdout.split()
    assert Path(where[0]).is_relative_to(venv) and where[1] == "True"

    index = ROOT / "index"
    if not index.is_dir():
        pytest.skip("no default index: run `budgetqa setup` first (make test does)")
    result = run(venv / "bin" / "budgetqa", "ask", "--index", index, "--json", "--strict", "出差花了多少钱？", cwd=cwd)
    assert '"status": "answered"' in result.stdout and "34.74" in result.stdout
    missing = subprocess.run(
        [venv / "bin" / "budgetqa", "ask", "--index", cwd / "none", "x"],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
    )
    assert missing.returncode == 3
