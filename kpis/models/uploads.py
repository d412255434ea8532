"""Bulk uploads waiting for their uploader to confirm them."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from reporting.formatting import moment_text


class BulkUpload(models.Model):
    """A checked spreadsheet of results waiting for its uploader to confirm it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bulk_uploads"
    )
    file_name = models.CharField(max_length=255)
    submit = models.BooleanField(default=False, help_text="Submit the results for sign-off")
    rows = models.JSONField(help_text="The rows as checked, ready to save")
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} by {self.user} at {moment_text(self.created_at)}"
