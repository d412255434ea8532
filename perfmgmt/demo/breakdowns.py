"""Breakdowns in the demo council: children missing education by ward, reablement by age
group and safeguarding outcomes by ethnic group (a protected characteristic, as
Cambridgeshire asks for "KPIs that capture data on equalities and protected
characteristics"). Some cells are small enough to be hidden outside the performance team:
a rural ward with two or three children, a handful of younger adults in reablement."""

from __future__ import annotations

from decimal import Decimal

from kpis.models import BreakdownValue, Category, Dimension, Result

WARDS = {  # ward: its usual share of the children
    "Abbeygate": 22, "Brackley Moor": 3, "Castle Hill": 18, "Dunsford": 2,
    "Eastbrook": 25, "Fernley": 12, "Greenhythe": 14, "Harrow Cross": 4,
}
AGES = {  # age group: (people in a quarter, how far its rate sits from the whole)
    "18 to 64": (4, -9.0), "65 to 74": (46, 3.0), "75 to 84": (98, 1.0),
    "85 and over": (112, -2.5),
}
ETHNIC_GROUPS = {
    "White British": (184, 0.5), "White other": (13, -4.0),
    "Asian or Asian British": (9, -6.0), "Black or Black British": (4, -11.0),
    "Mixed or multiple ethnic groups": (3, 2.0), "Other ethnic group": (2, -3.0),
    "Not known": (11, 1.0),
}
QUARTERS = 4  # the latest quarters broken down


def make_breakdowns(builder) -> None:
    by_title = {plan.indicator.title: plan.indicator for plan in builder.plans}
    ward = _dimension("Ward", WARDS, whole=True,
                      about="The county's eight electoral wards (fictional).")
    ages = _dimension("Age group", AGES, about="Age on the day the service began.")
    ethnic = _dimension("Ethnic group", ETHNIC_GROUPS, whole=True,
                        about="As the person described themselves (ONS 2021 Census groups).")
    values: list[BreakdownValue] = []
    periods = [builder.latest_quarter.shift(-n).key for n in range(QUARTERS)]
    plan = [
        ("Children missing education", ward, _by_ward),
        ("Older people at home 91 days after reablement", ages, _rates(AGES)),
        ("Safeguarding enquiries where the person's outcomes were met", ethnic,
         _rates(ETHNIC_GROUPS)),
    ]
    for title, dimension, split in plan:
        indicator = by_title.get(title)
        if indicator is None:
            continue
        dimension.indicators.add(indicator)
        categories = list(dimension.categories.all())
        for result in Result.objects.filter(indicator=indicator, period__in=periods,
                                            actual__isnull=False):
            rng = builder._rng("breakdown", indicator.code, result.period)
            for category, (value, people) in zip(categories, split(result.actual, rng),
                                                 strict=True):
                values.append(BreakdownValue(result=result, category=category, value=value,
                                             people=people))
    BreakdownValue.objects.bulk_create(values)


def _dimension(name: str, categories: dict, *, whole: bool = False, about: str) -> Dimension:
    dimension = Dimension.objects.create(name=name, parts_make_the_whole=whole,
                                         description=about)
    Category.objects.bulk_create([
        Category(dimension=dimension, name=category, order=n)
        for n, category in enumerate(categories)
    ])
    return dimension


def _by_ward(actual: Decimal, rng) -> list[tuple[Decimal, None]]:
    """A count split across the wards, adding up to the whole."""
    weights = [share * rng.uniform(0.7, 1.3) for share in WARDS.values()]
    total = int(actual)
    counts = [int(total * w / sum(weights)) for w in weights]
    counts[0] += total - sum(counts)  # the remainder to the biggest town
    return [(Decimal(count), None) for count in counts]


def _rates(groups: dict):
    """A rate for each group, near the whole, with the people it is about."""
    def split(actual: Decimal, rng) -> list[tuple[Decimal, int]]:
        found = []
        for people, offset in groups.values():
            count = max(1, round(people * rng.uniform(0.8, 1.2)))
            rate = min(100.0, max(0.0, float(actual) + offset + rng.gauss(0, 1.5)))
            found.append((Decimal(f"{rate:.1f}"), count))
        return found
    return split
