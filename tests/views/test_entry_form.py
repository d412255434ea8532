"""Officers enter results in the browser: the entry form, its rules and its safeguards."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from kpis.models import Delegation, Result, ResultStatus
from tests.views.entry_helpers import (
    NOT_ENDED,
    PERIOD,
    SCHOOLS,
    TODAY,
    client_for,
    form,
    frozen,
    indicator,
    officer,
    performance_team,
    result,
    snapshot,
    url,
)

pytestmark = pytest.mark.django_db

NOT_A_NUMBER = "which is not a number: enter a number like 85.5"


@pytest.fixture(autouse=True)
def _today():
    with frozen():
        yield


@pytest.fixture
def olive():
    return officer("olive", first_name="Olive", last_name="Owens")


@pytest.fixture
def mine(olive):
    return indicator("HOU1", owner=olive)


def saved(ind) -> Result | None:
    return Result.objects.filter(indicator=ind, period=PERIOD).first()


# --- login and permission -------------------------------------------------------------


@pytest.mark.parametrize("name", ["result_edit", "result_submit", "result_preview"])
def test_it_sends_an_anonymous_visitor_to_log_in(mine, name):
    response = Client().post(url(name, mine), form())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert saved(mine) is None


def test_an_officer_cannot_open_another_directorates_result_by_editing_the_url(olive):
    theirs = indicator("SCH1", org=SCHOOLS, owner=officer("oscar"))
    row = result(theirs, actual="70", commentary="Theirs")
    before = snapshot(row)
    officer_client = client_for(olive)
    assert officer_client.get(url("result_edit", theirs)).status_code == 403
    assert officer_client.get(url("result", theirs)).status_code == 403
    for name in ["result_edit", "result_submit", "result_preview"]:
        response = officer_client.post(url(name, theirs), form("99", version=row.version))
        assert response.status_code == 403, name
    assert snapshot(row) == before


def test_a_delegate_may_enter_until_the_delegation_ends(mine):
    dan = officer("dan")
    delegation = Delegation.objects.create(indicator=mine, delegate=dan, ends_on=TODAY)
    assert client_for(dan).post(url("result_edit", mine), form("95")).status_code == 302
    delegation.ends_on = TODAY.replace(day=22)
    delegation.save()
    response = client_for(dan).post(url("result_edit", mine), form("96", version=1))
    assert response.status_code == 403
    assert saved(mine).actual == Decimal("95")


# --- saving a draft and submitting --------------------------------------------------------


def test_the_form_opens_with_version_0_and_the_rating_preview(olive, mine):
    response = client_for(olive).get(url("result_edit", mine))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'name="version" value="0"' in body
    assert "How this result will be rated" in body


def test_it_saves_a_draft_with_only_a_valid_value_even_when_red(olive, mine):
    response = client_for(olive).post(url("result_edit", mine), form("50"))
    assert response.status_code == 302
    assert response["Location"] == url("result", mine)
    row = saved(mine)
    assert (row.actual, row.status, row.version) == (Decimal("50"), ResultStatus.DRAFT, 1)
    assert row.entered_by == olive
    assert row.history.get().history_user == olive
    assert not row.transitions.exists()


def test_it_submits_a_green_result_for_sign_off_and_records_the_step(olive, mine):
    response = client_for(olive).post(url("result_submit", mine), form("95"))
    assert response.status_code == 302
    row = saved(mine)
    assert row.status == ResultStatus.SUBMITTED
    step = row.transitions.get()
    assert (step.from_status, step.to_status, step.by) == ("draft", "submitted", olive)


def test_submitting_an_amber_result_needs_commentary(olive, mine):
    client = client_for(olive)
    response = client.post(url("result_submit", mine), form("85"))
    assert response.status_code == 400
    assert "Enter commentary: the result is amber, so say why" in response.content.decode()
    assert saved(mine) is None
    assert client.post(url("result_submit", mine), form("85", commentary="Sickness")
                       ).status_code == 302
    assert saved(mine).status == ResultStatus.SUBMITTED


def test_submitting_a_red_result_needs_commentary_and_improvement_activity(olive, mine):
    client = client_for(olive)
    response = client.post(url("result_submit", mine), form("50", commentary="Floods"))
    assert response.status_code == 400
    assert "Enter the improvement activity: the result is red" in response.content.decode()
    assert saved(mine) is None
    response = client.post(url("result_submit", mine),
                           form("50", commentary="Floods", improvement="Pumps hired"))
    assert response.status_code == 302
    assert saved(mine).improvement_activity == "Pumps hired"


def test_a_submitted_result_cannot_be_changed_by_the_officer(olive, mine):
    row = result(mine, status=ResultStatus.SUBMITTED, actual="95")
    before = snapshot(row)
    response = client_for(olive).post(url("result_edit", mine), form("20", version=row.version))
    assert response.status_code == 400
    assert "it cannot be changed now" in response.content.decode()
    assert snapshot(row) == before


# --- values must fit ----------------------------------------------------------------------


@pytest.mark.parametrize("actual, message", [
    ("101", "Enter a percentage between 0 and 100"),
    ("-1", "Enter a percentage between 0 and 100"),
    ("85.5", "Enter a whole number"),
])
def test_it_refuses_a_value_that_does_not_fit_the_indicator(olive, mine, actual, message):
    response = client_for(olive).post(url("result_edit", mine), form(actual))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert saved(mine) is None


def test_it_accepts_the_indicators_own_decimal_places_and_no_more(olive):
    ind = indicator("HOU2", owner=olive, decimal_places=1)
    client = client_for(olive)
    response = client.post(url("result_edit", ind), form("85.55"))
    assert "Enter the value to no more than 1 decimal places" in response.content.decode()
    assert client.post(url("result_edit", ind), form("85.5")).status_code == 302
    assert Result.objects.get(indicator=ind).actual == Decimal("85.5")


def test_it_accepts_any_percentage_when_the_indicator_allows_it(olive):
    ind = indicator("HOU2", owner=olive, allows_any_percentage=True)
    assert client_for(olive).post(url("result_edit", ind), form("150")).status_code == 302
    assert Result.objects.get(indicator=ind).actual == Decimal("150")


def test_it_refuses_negative_days(olive):
    ind = indicator("HOU2", owner=olive, unit="days", polarity="lower", target=20)
    response = client_for(olive).post(url("result_edit", ind), form("-1"))
    assert response.status_code == 400
    assert "Enter a number of days that is 0 or more" in response.content.decode()
    assert not Result.objects.filter(indicator=ind).exists()


@pytest.mark.parametrize(
    "junk", ["abc", "1e5x", "NaN", "∞", "Infinity", "sNaN", "12..5", "--3", "0x10"]
)
def test_it_refuses_text_in_a_number(olive, mine, junk):
    response = client_for(olive).post(url("result_edit", mine), form(junk))
    assert response.status_code == 400
    assert NOT_A_NUMBER in response.content.decode()
    assert saved(mine) is None


@pytest.mark.parametrize("malformed", ["12,3,4", "12,5"])
def test_it_refuses_commas_that_are_not_thousands_separators(olive, malformed):
    ind = indicator("NUM1", owner=olive, unit="number", target=1000)
    response = client_for(olive).post(url("result_edit", ind), form(malformed))
    assert response.status_code == 400
    assert "commas can only separate thousands" in response.content.decode()
    assert not Result.objects.filter(indicator=ind).exists()


@pytest.mark.parametrize("huge", ["123456789012345", "-99,999,999,999,999,999"])
def test_it_refuses_a_number_too_big_to_store(olive, huge):
    ind = indicator("NUM1", owner=olive, unit="currency", target=1000)
    client = client_for(olive, raise_request_exception=False)
    response = client.post(url("result_edit", ind), form(huge))
    assert response.status_code == 400
    assert "number smaller than 100,000,000,000,000" in response.content.decode()
    assert client.get(url("result", ind)).status_code == 200
    assert client.get(reverse("kpis:home")).status_code == 200
    assert not Result.objects.filter(indicator=ind).exists()


def test_it_accepts_thousands_separators(olive):
    ind = indicator("NUM1", owner=olive, unit="number", target=1000)
    assert client_for(olive).post(url("result_edit", ind), form("1,234")).status_code == 302
    assert Result.objects.get(indicator=ind).actual == Decimal("1234")


def test_it_refuses_a_period_that_has_not_ended_yet(olive, mine):
    response = client_for(olive).post(url("result_edit", mine, NOT_ENDED), form("95"))
    assert response.status_code == 400
    assert "Q3 2026/27 has not ended yet" in response.content.decode()
    assert not Result.objects.filter(indicator=mine).exists()


@pytest.mark.parametrize("fields, message", [
    ({"status": "retired"}, "HOU2 is retired: it takes no new results"),
    ({"aggregation": "sum"}, "HOU2 is rolled up from its children"),
])
def test_it_refuses_a_retired_indicator_or_a_roll_up(olive, fields, message):
    ind = indicator("HOU2", owner=olive, **fields)
    response = client_for(olive).post(url("result_edit", ind), form("95"))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Result.objects.filter(indicator=ind).exists()


# --- no lost updates -----------------------------------------------------------------------


def test_a_second_editor_cannot_overwrite_the_first(olive, mine):
    row = result(mine, actual="80")
    first = client_for(performance_team("petra", first_name="Petra", last_name="Patel"))
    second = client_for(olive)
    assert 'name="version" value="1"' in second.get(url("result_edit", mine)).content.decode()
    response = first.post(url("result_edit", mine), form("91", version=1, commentary="Petra's"))
    assert response.status_code == 302

    response = second.post(url("result_edit", mine), form("77", version=1, commentary="Olive's"))
    assert response.status_code == 409
    body = response.content.decode()
    assert "Petra Patel saved this result while you were editing it" in body
    assert "Their actual value" in body and "91" in body and "Petra&#x27;s" in body
    assert 'value="77"' in body and "Olive&#x27;s</textarea>" in body
    assert 'name="version" value="2"' in body
    row.refresh_from_db()
    assert (row.actual, row.commentary, row.version) == (Decimal("91"), "Petra's", 2)

    response = second.post(url("result_edit", mine), form("77", version=2, commentary="Olive's"))
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.actual, row.commentary, row.version) == (Decimal("77"), "Olive's", 3)


def test_a_new_result_posted_when_one_already_exists_is_a_conflict(olive, mine):
    row = result(mine, actual="80", commentary="Already here")
    before = snapshot(row)
    response = client_for(olive).post(url("result_edit", mine), form("95", version=0))
    assert response.status_code == 409
    assert snapshot(row) == before


# --- audit trail ------------------------------------------------------------------------------


def test_the_indicator_page_shows_who_changed_the_result_from_what_to_what(olive, mine):
    client = client_for(olive)
    client.post(url("result_edit", mine), form("80"))
    client.post(url("result_edit", mine), form("95", version=1, commentary="Recovered"))
    row = saved(mine)
    assert [h.history_user for h in row.history.all()] == [olive, olive]
    body = client.get(reverse("kpis:indicator", args=[mine.code])).content.decode()
    assert "Result for Q2 2026/27" in body
    assert "Olive Owens" in body
    assert "Actual: 80% → 95%" in body
    assert "Commentary: (blank) → Recovered" in body


def test_the_indicator_page_does_not_show_a_draft_to_another_directorate(olive, mine):
    client_for(olive).post(url("result_edit", mine), form("42", commentary="Draft words"))
    oscar = client_for(officer("oscar"))
    assert oscar.get(url("result", mine)).status_code == 403
    response = oscar.get(reverse("kpis:indicator", args=[mine.code]))
    assert response.status_code == 403 or "Draft words" not in response.content.decode()


# --- hostile input -------------------------------------------------------------------------------


def test_script_in_commentary_is_stored_intact_and_shown_escaped(olive, mine):
    script = "<script>alert(1)</script>"
    client = client_for(olive)
    response = client.post(url("result_edit", mine), form("85", commentary=script,
                                                          improvement=script))
    assert response.status_code == 302
    assert saved(mine).commentary == script
    body = client.get(url("result", mine)).content.decode()
    assert script not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    history = client.get(reverse("kpis:indicator", args=[mine.code])).content.decode()
    assert script not in history and "&lt;script&gt;" in history


def test_a_15000_character_commentary_is_stored_and_shown_in_full(olive, mine):
    long = ("Lorem ipsum " * 1250)[:14_999] + "."
    client = client_for(olive)
    assert client.post(url("result_edit", mine), form("85", commentary=long)).status_code == 302
    assert saved(mine).commentary == long
    assert long in client.get(url("result", mine)).content.decode()


def test_a_post_without_a_csrf_token_is_refused_and_changes_nothing(olive, mine):
    row = result(mine, actual="80")
    before = snapshot(row)
    client = client_for(olive, enforce_csrf_checks=True)
    for name in ["result_edit", "result_submit"]:
        assert client.post(url(name, mine), form("99", version=1)).status_code == 403
    assert snapshot(row) == before


# --- live preview ---------------------------------------------------------------------


def test_the_preview_shows_the_rag_for_the_value_typed(olive, mine):
    client = client_for(olive)
    red = client.post(url("result_preview", mine), {"actual": "50", "version": 0})
    assert 'govuk-tag--red">Red' in red.content.decode()
    amber = client.post(url("result_preview", mine), {"actual": "85", "version": 0})
    assert 'govuk-tag--yellow">Amber' in amber.content.decode()
    assert not Result.objects.exists()


def test_the_preview_asks_for_a_number_when_the_value_is_junk(olive, mine):
    response = client_for(olive).post(url("result_preview", mine), {"actual": "abc"})
    assert response.status_code == 200
    assert NOT_A_NUMBER in response.content.decode()
    assert "govuk-tag--" not in response.content.decode()


@pytest.mark.parametrize(("typed", "refusal"), [
    ("150", "Enter a percentage between 0 and 100"),
    ("-5", "Enter a percentage between 0 and 100"),
    ("85.55", "Enter a whole number"),
])
def test_the_preview_never_rates_a_value_the_server_would_refuse(olive, mine, typed, refusal):
    client = client_for(olive)
    preview = client.post(url("result_preview", mine), {"actual": typed, "version": 0})
    text = preview.content.decode()
    assert refusal in text
    assert "govuk-tag--" not in text and "Green" not in text
    saving = client.post(url("result_edit", mine), form(typed))
    assert saving.status_code == 400 and refusal in saving.content.decode()
    assert not Result.objects.exists()


def test_the_preview_rates_the_same_value_once_it_is_allowed(olive):
    anything = indicator("HOU3", owner=olive, allows_any_percentage=True)
    preview = client_for(olive).post(url("result_preview", anything), {"actual": "150"})
    assert 'govuk-tag--green">Green' in preview.content.decode()


def test_the_preview_drops_commentary_is_needed_once_it_is_written(olive, mine):
    client = client_for(olive)
    amber = {"actual": "85", "version": 0}
    asked = client.post(url("result_preview", mine), amber).content.decode()
    assert "Commentary is needed" in asked
    written = client.post(url("result_preview", mine), {**amber, "commentary": "Staff sickness"})
    assert "is needed" not in written.content.decode()
    red = {"actual": "50", "version": 0, "commentary": "Staff sickness"}
    text = client.post(url("result_preview", mine), red).content.decode()
    assert "Improvement activity is needed before you submit." in text


def test_the_entry_form_previews_with_the_story_already_saved(olive, mine):
    result(mine, actual="85", commentary="Staff sickness in August")
    page = client_for(olive).get(url("result_edit", mine)).content.decode()
    preview = page.split('id="preview"')[1].split("</div>")[0]
    assert 'govuk-tag--yellow">Amber' in preview and "is needed" not in preview


def test_the_preview_is_asked_again_when_the_story_changes(olive, mine):
    page = client_for(olive).get(url("result_edit", mine)).content.decode()
    assert "from:#id_commentary" in page and "from:#id_improvement_activity" in page


def test_a_refused_submission_still_previews_the_value_typed(olive, mine):
    response = client_for(olive).post(url("result_submit", mine), form("50"))
    assert response.status_code == 400
    preview = response.content.decode().split('id="preview"')[1]
    assert 'govuk-tag--red">Red' in preview.split("</div>")[0]
