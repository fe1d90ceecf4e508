"""Team sign-in: datasette.team.yaml works as documented and stays in step with datasette.yaml."""

from __future__ import annotations

import json

import pytest
import yaml
from datasette.app import Datasette
from datasette_auth_passwords.utils import hash_password

from test_plugin import CLAIM, ROOT, SAME_ORIGIN, make_database, reviews_of

TEAM = ROOT / "datasette.team.yaml"


def load(name: str) -> dict:
    return yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))


def test_team_config_is_the_main_config_plus_accounts():
    main, team = load("datasette.yaml"), load("datasette.team.yaml")
    for key in set(main) | set(team):
        if key in ("plugins", "permissions"):
            continue
        assert team.get(key) == main.get(key), (
            f"datasette.team.yaml differs from datasette.yaml in {key!r}: copy the change across"
        )
    reviewers = team["permissions"]["claimdesk-review"]["id"]
    assert "root" in reviewers
    accounts = [
        k.removesuffix("_password_hash")
        for k in team["plugins"]["datasette-auth-passwords"]
        if k.endswith("_password_hash")
    ]
    assert accounts and set(accounts) <= set(reviewers)
    for action in ("insert-row", "update-row", "delete-row"):
        assert action not in team["permissions"]
    # Secrets come from the environment, never from the file.
    assert "pbkdf2" not in TEAM.read_text(encoding="utf-8").split("plugins:")[1]


@pytest.fixture
def team_ds(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAIMDESK_ALICE_PASSWORD_HASH", hash_password("correct horse", iterations=1000))
    monkeypatch.delenv("CLAIMDESK_BOB_PASSWORD_HASH", raising=False)
    db_path = make_database(tmp_path / "claims.db")
    metadata = json.loads((ROOT / "datasette-metadata.json").read_text(encoding="utf-8"))
    return Datasette([str(db_path)], metadata=metadata, config=load("datasette.team.yaml")), db_path


@pytest.mark.asyncio
async def test_a_team_member_signs_in_and_reviews_under_their_name(team_ds):
    ds, db_path = team_ds
    login = await ds.client.post(
        "/-/login", data={"username": "alice", "password": "correct horse"}, headers=SAME_ORIGIN
    )
    assert login.status_code == 302, login.text
    cookie = login.cookies["ds_actor"]
    page = await ds.client.get(f"/claims/claims/{CLAIM}", cookies={"ds_actor": cookie})
    assert 'class="cd-review-form"' in page.text
    review = await ds.client.post(
        f"/-/claimdesk/review/{CLAIM}",
        cookies={"ds_actor": cookie},
        data={"status": "verified", "note": "checked the minutes"},
        headers=SAME_ORIGIN,
    )
    assert review.status_code == 303
    assert [(r["actor"], r["status"]) for r in reviews_of(db_path)] == [("alice", "verified")]


@pytest.mark.asyncio
async def test_wrong_password_or_unset_hash_cannot_sign_in(team_ds):
    ds, _ = team_ds
    for username, password in [("alice", "wrong"), ("bob", ""), ("bob", "anything")]:
        response = await ds.client.post(
            "/-/login", data={"username": username, "password": password}, headers=SAME_ORIGIN
        )
        assert response.status_code == 200 and "ds_actor" not in response.cookies
