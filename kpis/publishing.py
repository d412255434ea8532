"""Which indicators the council publishes: the performance team's choice, recorded in each
indicator's history with who made it and why. What the public then sees of them is decided
in ``public/rules.py``."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from kpis.models import Indicator


def set_published(indicators: Iterable[Indicator], published: bool, user, reason: str
                  ) -> list[str]:
    """Publish (or stop publishing) these indicators; the codes of those that changed.

    Each change is saved on its own, so the indicator's history records it with ``user``
    and ``reason``; those already as asked are left alone (no empty history rows)."""
    changed = []
    with transaction.atomic():
        for indicator in indicators:
            if indicator.published == published:
                continue
            indicator.published = published
            indicator._history_user, indicator._change_reason = user, reason
            indicator.save(update_fields=["published", "updated_at"])
            changed.append(indicator.code)
    return changed
