"""Shared fixtures: the repository's own seeds and ledger, built into a temporary database."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimdesk.build import build
from claimdesk.cli import cli

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
LEDGER = ROOT / "claims"
SEED_SLUG = "000_b02b4225fd3b4194"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of seeds/ and claims/ in a temporary folder, so tests may change them."""
    shutil.copytree(SEEDS, tmp_path / "seeds")
    shutil.copytree(LEDGER, tmp_path / "claims")
    return tmp_path


@pytest.fixture
def built_db(project: Path) -> Path:
    db_path = project / "claims.db"
    build(db_path, project / "seeds", project / "claims")
    return db_path


@pytest.fixture
def run_cli():
    """Run the CLI in process; returns the click Result (exit_code, stdout, stderr)."""

    def run(*args: str, input: str | None = None):
        return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return run
