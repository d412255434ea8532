"""The performance team can use the admin for every model of the register."""

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from governance.models import Committee, Escalation, EscalationDecision
from kpis.models import (
    BenchmarkDataset,
    BenchmarkMatch,
    BreakdownValue,
    ComparatorGroup,
    FeedKey,
    Result,
)
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
    # Escalation decisions only on the risk's page, which makes the move; escalated
    # performance issues only on their own screens, which keep the levels and record who.
    # Feed keys only by manage.py feed_key, which shows the key once.
    read_only = model in (Result, BreakdownValue, BenchmarkDataset, ComparatorGroup,
                          BenchmarkMatch, EscalationDecision, Escalation, FeedKey)
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


# --- red for how many periods running ---------------------------------------------------


@pytest.fixture
def petra():
    from tests.views.entry_helpers import performance_team as member

    user = member("petra")
    user.is_staff = True
    user.save()
    return user


def _post_rule(user, data, rule=None):
    from tests.views.entry_helpers import client_for

    url = (reverse("admin:kpis_exceptionrule_change", args=[rule.pk]) if rule
           else reverse("admin:kpis_exceptionrule_add"))
    return client_for(user).post(url, {"note": "", **data})


def test_the_performance_team_sets_red_for_how_many_periods_running_attributed(petra):
    from kpis.models import ExceptionRule
    from reporting.periods import Period
    from reporting.ratings import red_periods_in

    response = _post_rule(petra, {"applies_from": "2027-28", "red_periods": "3",
                                  "note": "Agreed by COG on 3 March 2027"})
    assert response.status_code == 302, response.content.decode()[:2000]
    rule = ExceptionRule.objects.get()
    assert str(rule) == "Red for 3 periods running from 2027/28"
    record = rule.history.get()
    assert (record.history_user, record.history_change_reason) == (
        petra, "Agreed by COG on 3 March 2027")
    assert red_periods_in(Period.parse("2027-28")) == 3
    assert red_periods_in(Period.parse("2026-27")) == 2


@pytest.mark.parametrize("value", ["1", "13", "0", "-2", "two"])
def test_a_number_of_periods_outside_two_to_twelve_is_refused(petra, value):
    from kpis.models import ExceptionRule

    response = _post_rule(petra, {"applies_from": "", "red_periods": value})
    assert response.status_code == 200
    assert "errornote" in response.content.decode()
    assert not ExceptionRule.objects.exists()


def test_one_rule_a_year(petra):
    from kpis.models import ExceptionRule

    ExceptionRule.objects.create(applies_from=None, red_periods=3)
    response = _post_rule(petra, {"applies_from": "", "red_periods": "4"})
    assert "There is already a rule from that year" in response.content.decode()
    assert ExceptionRule.objects.count() == 1


def test_a_change_that_would_re_rate_an_issued_year_is_refused(petra):
    from datetime import date

    from governance.models import ReportingPeriod
    from kpis.models import ExceptionRule
    from tests.views.entry_helpers import client_for, frozen

    with frozen():
        ReportingPeriod.objects.create(
            period="2026-27-Q1", entry_deadline=date(2026, 7, 28),
            signoff_deadline=date(2026, 8, 11), issued_on=date(2026, 9, 1))
        for applies_from in ("", "2026-27", "2025-26"):
            response = _post_rule(petra, {"applies_from": applies_from, "red_periods": "3"})
            assert response.status_code == 200
            assert ("Reports for 2026/27 have been issued with red for 2 periods running: "
                    "this would re-rate them. Set the rule from 2027-28 (2027/28) instead."
                    in response.content.decode())
        assert not ExceptionRule.objects.exists()
        assert _post_rule(petra, {"applies_from": "2027-28", "red_periods": "3"}
                          ).status_code == 302
        rule = ExceptionRule.objects.get()
        # Moving it back into the issued year, or deleting the rule, is refused too; moving
        # it later is not.
        assert _post_rule(petra, {"applies_from": "2026-27", "red_periods": "3"},
                          rule).status_code == 200
        assert _post_rule(petra, {"applies_from": "2028-29", "red_periods": "4"},
                          rule).status_code == 302
        delete = reverse("admin:kpis_exceptionrule_delete", args=[rule.pk])
        assert client_for(petra).post(delete, {"post": "yes"}).status_code == 302
        assert not ExceptionRule.objects.exists()
        issued = ExceptionRule.objects.create(applies_from=None, red_periods=3)
        delete = reverse("admin:kpis_exceptionrule_delete", args=[issued.pk])
        assert client_for(petra).post(delete, {"post": "yes"}).status_code == 403
        assert ExceptionRule.objects.filter(pk=issued.pk).exists()
