"""The Python API: its docstring examples and the README's Python block run as written."""
from __future__ import annotations

import doctest
import os
import re
import subprocess
import sys

import pytest

from conftest import EXAMPLES, ROOT


@pytest.fixture
def shared_resources(resources, monkeypatch):
    """eventwire.process() uses the session's resources instead of loading its own."""
    import eventwire.pipeline as pipeline
    monkeypatch.setattr(pipeline, "_DEFAULT", resources)
    return resources


def test_import_is_cheap():
    code = "import sys, eventwire; print(sorted(m for m in ('spacy', 'eventwire.pipeline', 'pandas') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_api_docstring_examples(shared_resources):
    pytest.importorskip("pandas")
    import eventwire.api
    result = doctest.testmod(eventwire.api, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.attempted >= 8 and result.failed == 0


def test_export_docstring_examples():
    import eventwire.export
    result = doctest.testmod(eventwire.export)
    assert result.attempted > 0 and result.failed == 0


def test_readme_python_block(shared_resources, seed_results, tmp_path, monkeypatch, capsys):
    pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    from eventwire.store import connect, store_result
    conn = connect(tmp_path / "eventwire.db")            # what `eventwire run examples/ --db eventwire.db` makes
    for r in seed_results.values():
        store_result(conn, r)
    conn.close()
    block = re.search(r"## Python\n+```python\n(.*?)```", (ROOT / "README.md").read_text("utf-8"), re.S).group(1)
    monkeypatch.chdir(tmp_path)
    exec(compile(block, "README.md", "exec"), {})
    out = capsys.readouterr().out
    assert "CONSULT" in out and "Sergei Lavrov" in out
    import pandas as pd
    assert len(pd.read_parquet(tmp_path / "events.parquet")) > 5


def test_database_class(seed_results, tmp_path, db_url):
    import eventwire
    with pytest.raises(FileNotFoundError, match="no such database"):
        eventwire.open(tmp_path / "missing.db")
    assert not (tmp_path / "missing.db").exists()
    with eventwire.open(db_url, create=True) as db:
        assert {db.store(r) for r in seed_results.values()} == {"stored"}
        assert db.store(seed_results["seed-002"]) == "unchanged"
        everything = db.events(all_polarities=True)
        asserted = db.events()
        assert len(everything) > len(asserted) > 5 and {r["polarity"] for r in asserted} == {"asserted"}
        assert [r["type"] for r in db.events(type="consult")] == ["CONSULT"] * len(db.events(type="CONSULT"))
        since = db.events(since="2023-10-01")
        assert since and all((r["date_end"] or r["date"]) >= "2023-10" for r in since)
        tl = db.timeline("Russia", with_="Hamas")
        assert tl and all(r["date"] for r in tl) and [r["date"] for r in tl] == sorted(r["date"] for r in tl)
        assert {a["kind"] for a in db.actors(kind="person")} == {"PERSON"}
        assert all(a["country"] == "RUS" for a in db.actors(country="rus"))
        assert db.actor("Lavrov")["id"] == "person:sergei-lavrov"
        if os.environ.get("EVENTWIRE_NO_PANDAS") is None:
            pytest.importorskip("pandas")
            df = db.to_pandas(all_polarities=True)
            assert df["id"].tolist() == [r["id"] for r in everything]
    assert db.conn is None
    db.close()                                            # idempotent
    assert EXAMPLES.exists()
