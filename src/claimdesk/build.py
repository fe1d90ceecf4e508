"""``build``: seeds/ + claims/ -> the database, idempotently and all or nothing."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from claimdesk.db import open_db
from claimdesk.ingest import IngestResult, article_paths, prepare_articles, store_articles
from claimdesk.ledger import MergeResult, merge_ledger, read_ledger_dir


@dataclass
class BuildResult:
    ingest: IngestResult
    merge: MergeResult
    counts: dict[str, int]

    def summary(self) -> str:
        return (
            f"{self.ingest.articles} articles, {self.counts['claims']} sentences "
            f"({self.counts['checkworthy']} check-worthy), {self.counts['sources']} sources, "
            f"{self.counts['reviews']} reviews; ledger: {self.merge.files} files, "
            f"{self.merge.reviews_added} reviews added"
            + (
                f", {self.merge.claims_dropped} unreviewed ledger claims no longer in their article"
                if self.merge.claims_dropped
                else ""
            )
        )


def row_counts(db) -> dict[str, int]:
    counts = {
        t: db[t].count for t in ("articles", "claims", "sources", "claim_sources", "reviews", "snapshots", "evidence")
    }
    counts["checkworthy"] = next(db.query("SELECT count(*) AS n FROM claims WHERE checkworthy = 1"))["n"]
    return counts


def build(
    db_path: str | Path, seeds_dir: str | Path = "seeds", ledger_dir: str | Path = "claims", *, progress=None
) -> BuildResult:
    """Ingest every article of ``seeds_dir`` and merge the ledger of ``ledger_dir``.

    All input is read and checked before the database is opened, and the writes happen in one
    transaction: a missing seeds folder or a broken ledger file changes nothing.
    """
    prepared = prepare_articles(article_paths(seeds_dir), progress=progress)
    ledgers = read_ledger_dir(ledger_dir)
    created = not Path(db_path).exists()
    db = open_db(db_path)
    try:
        merge = MergeResult()
        with db.atomic():
            ingest = store_articles(db, prepared)
            for path, data in ledgers:
                merge_ledger(db, path, data, merge)
        result = BuildResult(ingest=ingest, merge=merge, counts=row_counts(db))
    except BaseException:
        db.close()
        if created:  # a failed first build leaves no empty database behind to be mistaken for one
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        raise
    db.close()
    return result
