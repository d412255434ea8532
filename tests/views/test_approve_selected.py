"""The approver's list: each result's figure, target, RAG and commentary, and approving
several at once, every one through the one door, all or nothing."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from kpis.models import Result, ResultStatus, ResultTransition
from tests.views.entry_helpers import (
    approver,
    client_for,
    frozen,
    indicator,
    officer,
    result,
)

pytestmark = pytest.mark.django_db

APPROVALS = reverse("kpis:approvals")
APPROVE = reverse("kpis:approve_selected")
LONG = ("Fewer homes were let because two blocks were closed for repairs and the "
        "contractor's staff were moved to the winter programme early, which the service "
        "had not planned for.")


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def alan():
    return approver("alan", "Place / Housing")


@pytest.fixture
def waiting(alan):
    """Three Housing results awaiting Alan's sign-off (target 90: 95 green, 85 amber),
    one he entered himself, one he submitted, and one in Schools, not his to approve."""
    olive = officer("olive")
    made = {
        "HOU1": result(indicator("HOU1", owner=olive), ResultStatus.SUBMITTED, "95",
                       entered_by=olive, commentary="On target."),
        "HOU2": result(indicator("HOU2", owner=olive), ResultStatus.SUBMITTED, "85",
                       entered_by=olive, commentary=LONG),
        "HOU3": result(indicator("HOU3", owner=olive), ResultStatus.SUBMITTED, "91",
                       entered_by=alan),
        "HOU4": result(indicator("HOU4", owner=olive), ResultStatus.SUBMITTED, "92",
                       entered_by=olive),
        "SCH1": result(indicator("SCH1", owner=olive, org="People / Schools"),
                       ResultStatus.SUBMITTED, "93", entered_by=olive),
    }
    ResultTransition.objects.create(
        result=made["HOU4"], from_status=ResultStatus.DRAFT, to_status=ResultStatus.SUBMITTED,
        by=alan, at=timezone.now(),
    )
    return made


def chosen(*results: Result) -> list[str]:
    return [f"{r.pk}:{r.version}" for r in results]


def statuses(results: dict) -> dict[str, str]:
    for row in results.values():
        row.refresh_from_db()
    return {code: row.status for code, row in results.items()}


def row_of(body: str, code: str) -> str:
    return body.split(f'href="/indicators/{code}/2026-27-Q2/">', 1)[1].split("</tr>")[0]


# --- what the list shows ------------------------------------------------------------------


def test_each_result_shows_its_actual_target_rag_and_commentary(alan, waiting):
    body = client_for(alan).get(APPROVALS).content.decode()
    green = row_of(body, "HOU1")
    assert ">95%<" in green and ">90%<" in green and ">Green<" in green
    assert "On target." in green
    amber = row_of(body, "HOU2")
    assert ">85%<" in amber and ">Amber<" in amber
    assert "Fewer homes were let because" in amber and "winter programme" not in amber
    assert 'Read all<span class="govuk-visually-hidden"> of the commentary on HOU2' in amber
    assert 'govuk-table__cell govuk-table__cell--numeric">85%<' in amber


def test_a_result_the_approver_entered_or_submitted_has_no_box_and_says_why(alan, waiting):
    body = client_for(alan).get(APPROVALS).content.decode()
    assert 'name="approve"' in row_of(body, "HOU1")
    entered, submitted = row_of(body, "HOU3"), row_of(body, "HOU4")
    assert 'name="approve"' not in entered and 'name="approve"' not in submitted
    assert "You entered this result, so someone else must approve it" in entered
    assert "You submitted this result, so someone else must approve it" in submitted
    assert "SCH1" not in body  # not in Alan's area: not on his list at all
    assert ">Approve selected</button>" in body


def test_the_download_has_the_target_and_rag_but_no_boxes(alan, waiting):
    response = client_for(alan).get(APPROVALS, {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Indicator", "Service", "Period", "Actual", "Target", "RAG",
                       "Commentary", "Entered by", "Sign-off deadline"]
    hou2 = next(r for r in rows if r[0].startswith("HOU2"))
    assert hou2[3:7] == ["85%", "90%", "Amber", LONG]  # for people: figures with units


# --- approving several ---------------------------------------------------------------------


def test_approving_the_ticked_results_approves_each_through_the_one_door(alan, waiting):
    client = client_for(alan)
    response = client.post(APPROVE, {"approve": chosen(waiting["HOU1"], waiting["HOU2"])})
    assert response.status_code == 302 and response["Location"] == APPROVALS
    assert statuses(waiting) == {"HOU1": "approved", "HOU2": "approved", "HOU3": "submitted",
                                 "HOU4": "submitted", "SCH1": "submitted"}
    step = waiting["HOU1"].transitions.get(to_status=ResultStatus.APPROVED)
    assert (step.by, step.from_status, step.reason) == (alan, "submitted", "Approved")
    assert waiting["HOU1"].history.first().history_change_reason == "Approved"
    body = client.get(APPROVALS).content.decode()
    assert "Approved 2 results: HOU1 Q2 2026/27, HOU2 Q2 2026/27" in body


def test_the_list_keeps_its_filters_after_approving(alan, waiting):
    response = client_for(alan).post(APPROVE, {"approve": chosen(waiting["HOU1"]),
                                               "return_to": "period=2026-27-Q2&sort=-actual"})
    assert response["Location"] == APPROVALS + "?period=2026-27-Q2&sort=-actual"


def test_a_forged_post_with_a_result_from_another_area_approves_nothing(alan, waiting):
    """Given a list Alan may approve from, When a forged POST adds Schools' result to two
    of his own, Then it is refused, and none of the three is approved."""
    response = client_for(alan).post(APPROVE, {"approve": chosen(
        waiting["HOU1"], waiting["SCH1"], waiting["HOU2"]
    )}, follow=True)
    assert set(statuses(waiting).values()) == {"submitted"}
    assert not ResultTransition.objects.filter(to_status=ResultStatus.APPROVED).exists()
    body = response.content.decode()
    assert "Nothing was approved. SCH1 Q2 2026/27: You do not sign off results for SCH1." in body


@pytest.mark.parametrize(("code", "why"), [
    ("HOU3", "You entered this result, so someone else must approve it"),
    ("HOU4", "You submitted this result, so someone else must approve it"),
])
def test_a_forged_post_with_the_approvers_own_result_approves_nothing(alan, waiting, code,
                                                                      why):
    response = client_for(alan).post(
        APPROVE, {"approve": chosen(waiting["HOU1"], waiting[code])}, follow=True
    )
    assert set(statuses(waiting).values()) == {"submitted"}
    assert f"{code} Q2 2026/27: {why}." in response.content.decode()


def test_a_result_changed_since_the_list_was_shown_is_not_approved_unseen(alan, waiting):
    ticked = chosen(waiting["HOU1"], waiting["HOU2"])
    Result.objects.filter(pk=waiting["HOU2"].pk).update(version=5)  # resubmitted since
    response = client_for(alan).post(APPROVE, {"approve": ticked}, follow=True)
    assert set(statuses(waiting).values()) == {"submitted"}
    assert "HOU2 Q2 2026/27: It was changed after the list was shown: check it again." in (
        response.content.decode()
    )


def test_a_result_returned_in_the_meantime_is_not_approved(alan, waiting):
    ticked = chosen(waiting["HOU1"], waiting["HOU2"])
    Result.objects.filter(pk=waiting["HOU2"].pk).update(status=ResultStatus.RETURNED)
    response = client_for(alan).post(APPROVE, {"approve": ticked}, follow=True)
    assert statuses(waiting)["HOU1"] == "submitted"
    assert "It is returned for rework now, not awaiting sign-off" in response.content.decode()


def test_a_result_that_does_not_exist_is_refused(alan, waiting):
    response = client_for(alan).post(
        APPROVE, {"approve": chosen(waiting["HOU1"]) + ["999999:1"]}, follow=True
    )
    assert statuses(waiting)["HOU1"] == "submitted"
    assert "Result 999999: There is no such result" in response.content.decode()


def test_ticking_nothing_asks_for_a_choice(alan, waiting):
    response = client_for(alan).post(APPROVE, {}, follow=True)
    assert "Select the results to approve" in response.content.decode()


@pytest.mark.parametrize("value", ["12", "x:1", "1:2:3", "1e3:1", "'; drop table", ""])
def test_a_value_the_list_never_offered_is_a_bad_request(alan, waiting, value):
    response = client_for(alan).post(APPROVE, {"approve": [value]})
    assert response.status_code == 400
    assert set(statuses(waiting).values()) == {"submitted"}


def test_a_return_address_elsewhere_is_not_followed(alan, waiting):
    response = client_for(alan).post(APPROVE, {"approve": chosen(waiting["HOU1"]),
                                               "return_to": "//evil.example/x"})
    assert response["Location"] == APPROVALS


def test_approving_needs_a_post_with_its_csrf_token(alan, waiting):
    assert client_for(alan).get(APPROVE).status_code == 405
    strict = client_for(alan, enforce_csrf_checks=True)
    response = strict.post(APPROVE, {"approve": chosen(waiting["HOU1"])})
    assert response.status_code == 403
    assert statuses(waiting)["HOU1"] == "submitted"


def test_someone_who_approves_nothing_cannot_approve_by_posting(waiting):
    olive = waiting["HOU1"].indicator.owner
    client_for(olive).post(APPROVE, {"approve": chosen(waiting["HOU1"])})
    assert statuses(waiting)["HOU1"] == "submitted"


def test_the_one_door_refuses_to_approve_a_version_the_approver_did_not_see(alan, waiting):
    from kpis import entry

    seen = waiting["HOU1"].version
    Result.objects.filter(pk=waiting["HOU1"].pk).update(version=seen + 1)
    with pytest.raises(entry.EntryError, match="changed after the list was shown"):
        entry.approve(alan, waiting["HOU1"], expected_version=seen)
    assert statuses(waiting)["HOU1"] == "submitted"
    entry.approve(alan, waiting["HOU1"], expected_version=seen + 1)
    assert statuses(waiting)["HOU1"] == "approved"
