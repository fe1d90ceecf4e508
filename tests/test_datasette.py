"""Datasette serves the database with the project's metadata and configuration."""

import json

import pytest
import yaml
from datasette.app import Datasette

from claimdesk.cli.serving import datasette_command
from conftest import ROOT


@pytest.fixture
def datasette(built_db):
    metadata = json.loads((ROOT / "datasette-metadata.json").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "datasette.yaml").read_text(encoding="utf-8"))
    return Datasette([str(built_db)], metadata=metadata, config=config)


def test_metadata_file_holds_descriptions_only():
    metadata = json.loads((ROOT / "datasette-metadata.json").read_text(encoding="utf-8"))
    text = json.dumps(metadata)
    for key in ("queries", "permissions", "allow", "facets", "plugins"):
        assert f'"{key}"' not in text, f"{key} belongs in datasette.yaml"


@pytest.mark.asyncio
async def test_claims_table_lists_the_seed_claims(datasette):
    response = await datasette.client.get("/claims/claims.json?_shape=objects&_size=max")
    assert response.status_code == 200
    rows = response.json()["rows"]
    assert any("Pada April 2023, Dewan Kota Liège" in r["text"] for r in rows)
    assert {r["section"] for r in rows} >= {"body", "comment", "byline"}


@pytest.mark.asyncio
async def test_facets_and_descriptions_are_configured(datasette):
    response = await datasette.client.get("/claims/claims.json?_extra=facet_results")
    facets = response.json()["facet_results"]["results"]
    assert {"status", "section", "kind"} <= set(facets)
    page = await datasette.client.get("/claims/claims")
    assert "Every sentence of every article" in page.text


@pytest.mark.asyncio
@pytest.mark.parametrize(
    "name,expect",
    [
        ("review_queue", "Ramallah"),
        ("claims_without_sources", None),
        ("failed_sources", None),
    ],
)
async def test_stored_queries_run(datasette, name, expect):
    response = await datasette.client.get(f"/claims/{name}.json?_shape=objects")
    assert response.status_code == 200, response.text
    if expect:
        assert any(expect in r["text"] for r in response.json()["rows"])


@pytest.mark.asyncio
async def test_full_text_search_on_claims(datasette):
    response = await datasette.client.get("/claims/claims.json?_search=Verviers&_shape=objects")
    rows = response.json()["rows"]
    assert rows and all("Verviers" in r["text"] for r in rows)


@pytest.mark.asyncio
async def test_anonymous_cannot_write(datasette):
    response = await datasette.client.post("/claims/claims/1/-/update", json={"update": {"status": "false"}})
    assert response.status_code in (401, 403)


def test_serve_command_line(built_db, monkeypatch):
    monkeypatch.chdir(ROOT)
    command = datasette_command(
        str(built_db), port=8123, root=True, metadata="datasette-metadata.json", config="datasette.yaml"
    )
    assert command[-7:] == ["-c", "datasette.yaml", "-h", "127.0.0.1", "-p", "8123", "--root"][-7:]
    assert "127.0.0.1" in command


@pytest.mark.asyncio
async def test_article_report_is_served_with_a_strict_policy(datasette):
    article = await datasette.client.get("/claims/articles/1")
    assert 'href="/-/claimdesk/report/000_b02b4225fd3b4194"' in article.text
    response = await datasette.client.get("/-/claimdesk/report/000_b02b4225fd3b4194")
    assert response.status_code == 200
    assert "default-src 'none'" in response.headers["content-security-policy"]
    assert 'data-status="verified"' in response.text and "Verviers" in response.text
    assert "<script" not in response.text
    missing = await datasette.client.get("/-/claimdesk/report/no-such-article")
    assert missing.status_code == 404
