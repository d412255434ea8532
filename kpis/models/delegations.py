"""Delegation: an owner or approver lets a colleague enter results until a date."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from kpis.models.indicators import Indicator
from reporting.formatting import date_text


class Delegation(models.Model):
    """An owner or approver lets a colleague enter results for an indicator until a date."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="delegations")
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="delegations"
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ends_on = models.DateField(help_text="Last day the colleague may enter results")
    created_at = models.DateTimeField(auto_now_add=True)
    # Ending a delegation deletes it: the history's deletion record keeps who ended it,
    # when and why, so permissions only ever look at the rows that exist.
    history = HistoricalRecords(excluded_fields=["created_at"])

    class Meta:
        ordering = ["indicator", "-ends_on"]
        indexes = [models.Index(fields=["delegate", "ends_on"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} to {self.delegate} until {date_text(self.ends_on)}"

    def clean(self) -> None:
        from kpis import permissions

        if self.delegate_id and not permissions.may_enter_results(self.delegate):
            raise ValidationError({"delegate": (
                "Entry can be delegated only to staff who enter results (officers, "
                "approvers, the performance team), never to a councillor or an auditor"
            )})
