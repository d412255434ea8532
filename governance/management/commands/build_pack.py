"""python manage.py build_pack --committee SLUG --period 2025-26-Q2 --format html|pdf|docx
--output FILE"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from governance import pack_render
from governance.models import Committee
from governance.pack_docx import render_docx
from governance.packs import pack_data
from reporting.periods import Period, PeriodError


class Command(BaseCommand):
    help = ("Build a committee's draft pack for a period as one self-contained HTML file, a "
            "tagged PDF or a Word document.")

    def add_arguments(self, parser):
        parser.add_argument("--committee", required=True, help="The committee's slug, e.g. cog")
        parser.add_argument("--period", required=True, help="e.g. 2025-26-Q2")
        parser.add_argument("--format", choices=["html", "pdf", "docx"], default="html")
        parser.add_argument("--output", required=True, help="The file to write")

    def handle(self, *args, **options):
        committee = Committee.objects.filter(slug=options["committee"]).first()
        if committee is None:
            known = ", ".join(Committee.objects.values_list("slug", flat=True)) or "none yet"
            raise CommandError(f"No committee '{options['committee']}' (known: {known})")
        try:
            period = Period.parse(options["period"])
        except PeriodError as error:
            raise CommandError(str(error)) from error
        self.stderr.write(f"Gathering the figures for {committee.name}, {period.label}…")
        data = pack_data(committee, period)
        html = pack_render.render_html(data)
        output = Path(options["output"])
        if options["format"] == "docx":
            output.write_bytes(render_docx(data))
        elif options["format"] == "pdf":
            self.stderr.write(f"Laying out {len(data['indicators'])} indicators as a PDF…")
            output.write_bytes(pack_render.render_pdf(html))
        else:
            output.write_text(html, encoding="utf-8")
        self.stdout.write(
            f"Wrote the draft {committee.name} pack for {period.label} to {output} "
            f"({len(data['indicators'])} indicators, {len(data['exceptions'])} exceptions)"
        )
