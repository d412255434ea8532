"""Bulk entry: download what is due, upload it filled in, confirm."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kpis import bulk, exports
from kpis.forms import (
    UploadForm,
)
from kpis.models import BulkUpload
from kpis.spreadsheets import SpreadsheetError, read_sheet


def bulk_download(request):
    today = timezone.localdate()
    response = HttpResponse(
        bulk.workbook_for(request.user, today), content_type=exports.XLSX_CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'attachment; filename="results-due-{today:%Y-%m-%d}.xlsx"'
    return response


def bulk_upload(request):
    """Upload a filled-in spreadsheet: every row is checked and rated, nothing saved yet."""
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            sheet = read_sheet(upload, name=upload.name, limits=bulk.LIMITS)
            rows = bulk.check(request.user, sheet, timezone.localdate(),
                              submit=form.cleaned_data["submit"])
        except (SpreadsheetError, bulk.UploadRefused) as error:
            form.add_error("file", str(error))
        else:
            filled = [row for row in rows if not row.skipped]
            context["rows"] = filled
            context["skipped"] = len(rows) - len(filled)
            context["problems"] = [row for row in filled if row.problems]
            if not rows:
                form.add_error("file", "The spreadsheet has no rows of results")
            elif not filled:
                form.add_error("file", "Every row is blank: fill in the results you have, "
                               "then upload the spreadsheet again")
            elif not context["problems"]:
                context["upload"] = bulk.stage(
                    request.user, upload.name, rows, form.cleaned_data["submit"]
                )
    status = 400 if form.errors or context.get("problems") else 200
    return render(request, "kpis/bulk_upload.html", context, status=status)


@require_POST
def bulk_confirm(request, pk: int):
    upload = get_object_or_404(BulkUpload, pk=pk, user=request.user, applied_at=None)
    try:
        saved = bulk.apply(request.user, upload, timezone.localdate())
    except bulk.UploadRefused as error:
        messages.error(request, str(error))
        return redirect("kpis:bulk_upload")
    done = "submitted for sign-off" if upload.submit else "saved as drafts"
    messages.success(request, f"{saved} results {done}")
    return redirect("kpis:home")
