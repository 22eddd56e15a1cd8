import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from conflictlens.cli import app
from conflictlens.store.db import Store

runner = CliRunner()


def _run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


def test_cli_ingest_twice_changes_nothing(tmp_path: Path, data_dir: Path):
    db = str(tmp_path / "s.sqlite")
    first = _run("ingest", str(data_dir / "ingest" / "folder"), str(data_dir / "ingest" / "report.txt"), "--db", db,
                 "--published", "2024-05-01")
    assert first.exit_code == 0, first.output
    assert "3 document(s) stored, 0 skipped as duplicates, 0 failed" in first.output
    before = Store(db).counts()
    second = _run("ingest", str(data_dir / "ingest" / "folder"), str(data_dir / "ingest" / "report.txt"),
                  "--db", db)
    assert second.exit_code == 0 and "0 document(s) stored, 3 skipped as duplicates" in second.output
    assert Store(db).counts() == before


def test_cli_bad_inputs_reported_batch_lands_exit_3(tmp_path: Path, data_dir: Path):
    folder = tmp_path / "in"
    shutil.copytree(data_dir / "ingest", folder)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    db = str(tmp_path / "s.sqlite")
    result = _run("ingest", str(folder), "--db", db)
    assert result.exit_code == 3
    assert f"skipped: {folder / 'empty.txt'}: empty input" in result.output
    assert f"skipped: {folder / 'blob.txt'}: binary file" in result.output
    assert "records.jsonl:2: invalid JSON" in result.output
    assert "4 of 11 inputs skipped" in result.output
    assert Store(db).counts()["documents"] == 7


def test_cli_documents_json_shows_text_without_furniture(tmp_path: Path, data_dir: Path):
    db = str(tmp_path / "s.sqlite")
    _run("ingest", str(data_dir / "ingest" / "report.txt"), "--db", db, "--published", "2024-05-01")
    result = _run("documents", "--json", "--db", db)
    (doc,) = json.loads(result.output)
    assert doc["published"] == "2024-05-01" and doc["author"] == "Karim Abbas"
    assert "Do you like" not in doc["text"] and "God protect" not in doc["text"]


def test_cli_ingest_stdin(tmp_path: Path):
    db = str(tmp_path / "s.sqlite")
    result = _run("ingest", "-", "--db", db, "--source", "wire", input="Gunmen shot dead a village mukhtar in "
                  "Tarmiyah on Monday, police said.\n")
    assert result.exit_code == 0, result.output
    (doc,) = json.loads(_run("documents", "--json", "--db", db).output)
    assert doc["source"] == "wire" and doc["input_name"] == "<stdin>"


def test_cli_bad_date_is_usage_error(tmp_path: Path, data_dir: Path):
    result = _run("ingest", str(data_dir / "ingest" / "report.txt"), "--db", str(tmp_path / "s.sqlite"),
                  "--published", "yesterday")
    assert result.exit_code == 2 and "--published 'yesterday': expected a date" in result.output


def test_cli_show_unknown_event(tmp_path: Path):
    result = _run("show", "nope", "--db", str(tmp_path / "s.sqlite"))
    assert result.exit_code == 2 and "nope: no such event" in result.output


def test_cli_ingest_with_a_bad_actors_file_is_refused(tmp_path: Path, data_dir: Path):
    actors = tmp_path / "mine.yaml"
    actors.write_text("schema_version: 1\nactors:\n  - id: x\n    name: X\n    type: nonsense\n    aliases: [Xers]\n")
    result = _run("ingest", str(data_dir / "ingest" / "report.txt"), "--db", str(tmp_path / "s.sqlite"),
                  "--actors", str(actors))
    assert result.exit_code == 2 and "mine.yaml" in result.output and "nonsense" in result.output
