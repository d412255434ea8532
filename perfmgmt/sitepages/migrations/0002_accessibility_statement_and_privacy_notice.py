"""The accessibility statement and the privacy notice every installation starts with.

Written to the GOV.UK model accessibility statement and the ICO's guidance on privacy
information; the performance team changes them in the admin (Register → Site pages),
where every version is kept. {council} and {performance team} are filled in when the page
is shown. A page that already exists is left alone.
"""

from django.db import migrations

from perfmgmt.sitepages.defaults import DEFAULTS

def add_pages(apps, schema_editor):
    SitePage = apps.get_model("sitepages", "SitePage")
    for slug, (title, body) in DEFAULTS.items():
        SitePage.objects.get_or_create(slug=slug, defaults={"title": title, "body": body})


class Migration(migrations.Migration):
    dependencies = [("sitepages", "0001_site_pages")]
    operations = [migrations.RunPython(add_pages, migrations.RunPython.noop)]
