"""Results recorded before the sign-off workflow existed were published: mark them approved."""

from django.db import migrations


def approve_existing(apps, schema_editor):
    apps.get_model("kpis", "Result").objects.update(status="approved")


class Migration(migrations.Migration):
    dependencies = [("kpis", "0005_entry_workflow")]
    operations = [migrations.RunPython(approve_existing, migrations.RunPython.noop)]
