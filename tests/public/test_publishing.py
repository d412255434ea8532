"""The performance team marks which indicators are published: in the admin (the field, and
"publish" and "unpublish" for a selection) and by import_indicators; every change is in
the indicator's history with who made it and why."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from kpis.models import Indicator
from kpis.roles import PERFORMANCE_TEAM, ensure_role_groups
from tests.factories import importer, make_indicator, make_user
from tests.kpis.test_import_indicators import COLUMNS, row, write_csv

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/kpis/indicator/"


@pytest.fixture
def petra():
    user = make_user("petra", first_name="Petra", last_name="Performance", is_staff=True)
    user.groups.add(ensure_role_groups()[PERFORMANCE_TEAM])
    return user


@pytest.fixture
def admin_client(petra):
    client = Client()
    client.force_login(petra)
    return client


def _act(client, action: str, *indicators):
    return client.post(CHANGELIST, {
        "action": action, "_selected_action": [i.pk for i in indicators], "index": 0,
    }, follow=True)


def test_it_publishes_the_selected_indicators_in_their_names_history(admin_client, petra):
    a, b = make_indicator("A1"), make_indicator("B1")
    already = make_indicator("C1", published=True)
    response = _act(admin_client, "publish_selected", a, b, already)
    assert "Published 2 indicators: A1, B1. 1 was already published." in (
        response.content.decode())
    assert set(Indicator.objects.filter(published=True).values_list("code", flat=True)) == {
        "A1", "B1", "C1"}
    latest = a.history.latest()
    assert (latest.published, latest.history_user, latest.history_change_reason) == (
        True, petra, "Published on the public pages")
    assert already.history.count() == 1  # nothing changed: no empty history row


def test_it_stops_publishing_the_selected_indicators(admin_client, petra):
    a = make_indicator("A1", published=True)
    response = _act(admin_client, "unpublish_selected", a)
    assert "Stopped publishing 1 indicator: A1." in response.content.decode()
    a.refresh_from_db()
    assert a.published is False
    latest = a.history.latest()
    assert (latest.history_user, latest.history_change_reason) == (
        petra, "No longer published on the public pages")


def test_the_list_filters_by_published_and_the_form_edits_it(admin_client):
    make_indicator("A1", published=True)
    make_indicator("B1")
    page = admin_client.get(CHANGELIST, {"published__exact": "1"}).content.decode()
    assert "A1" in page and ">B1<" not in page
    form = admin_client.get(reverse("admin:kpis_indicator_change",
                                    args=[Indicator.objects.get(code="B1").pk]))
    assert 'name="published"' in form.content.decode()


def test_someone_without_the_admin_cannot_publish():
    a = make_indicator("A1")
    client = Client()
    client.force_login(make_user("olive"))
    client.post(CHANGELIST, {"action": "publish_selected", "_selected_action": [a.pk]})
    a.refresh_from_db()
    assert a.published is False


# --- import_indicators --------------------------------------------------------------------


def _import(tmp_path, rows):
    call_command("import_indicators", str(write_csv(tmp_path, rows, COLUMNS + ["published"])),
                 "--user", importer(), "--reason", "Publication list", stdout=io.StringIO(),
                 stderr=io.StringIO())


def test_an_import_publishes_and_unpublishes_by_the_published_column(tmp_path):
    make_indicator("OLD1", published=True, title="Title of OLD1")
    make_indicator("OLD2", published=True, title="Title of OLD2")
    _import(tmp_path, [row("NEW1", published="yes"), row("NEW2", published=""),
                       row("OLD1", published="no"), row("OLD2", published="")])
    published = dict(Indicator.objects.values_list("code", "published"))
    # blank: a new indicator is not published; an existing one is left as it was
    assert published == {"NEW1": True, "NEW2": False, "OLD1": False, "OLD2": True}
    old1 = Indicator.objects.get(code="OLD1").history.latest()
    assert old1.published is False
    assert old1.history_user.username == importer()
    assert old1.history_change_reason == "Imported: indicators.csv: Publication list"


def test_an_import_refuses_a_published_cell_that_is_not_yes_or_no(tmp_path):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_indicators",
                     str(write_csv(tmp_path, [row("NEW1", published="maybe")],
                                   COLUMNS + ["published"])),
                     "--user", importer(), stdout=io.StringIO(), stderr=err)
    assert "Row 2: published 'maybe' is not yes or no" in err.getvalue()
    assert not Indicator.objects.exists()
