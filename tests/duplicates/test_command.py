"""`inprocedere duplicates`: the JSON shape, text, the score filter and bad options."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from inprocedere.duplicates.models import BlockingKey
from inprocedere.network.models import Organisation
from inprocedere.participants.models import ExternalIdentifier

pytestmark = pytest.mark.django_db


def _run(*args):
    out, err = StringIO(), StringIO()
    call_command("duplicates", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def two(person):
    a = person("Al-Hassan", "Mohammed")
    b = person("Al Hassan", "Muhammad")
    ExternalIdentifier.objects.create(
        participant=b,
        organisation=Organisation.objects.get(slug="jc-germersheim"),
        kind="jobcentre_customer",
        value="123D456789",
    )
    person("Khalil", "Amal")
    return a, b


def test_the_json_shape(two):
    a, b = two
    out, _err = _run("--format", "json", "--min-score", "0.5")
    data = json.loads(out)
    mine = [row for row in data if {row["a"]["id"], row["b"]["id"]} == {a.pk, b.pk}]
    assert len(mine) == 1
    row = mine[0]
    assert list(row) == ["a", "b", "score", "weight", "cluster", "reasons"]
    assert row["a"] == {"id": a.pk, "external_ids": []}
    assert row["b"] == {
        "id": b.pk,
        "external_ids": [
            {"organisation": "jc-germersheim", "kind": "jobcentre_customer", "value": "123D456789"}
        ],
    }
    assert 0.0 <= row["score"] <= 1.0
    assert row["reasons"] and all(isinstance(r, str) for r in row["reasons"])
    assert "Mohammed" not in out and "Hassan" not in out  # ids, never names


def test_min_score_filters(two):
    assert all(row["score"] == 1 for row in json.loads(_run("--min-score", "1")[0]))
    everything = json.loads(_run("--min-score", "0")[0])
    assert (
        all(row["score"] >= 0.7 for row in json.loads(_run("--min-score", "0.7")[0]))
        and len(everything) >= 1
    )


def test_text_format(two):
    out, _err = _run("--format", "text", "--min-score", "0.5")
    assert "~" in out and "jc-germersheim:jobcentre_customer:123D456789" in out
    assert out.rstrip().endswith("pairs.")


def test_refresh_recomputes_and_keys_missing_are_computed(two):
    BlockingKey.objects.all().delete()
    _out, err = _run("--min-score", "0.5")
    assert "Recomputed" in err
    assert BlockingKey.objects.exists()
    _out, err = _run("--refresh")
    assert "Recomputed" in err


@pytest.mark.parametrize(
    "args",
    [("--min-score", "2"), ("--min-score", "x"), ("--format", "xml"), ("--min-score", "-0.1")],
)
def test_bad_options_are_clear_errors(args):
    with pytest.raises(CommandError):
        _run(*args)
