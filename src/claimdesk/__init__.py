"""claimdesk: a citation and claim fact-checking workbench.

The public surface, for scripts and notebooks; each name lives in the module of its concern:

    read_article, extract_text, extract_article reading an article, its sentences and claims
    open_db, build_database                     the database: schema, seeds + ledger
    add_sources, record_review                  linking sources, recording verdicts
    dump_ledger                                 the git-diffable ledger
    run_fetch_sources, FetchOptions             fetching and archiving sources
    rank_passages, match_file, compute_evidence finding evidence passages
    export_claimreview, export_csv, export_report, export_warc     publishing
    ClaimdeskError and its subclasses           every error raised on purpose
"""

__version__ = "0.1.0"

# Names here never repeat a submodule's name: `import claimdesk.build as b` must give the module.

from claimdesk.build import build as build_database
from claimdesk.claimreview import export_claimreview
from claimdesk.db import open_db
from claimdesk.errors import ClaimdeskError, FetchError, InputError, InvalidStatus, LedgerError, NotFound
from claimdesk.evidence import compute_evidence, match_file, rank_passages
from claimdesk.extract import extract as extract_text
from claimdesk.extract import extract_article
from claimdesk.fetch import FetchOptions, run_fetch_sources
from claimdesk.ledger import dump_ledger
from claimdesk.reader import read_article
from claimdesk.report import export_report
from claimdesk.reviews import record_review
from claimdesk.sources import add_sources
from claimdesk.tabular import export_csv
from claimdesk.warc import export_warc

__all__ = [
    "ClaimdeskError",
    "FetchError",
    "FetchOptions",
    "InputError",
    "InvalidStatus",
    "LedgerError",
    "NotFound",
    "__version__",
    "add_sources",
    "build_database",
    "compute_evidence",
    "dump_ledger",
    "export_claimreview",
    "export_csv",
    "export_report",
    "export_warc",
    "extract_article",
    "extract_text",
    "match_file",
    "open_db",
    "rank_passages",
    "read_article",
    "record_review",
    "run_fetch_sources",
]
