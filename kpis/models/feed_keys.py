"""Feed keys: how Power BI (or any reporting tool) reads the council's data files without
a browser session, as the person the key belongs to, and nothing more.

A key is shown once, when it is made (``manage.py feed_key create``); only its SHA-256
digest is kept, so a copy of the database gives no one a working key. A key is 43
random URL-safe characters (256 bits), so a digest needs no salt and no slow hash: it
cannot be guessed, only stolen, and a stolen key is revoked.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX_LENGTH = 8


def digest_of(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class FeedKeyQuerySet(models.QuerySet["FeedKey"]):
    def live(self) -> FeedKeyQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class FeedKey(models.Model):
    """A key that reads the data files its owner may read (``perfmgmt.feed``)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_keys",
        help_text="The key reads what this person may read, and only the data files",
    )
    name = models.CharField(max_length=100,
                            help_text="What uses it, e.g. Power BI: corporate dashboard")
    prefix = models.CharField(max_length=PREFIX_LENGTH,
                              help_text="The key's first characters, to tell keys apart")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.CharField(max_length=150, blank=True, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.CharField(max_length=150, blank=True, editable=False)

    objects = FeedKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        state = " (revoked)" if self.revoked_at else ""
        return f"{self.name}: {self.prefix}… for {self.user}{state}"

    @classmethod
    def issue(cls, user, name: str, *, by: str) -> tuple[FeedKey, str]:
        """A new key for ``user``: the row and the key itself, which is never stored."""
        key = secrets.token_urlsafe(32)
        row = cls.objects.create(user=user, name=name, prefix=key[:PREFIX_LENGTH],
                                 digest=digest_of(key), created_by=by)
        return row, key

    def revoke(self, *, by: str) -> None:
        if self.revoked_at is None:
            self.revoked_at, self.revoked_by = timezone.now(), by
            self.save(update_fields=["revoked_at", "revoked_by"])
