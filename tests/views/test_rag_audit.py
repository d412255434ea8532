import csv
import io

import pytest
from django.test import Client
from django.urls import reverse

from kpis.roles import AUDITORS, OFFICERS, PERFORMANCE_TEAM, ensure_role_groups
from tests.factories import add_result, add_target, make_indicator, make_user

pytestmark = pytest.mark.django_db


def client_for(role: str | None) -> Client:
    user = make_user(f"user-{role}")
    if role:
        user.groups.add(ensure_role_groups()[role])
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def misreported():
    indicator = make_indicator("IT03", title="P2 incidents fixed within 8 hours")
    add_target(indicator, "2014-15", 90)
    result = add_result(indicator, "2014-15-Q1", "80.6")
    result.reported_rag = "GREEN"
    result.save()
    return indicator


@pytest.mark.parametrize("role", [PERFORMANCE_TEAM, AUDITORS])
def test_the_performance_team_and_auditors_see_the_findings(misreported, role):
    response = client_for(role).get(reverse("reporting:rag_audit"), {"period": "2014-15-Q1"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "10.4% short of target (80.6% against 90%)" in body
    assert "the council&#x27;s 10% band makes this red, reported green" in body


@pytest.mark.parametrize("role", [OFFICERS, None])
def test_officers_and_others_are_refused(misreported, role):
    client = client_for(role)
    assert client.get(reverse("reporting:rag_audit")).status_code == 403
    csv_url = reverse("reporting:rag_audit_csv", args=["2014-15-Q1"])
    assert client.get(csv_url).status_code == 403


def test_it_requires_login():
    response = Client().get(reverse("reporting:rag_audit"))
    assert response.status_code == 302


def test_the_csv_lists_the_finding(misreported):
    response = client_for(PERFORMANCE_TEAM).get(
        reverse("reporting:rag_audit_csv", args=["2014-15-Q1"])
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["code"], r["finding"], r["reported_rag"], r["policy_rag"]) for r in rows] == [
        ("IT03", "mismatch", "GREEN", "RED")
    ]


def test_the_navigation_offers_the_audit_only_to_those_who_may_use_it(misreported):
    url = reverse("hubs:governance")  # the header's Governance hub, under "Audit"
    assert "RAG audit" in client_for(PERFORMANCE_TEAM).get(url).content.decode()
    assert "RAG audit" not in client_for(OFFICERS).get(url).content.decode()
