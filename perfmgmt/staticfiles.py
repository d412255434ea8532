"""plotly.js served from our own static files, straight from the plotly package.

The plotly Python package ships the plotly.js bundle (``package_data/plotly.min.js``);
this finder offers that one file as ``plotly/plotly.min.js``, so ``collectstatic`` and the
development server serve it with everything else and an upgrade of the package upgrades
it. Nothing is fetched from a CDN (docs/decisions.md).
"""

from __future__ import annotations

from pathlib import Path

import plotly
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

PLOTLY_DIR = Path(plotly.__file__).parent / "package_data"
PLOTLY_JS = "plotly/plotly.min.js"


class PlotlyFinder(BaseFinder):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.storage = FileSystemStorage(location=PLOTLY_DIR)
        self.storage.prefix = "plotly"

    def check(self, **kwargs):
        if not (PLOTLY_DIR / "plotly.min.js").is_file():
            from django.core.checks import Error

            return [Error(f"plotly.js is missing from {PLOTLY_DIR}: reinstall plotly",
                          id="perfmgmt.E001")]
        return []

    def find(self, path, find_all=False, **kwargs):
        if path != PLOTLY_JS:
            return [] if find_all else None
        found = str(PLOTLY_DIR / "plotly.min.js")
        return [found] if find_all else found

    def list(self, ignore_patterns):
        yield "plotly.min.js", self.storage
