"""The CLI reference in README.md is generated from --help and must not drift."""

import subprocess
import sys

from conftest import ROOT


def test_readme_cli_reference_is_current():
    result = subprocess.run(
        [sys.executable, "-m", "cogapp", "--check", "README.md"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, "README.md is stale: run `make docs`\n" + result.stdout + result.stderr


def test_readme_names_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text
