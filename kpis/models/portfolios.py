"""Cabinet portfolios: the councillor who holds each, and the indicators in it."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Portfolio(models.Model):
    """A Cabinet portfolio and its holder (North West Leicestershire's directors report "to
    each Portfolio Holder"). Each indicator belongs to at most one portfolio, and the
    holder's scorecard, the committees whose remit names a portfolio and the packs follow
    it (``?portfolio=<slug>`` on the scorecard)."""

    name = models.CharField(max_length=200, unique=True, help_text="e.g. 'Environment and Climate'")
    slug = models.SlugField(unique=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="portfolios", help_text="The Cabinet member who holds it (a councillor)",
    )
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
