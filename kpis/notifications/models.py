"""Notices of results that need someone, and what each person wants emailed."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Preferences(models.Model):
    """Which emails a person wants. Nobody has a row until they change something: without
    one, every email is on."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="notification_preferences")
    submitted = models.BooleanField(
        "A result is submitted for my sign-off", default=True,
        help_text="For approvers: one email as soon as an officer submits a result.")
    returned = models.BooleanField(
        "A result I entered is returned for rework", default=True,
        help_text="With the approver's reason.")
    approved = models.BooleanField(
        "A result I own or entered is approved", default=True)
    reminders = models.BooleanField(
        "A daily reminder of results due and results waiting for my sign-off", default=True,
        help_text="Results due within the next week or overdue, and results waiting for "
                  "your sign-off: one email each working morning when there is something.")

    class Meta:
        verbose_name = "email settings"
        verbose_name_plural = "email settings"

    def __str__(self) -> str:
        return f"Email settings for {self.user}"


class Notice(models.Model):
    """Something that happened to a result that one person needs to know about."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", "Submitted for your sign-off"
        RETURNED = "returned", "Returned for rework"
        APPROVED = "approved", "Approved"

    class Email(models.TextChoices):
        PENDING = "pending", "To send"
        SENT = "sent", "Sent"
        OFF = "off", "Not wanted"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notices")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    result = models.ForeignKey("kpis.Result", on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                           related_name="+", help_text="Who submitted, returned or approved it")
    reason = models.TextField(blank=True, help_text="The approver's reason for returning it")
    at = models.DateTimeField()
    read_at = models.DateTimeField(null=True, blank=True)
    email = models.CharField(max_length=8, choices=Email.choices, default=Email.PENDING)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notice_unread"),
            models.Index(fields=["email"], name="notice_email"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.result_id} for {self.user}"
