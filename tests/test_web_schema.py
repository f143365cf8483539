"""The REST API against its own OpenAPI document with schemathesis: no input gives a server error."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings



schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed (pip install -e '.[dev]')")
from schemathesis.checks import not_a_server_error  # noqa: E402


def _no_resources():
    raise AssertionError("POST /api/extract is not fuzzed")


@pytest.fixture(scope="module")
def api_schema(examples_any):
    from eventwire.web import create_app
    return schemathesis.openapi.from_asgi("/openapi.json", create_app(examples_any, resources_loader=_no_resources))


def test_api_never_fails(api_schema):
    """Every GET operation, with generated parameters (schemathesis' pytest plugin predates pytest 9:
    the operations are walked here instead)."""
    operations = [r.ok() for r in api_schema.get_all_operations()]
    gets = [op for op in operations if op.method.upper() == "GET"]
    assert len(gets) >= 9

    for op in gets:
        @given(case=op.as_strategy())
        @settings(max_examples=25, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        def check(case) -> None:
            case.call_and_validate(checks=[not_a_server_error])
        check()
