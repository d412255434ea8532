"""Packs are built in the background: the browser starts a build, sees its progress and
is told when it is ready; the worker is the database-backed task queue's."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from governance.models import Committee, Meeting, PackBuild
from tests.factories import add_result, add_target, make_indicator
from tests.views.entry_helpers import client_for, frozen, officer, performance_team

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def cog():
    committee = Committee.objects.create(name="COG", slug="cog", kind="officer_board")
    Meeting.objects.create(committee=committee, period="2026-27-Q2", date=date(2026, 12, 10))
    ind = make_indicator("K1")
    add_target(ind, "2026-27", 90)
    add_result(ind, "2026-27-Q2", 80)
    return committee


@pytest.mark.parametrize(("fmt", "starts"), [("pdf", b"%PDF"), ("docx", b"PK"),
                                             ("html", b"<!DOCTYPE")])
def test_the_performance_team_builds_a_draft_and_downloads_it_when_ready(cog, fmt, starts):
    client = client_for(performance_team())
    response = client.post(reverse("governance:pack_build", args=["cog", "2026-27-Q2"]),
                           {"format": fmt})
    build = PackBuild.objects.get()
    assert response["Location"] == reverse("governance:pack_build_status", args=[build.pk])
    assert (build.status, build.progress) == ("ready", 100)
    page = client.get(response["Location"]).content.decode()
    assert "The pack is ready" in page
    download = client.get(reverse("governance:pack_build_download", args=[build.pk]))
    assert download.content.startswith(starts)


def test_progress_is_polled_until_the_build_is_done(cog):
    client = client_for(performance_team())
    build = PackBuild.objects.create(committee=cog, period="2026-27-Q2", format="pdf",
                                     status="running", progress=50, step="Laying out")
    fragment = client.get(reverse("governance:pack_build_status", args=[build.pk]),
                          HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "50% done" in fragment
    assert "<html" not in fragment
    assert client.get(reverse("governance:pack_build_download",
                              args=[build.pk])).status_code == 404


def test_only_the_performance_team_builds(cog):
    olive = client_for(officer())
    assert olive.post(reverse("governance:pack_build", args=["cog", "2026-27-Q2"]),
                      {"format": "pdf"}).status_code == 403
    assert not PackBuild.objects.exists()


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_database_queue_and_its_worker_build_the_pack(cog, transactional_db):
    client = client_for(performance_team())
    client.post(reverse("governance:pack_build", args=["cog", "2026-27-Q2"]),
                {"format": "html"})
    build = PackBuild.objects.get()
    assert build.status == "queued"  # the request only queued it
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(),
                 stderr=io.StringIO())
    build.refresh_from_db()
    assert build.status == "ready"
    assert bytes(build.content).startswith(b"<!DOCTYPE")


def test_issuing_runs_in_the_background_and_says_which_version(cog):
    from governance.models import IssuedPack, ReportingPeriod

    client = client_for(performance_team())
    response = client.post(reverse("governance:pack_issue", args=["cog", "2026-27-Q2"]))
    build = PackBuild.objects.get()
    assert build.issue and build.status == "ready"
    assert response["Location"] == reverse("governance:pack_build_status", args=[build.pk])
    page = client.get(response["Location"]).content.decode()
    assert "The pack is issued as version 1" in page
    assert build.issued == IssuedPack.objects.get()
    assert ReportingPeriod.objects.get(period="2026-27-Q2").issued_on is not None


def test_a_pdf_build_reports_each_part_of_the_pack_as_it_is_laid_out(cog, monkeypatch):
    from governance import tasks

    heard = []
    step = tasks._step
    monkeypatch.setattr(tasks, "_step", lambda build, progress, text: (
        heard.append((progress, text)), step(build, progress, text)))
    with override_settings(PACK_PDF_CHUNK_COST=1):
        client_for(performance_team()).post(
            reverse("governance:pack_build", args=["cog", "2026-27-Q2"]), {"format": "pdf"})
    parts = [(progress, text) for progress, text in heard if "parts done" in text]
    assert len(parts) >= 3
    assert [p for p, _ in parts] == sorted(p for p, _ in parts)
    assert parts[-1][0] == 95 and parts[-1][1].endswith(f"{len(parts)} of {len(parts)} parts done")
    assert PackBuild.objects.get().status == "ready"
