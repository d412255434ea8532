"""Feed keys (perfmgmt/feed.py): Power BI reads the data files with a bearer key, as the
key's owner, and a key opens nothing else."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kpis.models import FeedKey
from kpis.models.feed_keys import digest_of
from kpis.roles import PERFORMANCE_TEAM, ensure_role_groups
from tests.factories import add_result, add_target, make_indicator, make_user

pytestmark = pytest.mark.django_db

CSV = reverse("reporting:scorecard_csv", args=["2025-26-Q2"])


@pytest.fixture
def figures():
    ind = make_indicator("FEED1", title="Library visits")
    add_target(ind, "2025-26", 50)
    add_result(ind, "2025-26-Q1", 40)
    add_result(ind, "2025-26-Q2", "77", status="submitted")  # awaiting sign-off
    return ind


def bearer(key: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def actuals(response) -> dict[str, str]:
    assert response.status_code == 200, response.content
    return {row["code"]: row["actual"]
            for row in csv.DictReader(io.StringIO(response.content.decode()))}


def test_a_key_reads_a_data_file_as_its_owner_without_signing_in(figures):
    _, key = FeedKey.issue(make_user("councillor"), "Power BI", by="test")
    response = Client().get(CSV, **bearer(key))
    assert response["Content-Disposition"].endswith('scorecard-2025-26-Q2-data.csv"')
    # A councillor's key sees what a councillor sees: the signed-off Q1 figure, not the
    # Q2 one awaiting sign-off.
    assert actuals(response)["FEED1"].startswith("40")
    assert "sessionid" not in response.cookies


def test_the_performance_teams_key_sees_what_the_team_sees(figures):
    ensure_role_groups()
    team = make_user("analyst")
    team.groups.add(Group.objects.get(name=PERFORMANCE_TEAM))
    _, key = FeedKey.issue(team, "Power BI", by="test")
    assert actuals(Client().get(CSV, **bearer(key)))["FEED1"].startswith("77")


def test_the_latest_quarter_has_an_address_that_does_not_change(figures):
    _, key = FeedKey.issue(make_user("councillor"), "Power BI", by="test")
    response = Client().get(reverse("reporting:scorecard_csv", args=["latest"]), **bearer(key))
    assert response.status_code == 200
    assert "scorecard-latest" not in response["Content-Disposition"]


@pytest.mark.parametrize("state", ["wrong", "revoked", "closed account", "empty"])
def test_a_key_that_does_not_work_gets_401_and_no_data(figures, state):
    user = make_user("councillor")
    row, key = FeedKey.issue(user, "Power BI", by="test")
    if state == "wrong":
        key = key[:-1] + ("A" if key[-1] != "A" else "B")
    elif state == "revoked":
        row.revoke(by="test")
    elif state == "closed account":
        user.is_active = False
        user.save()
    else:
        key = ""
    response = Client().get(CSV, **bearer(key))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert b"FEED1" not in response.content


def test_a_key_opens_no_page_form_or_admin_screen(figures):
    _, key = FeedKey.issue(make_user("boss", is_staff=True, is_superuser=True), "BI", by="t")
    client = Client()
    for address in (reverse("reporting:scorecard"), reverse("governance:exceptions"),
                    "/admin/"):
        response = client.get(address, **bearer(key))
        assert response.status_code == 302, address  # to the sign-in page
    # Only reading: a POST with a key is anyone's.
    assert client.post(CSV, **bearer(key)).status_code in (302, 403, 405)


def test_the_exception_report_reads_with_a_key_only_as_a_file(figures):
    _, key = FeedKey.issue(make_user("councillor"), "Power BI", by="test")
    address = reverse("governance:exceptions")
    response = Client().get(address, {"period": "latest", "format": "csv"}, **bearer(key))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")


def test_only_the_digest_is_kept_and_use_is_recorded(figures):
    row, key = FeedKey.issue(make_user("councillor"), "Power BI", by="test")
    stored = FeedKey.objects.values_list("digest", "prefix").get()
    assert stored == (digest_of(key), key[:8]) and key not in stored
    Client().get(CSV, **bearer(key))
    row.refresh_from_db()
    assert row.last_used_at is not None
    assert (timezone.now() - row.last_used_at).total_seconds() < 60


def test_the_command_makes_shows_once_lists_and_revokes(figures, capsys):
    make_user("councillor")
    call_command("feed_key", "create", "--user", "councillor", "--name", "Power BI: members")
    said = capsys.readouterr().out
    key = next(line.strip() for line in said.splitlines() if line.startswith("    "))
    assert Client().get(CSV, **bearer(key)).status_code == 200
    call_command("feed_key", "list")
    assert f"{key[:8]}  councillor  Power BI: members" in capsys.readouterr().out
    call_command("feed_key", "revoke", key[:6])
    assert Client().get(CSV, **bearer(key)).status_code == 401
    with pytest.raises(CommandError, match="No live key"):
        call_command("feed_key", "revoke", key[:6])
    with pytest.raises(CommandError, match="no user"):
        call_command("feed_key", "create", "--user", "nobody", "--name", "x")


def test_every_data_file_the_docs_name_reads_with_a_key_within_its_owners_rights(figures):
    _, key = FeedKey.issue(make_user("councillor"), "Power BI", by="test")
    client = Client()
    for fmt in ("csv", "xlsx"):
        address = reverse("reporting:scorecard_download", args=["latest", fmt])
        response = client.get(address, **bearer(key))
        assert response.status_code == 200, address
        assert response["Content-Disposition"].startswith("attachment")
    # The RAG audit is the auditors': a councillor's key is refused it, as the councillor is.
    audit = reverse("reporting:rag_audit_csv", args=["latest"])
    assert client.get(audit, **bearer(key)).status_code == 403


def test_the_admin_lists_keys_without_the_key_and_revokes_them(figures):
    boss = make_user("boss", is_staff=True, is_superuser=True)
    row, key = FeedKey.issue(make_user("councillor"), "Power BI", by="test")
    client = Client()
    client.force_login(boss)
    page = client.get(reverse("admin:kpis_feedkey_changelist"))
    assert page.status_code == 200
    assert row.prefix in page.content.decode() and key not in page.content.decode()
    assert client.get(reverse("admin:kpis_feedkey_add")).status_code == 403
    client.post(reverse("admin:kpis_feedkey_changelist"),
                {"action": "revoke", "_selected_action": [row.pk]})
    row.refresh_from_db()
    assert row.revoked_at is not None and row.revoked_by == "boss"
    assert Client().get(CSV, **bearer(key)).status_code == 401
