"""The performance team can use the admin for every model of the register."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from governance.models import Committee
from kpis.models import BenchmarkDataset, BenchmarkMatch, ComparatorGroup, Result
from kpis.roles import PERFORMANCE_TEAM, ensure_role_groups
from tests.factories import add_result, add_target, add_tolerance, make_indicator, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def performance_team():
    user = make_user("perf", is_staff=True)
    user.groups.add(ensure_role_groups()[PERFORMANCE_TEAM])
    client = Client()
    client.force_login(user)
    return client


REGISTER_MODELS = [
    model for model in admin.site._registry if model._meta.app_label in ("kpis", "governance")
]


@pytest.mark.parametrize("model", REGISTER_MODELS, ids=lambda m: m.__name__)
def test_every_register_model_has_a_working_list_and_add_page(performance_team, model):
    indicator = make_indicator("AD01")
    add_target(indicator, "2025-26", 10)
    add_result(indicator, "2025-26-Q1", 9)
    add_tolerance("indicator", indicator=indicator, pct=5)
    Committee.objects.create(name="Cabinet", slug="cabinet", kind="cabinet")
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert performance_team.get(changelist).status_code == 200
    assert performance_team.get(changelist, {"q": "AD01"}).status_code == 200
    add = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    # Figures change only through the one door (kpis.entry); benchmarks only by import.
    read_only = model in (Result, BenchmarkDataset, ComparatorGroup, BenchmarkMatch)
    assert performance_team.get(add).status_code == (403 if read_only else 200)
    obj = model.objects.first()
    if obj is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert performance_team.get(change).status_code == 200


def test_search_finds_an_indicator_by_its_former_code(performance_team):
    indicator = make_indicator("NEW1", title="Potholes fixed")
    indicator.former_codes.create(code="HW/012")
    response = performance_team.get(reverse("admin:kpis_indicator_changelist"), {"q": "HW/012"})
    assert "Potholes fixed" in response.content.decode()


def test_an_officer_cannot_open_the_admin():
    client = Client()
    client.force_login(make_user("officer1"))
    response = client.get(reverse("admin:kpis_indicator_changelist"))
    assert response.status_code == 302
