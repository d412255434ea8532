"""The hubs: a page of links for each header entry that groups several pages
(perfmgmt/navigation.py). Each shows only the links the person may open, under their
headings, with a sentence on what each page is for; someone who may open none of them
is refused, as the header never offers them the hub."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path, reverse

from perfmgmt.navigation import HUBS, Entry, Hub


def hub(request, slug: str):
    page: Hub = HUBS[slug]
    groups = []
    for group in page.groups:
        links = [_link(entry) for entry in group.entries if entry.allowed(request.user)]
        if links:
            groups.append({"heading": group.heading, "links": links})
    if not groups:
        raise PermissionDenied
    return render(request, "navigation/hub.html", {"hub": page, "groups": groups})


def _link(entry: Entry) -> dict:
    return {"label": entry.label, "href": reverse(entry.url_name), "about": entry.about}


app_name = "hubs"

urlpatterns = [
    path(f"{slug.replace('_', '-')}/", hub, {"slug": slug}, name=slug)
    for slug in HUBS
]
