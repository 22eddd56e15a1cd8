"""End to end on the bundled examples: the README's main job, checked through the store."""

from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from conflictlens.cli import app
from conflictlens.store import schema as t
from conflictlens.store.db import Store
from conflictlens.store.queries import EventFilter, list_documents, list_events

pytestmark = pytest.mark.model
EXAMPLES = Path(__file__).parent.parent / "examples"
NO_EVENT_FILES = ("06_policy_coalition_transition.html",)
FURNITURE = ("Do you like this article", "Was this article helpful", "Captcha", "Related articles", "cookies")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    folder = tmp_path_factory.mktemp("run")
    db = str(folder / "examples.sqlite")
    result = CliRunner().invoke(app, ["run", str(EXAMPLES), "--db", db, "--report", str(folder / "report.html")])
    assert result.exit_code == 0, result.output
    assert (folder / "report.html").stat().st_size > 100_000
    return Store(db)


def test_examples_every_report_lands_once(store: Store):
    documents = list_documents(store, with_text=True)
    assert len(documents) == 15
    for doc in documents:
        for furniture in FURNITURE:
            assert furniture not in doc["text"], (doc["input_name"], furniture)


def test_examples_rockets_on_ain_al_asad_suspected_iran_aligned(store: Store):
    events = list_events(store, EventFilter(admin1="IQ-AN", event_type="shelling"))
    assert any(e["perpetrator"] == "Iran-aligned militias" and e["perpetrator_attribution"] == "suspected"
               for e in events)


def test_examples_policy_piece_yields_no_event(store: Store):
    rows = store.rows(
        select(t.mentions.c.mention_id).join(t.documents, t.documents.c.id == t.mentions.c.document_id)
        .where(t.documents.c.input_name.endswith(NO_EVENT_FILES[0]))
    )
    assert rows == []


def test_examples_second_run_changes_nothing(store: Store, tmp_path: Path):
    before = store.counts()
    result = CliRunner().invoke(app, ["ingest", str(EXAMPLES), "--db", store.url.removeprefix("sqlite:///")])
    assert result.exit_code == 0 and "15 skipped as duplicates" in result.output
    assert store.counts() == before
