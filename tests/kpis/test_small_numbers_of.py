"""``permissions.sees_small_numbers_of`` answers as ``sees_small_numbers`` does, indicator by
indicator, for every kind of reader, in a fixed number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kpis import permissions
from kpis.models import Delegation
from tests.views.entry_helpers import (
    HOUSING,
    TODAY,
    approver,
    indicator,
    officer,
    performance_team,
    user_in,
)

pytestmark = pytest.mark.django_db


def test_the_bulk_answer_is_the_one_by_one_answer_for_every_reader():
    olive, dee = officer("olive"), officer("dee")
    readers = [olive, dee, approver("alan", HOUSING), performance_team(),
               user_in("cllr", "Councillors"), user_in("audrey", "Auditors")]
    owned = indicator("HOU1", owner=olive)
    delegated = indicator("HOU2")
    ended = indicator("HOU3")
    Delegation.objects.create(indicator=delegated, delegate=dee, granted_by=olive,
                              ends_on=TODAY + timedelta(days=5))
    Delegation.objects.create(indicator=ended, delegate=dee, granted_by=olive,
                              ends_on=TODAY - timedelta(days=1))
    indicators = [owned, delegated, ended]
    for reader in readers:
        expected = {i.pk for i in indicators
                    if permissions.sees_small_numbers(reader, i, TODAY)}
        assert permissions.sees_small_numbers_of(reader, [i.pk for i in indicators],
                                                 TODAY) == expected, reader.username
    assert permissions.sees_small_numbers_of(dee, [i.pk for i in indicators], TODAY) == {
        delegated.pk}


def test_the_bulk_answer_asks_the_same_queries_for_few_or_many():
    dee = officer("dee")
    few = [indicator(f"A{n}").pk for n in range(3)]
    many = few + [indicator(f"B{n:02d}").pk for n in range(30)]
    permissions.sees_small_numbers_of(dee, few, TODAY)  # roles read once, then cached
    with CaptureQueriesContext(connection) as small:
        permissions.sees_small_numbers_of(dee, few, TODAY)
    with CaptureQueriesContext(connection) as large:
        permissions.sees_small_numbers_of(dee, many, TODAY)
    assert len(large) == len(small) <= 2
