"""The `claimdesk extract` command: JSON only on stdout, readable listing, one-line errors."""

import json
import os

from click.testing import CliRunner

from claimdesk.cli import cli

SEED = os.path.join(os.path.dirname(__file__), "..", "seeds", "000_b02b4225fd3b4194.txt")
FIELDS = {
    "text",
    "start",
    "end",
    "section",
    "checkworthy",
    "score",
    "kind",
    "dates",
    "entities",
    "numbers",
    "reasons",
    "urls",
}


def test_json_records():
    result = CliRunner().invoke(cli, ["extract", SEED, "--json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert records and all(set(r) == FIELDS for r in records)
    text = open(SEED, encoding="utf-8").read()
    assert all(text[r["start"] : r["end"]] == r["text"] for r in records)
    footer = [r for r in records if "https://bit.ly/4dpN4O7" in r["urls"]]
    assert footer and footer[0]["section"] == "footer"
    decision = next(r for r in records if "Pada April 2023" in r["text"])
    assert "date: 2023-04" in decision["reasons"] and "decision verb: memutuskan" in decision["reasons"]
    hedge = next(r for r in records if "tampak lebih progresif" in r["text"])
    assert "hedge: tampak" in hedge["reasons"] and not hedge["checkworthy"]


def test_readable_listing_and_lang_option():
    result = CliRunner().invoke(cli, ["extract", SEED, "--lang", "id"])
    assert result.exit_code == 0
    assert "check-worthy" in result.output and "because: date: 2023-04" in result.output


def test_bad_input_is_one_line_exit_1(tmp_path):
    binary = tmp_path / "junk.txt"
    binary.write_bytes(b"\x00\x01\x02" * 1000)
    for path in (str(tmp_path / "missing.txt"), str(binary)):
        result = CliRunner().invoke(cli, ["extract", path, "--json"])
        assert result.exit_code == 1
        assert result.stdout == ""
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_large_file_is_linear(tmp_path):
    seed = open(SEED, encoding="utf-8").read()
    big = tmp_path / "big.txt"
    big.write_text((seed + "\n\n") * 150, encoding="utf-8")  # ~0.5 MB
    result = CliRunner().invoke(cli, ["extract", str(big), "--json", "--lang", "id"])
    assert result.exit_code == 0
    assert len(json.loads(result.stdout)) > 5000
