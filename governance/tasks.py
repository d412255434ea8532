"""Work done in the background by the task worker (`manage.py db_worker`), never in a web
request: building a committee pack, with its progress saved as it goes."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from governance.models import PackBuild
from reporting.periods import Period


def _step(build: PackBuild, progress: int, step: str) -> None:
    build.progress, build.step = progress, step
    build.status = PackBuild.Status.RUNNING
    build.save(update_fields=["progress", "step", "status"])


@task()
def build_pack(build_id: int) -> None:
    """Build one draft pack and keep the file on the ``PackBuild``."""
    from governance import pack_render
    from governance.pack_docx import render_docx
    from governance.packs import pack_data

    build = PackBuild.objects.select_related("committee", "requested_by").get(pk=build_id)
    if build.issue:
        _issue(build)
        return
    try:
        _step(build, 5, "Gathering the signed-off figures and drawing the charts")
        data = pack_data(build.committee, Period.parse(build.period))
        count = len(data["indicators"])
        if build.format == "docx":
            _step(build, 50, f"Writing the Word document for {count} indicators")
            content = render_docx(data)
        else:
            _step(build, 40, "Laying out the pack")
            html = pack_render.render_html(data)
            if build.format == "pdf":
                _step(build, 45, f"Laying out {count} indicators as an accessible PDF")

                def laid_out(done: int, steps: int) -> None:
                    _step(build, 45 + 50 * done // steps,
                          f"Laying out {count} indicators as an accessible PDF: "
                          f"{done} of {steps} parts done")

                content = pack_render.render_pdf(html, progress=laid_out)
            else:
                content = html.encode("utf-8")
    except Exception as error:  # noqa: BLE001 - the person waiting must be told
        build.status, build.error = PackBuild.Status.FAILED, f"{type(error).__name__}: {error}"
        build.finished_at = timezone.now()
        build.save(update_fields=["status", "error", "finished_at"])
        raise
    build.content, build.status, build.progress = content, PackBuild.Status.READY, 100
    build.step, build.finished_at = "Ready", timezone.now()
    build.save(update_fields=["content", "status", "progress", "step", "finished_at"])


def _issue(build: PackBuild) -> None:
    from governance.packs import issue_pack

    try:
        _step(build, 10, "Gathering the signed-off figures, laying out the PDF and the Word "
              "document, and storing them")
        pack = issue_pack(build.committee, Period.parse(build.period), build.requested_by)
    except Exception as error:  # noqa: BLE001 - the person waiting must be told
        build.status, build.error = PackBuild.Status.FAILED, f"{type(error).__name__}: {error}"
        build.finished_at = timezone.now()
        build.save(update_fields=["status", "error", "finished_at"])
        raise
    build.issued, build.status, build.progress = pack, PackBuild.Status.READY, 100
    build.step, build.finished_at = f"Issued as version {pack.version}", timezone.now()
    build.save(update_fields=["issued", "status", "progress", "step", "finished_at"])
