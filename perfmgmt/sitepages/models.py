"""Pages the council writes for everyone, signed in or not."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from perfmgmt.sitepages import markup


class SitePage(models.Model):
    """A page such as the accessibility statement, written in plain text (see ``markup``)."""

    ACCESSIBILITY = "accessibility"
    PRIVACY = "privacy"

    slug = models.SlugField(unique=True, help_text="Where the page lives: 'accessibility', "
                            "'privacy'. The footer links to these two.")
    title = models.CharField(max_length=200)
    body = models.TextField(help_text=markup.HELP)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["title"]
        verbose_name = "site page"

    def __str__(self) -> str:
        return self.title
