"""The RAG schemes councils publish, as named policies ready to assign.

None is assigned: until a council assigns one, every indicator is rated by the
default (target with amber band, using the tolerance in force).
"""

from decimal import Decimal

from django.db import migrations

POLICIES = [
    dict(
        name="Target with amber band (tolerance in force)",
        kind="target_band", basis="relative", amber_band=None,
        description="Green on or better than target; amber within the tolerance; red beyond. "
        "The band is the tolerance in force (10% unless the council or indicator says otherwise).",
        used_by="Cambridgeshire, Maidstone, Worcestershire (10%)",
    ),
    dict(
        name="North West Leicestershire: 5% band",
        kind="target_band", basis="relative", amber_band=Decimal(5),
        description="Green on or better than target; amber within 5%; red beyond. Assign "
        "'Financial KPIs: 10% band' to financial indicators alongside it.",
        used_by="North West Leicestershire",
    ),
    dict(
        name="Financial KPIs: 10% band",
        kind="target_band", basis="relative", amber_band=Decimal(10),
        description="Green on or better than target; amber within 10%; red beyond.",
        used_by="North West Leicestershire (financial KPIs)",
    ),
    dict(
        name="Bracknell Forest: green within 5%, amber to 10%",
        kind="green_band", basis="relative", green_band=Decimal(5), amber_band=Decimal(10),
        description="Green on, above or within 5% of target; amber 5% to 10%; red more than 10%.",
        used_by="Bracknell Forest (older published rule)",
    ),
    dict(
        name="Belfast: green within 1%, amber to 5%",
        kind="green_band", basis="relative", green_band=Decimal(1), amber_band=Decimal(5),
        description="Green within 1% or better; amber 1% to 5% adrift; red more than 5% adrift.",
        used_by="Belfast City Council",
    ),
    dict(
        name="Kent: floor standards",
        kind="floor", basis="relative",
        description="Green: target met. Amber: floor standard met but target missed. Red: below "
        "the floor standard. Floors are set per indicator per year, like targets.",
        used_by="Kent County Council",
    ),
    dict(
        name="City of Lincoln: low and high targets",
        kind="low_high", basis="relative",
        description="Red: short of the low target. Amber: within the boundaries. Green: met or "
        "exceeded the high target.",
        used_by="City of Lincoln Council",
    ),
    dict(
        name="Havering: direction-dependent 10%",
        kind="direction_dependent", basis="relative", amber_band=Decimal(10),
        description="Green on target or within 10%. More than 10% off target: amber if "
        "performance improved or held against the same period last year, red if not.",
        used_by="London Borough of Havering",
    ),
]


def create(apps, schema_editor):
    RagPolicy = apps.get_model("kpis", "RagPolicy")
    for fields in POLICIES:
        RagPolicy.objects.get_or_create(name=fields["name"], defaults=fields)


def remove(apps, schema_editor):
    RagPolicy = apps.get_model("kpis", "RagPolicy")
    RagPolicy.objects.filter(name__in=[p["name"] for p in POLICIES], assignments=None).delete()


class Migration(migrations.Migration):
    dependencies = [("kpis", "0003_rag_policies")]
    operations = [migrations.RunPython(create, remove)]
