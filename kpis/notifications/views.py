"""Email settings, and marking the notices on the home page as read."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kpis.notifications.forms import PreferencesForm
from kpis.notifications.models import Notice, Preferences


def preferences(request):
    found = Preferences.objects.filter(user=request.user).first() or Preferences(
        user=request.user
    )
    form = PreferencesForm(request.POST or None, initial=PreferencesForm.initial_for(found))
    if request.method == "POST" and form.is_valid():
        form.save(found)
        messages.success(request, "Your email settings have been saved")
        return redirect("notifications:settings")
    return render(request, "notifications/settings.html", {"form": form})


@require_POST
def mark_read(request, pk: int):
    notice = get_object_or_404(Notice, pk=pk, user=request.user)
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return redirect(reverse("kpis:home") + "#notices")


@require_POST
def mark_all_read(request):
    Notice.objects.filter(user=request.user, read_at=None).update(read_at=timezone.now())
    return redirect("kpis:home")
