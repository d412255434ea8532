"""Test data for the risk registers: a corporate, a directorate and a service register
in one line of escalation, and people in every role."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from governance.models import Risk, RiskCategory, RiskRegister
from governance.risks import install_default_scheme
from kpis.roles import AUDITORS, COUNCILLORS, OFFICERS, PERFORMANCE_TEAM, ensure_role_groups
from tests.factories import make_user


@dataclass
class Registers:
    corporate: RiskRegister
    directorate: RiskRegister
    service: RiskRegister
    owner: object
    colleague: object
    performance: object
    councillor: object
    auditor: object


def make_registers() -> Registers:
    groups = ensure_role_groups()
    install_default_scheme()  # a transactional test (the browser's) flushed it

    def person(username: str, role: str):
        user = make_user(username, first_name=username.capitalize(), last_name="Tester")
        user.groups.add(groups[role])
        return user

    corporate = RiskRegister.objects.create(name="Corporate Risk Register", slug="corporate",
                                            level="corporate")
    directorate = RiskRegister.objects.create(name="Place Directorate Risk Register",
                                              slug="place", level="directorate",
                                              escalates_to=corporate)
    service = RiskRegister.objects.create(name="Highways Service Risk Register",
                                          slug="highways", level="service",
                                          escalates_to=directorate)
    return Registers(corporate, directorate, service, person("owen", OFFICERS),
                     person("colin", OFFICERS), person("petra", PERFORMANCE_TEAM),
                     person("carys", COUNCILLORS), person("arun", AUDITORS))


def make_risk(reference: str, register: RiskRegister, owner, *, current=(3, 3),
              inherent=(4, 4), target=(2, 2), category: str = "Service delivery",
              review_due: date | None = None) -> Risk:
    return Risk.objects.create(
        reference=reference, register=register, title=f"Risk {reference}",
        category=RiskCategory.objects.get(name=category), owner=owner,
        cause="Because of a cause", event="There is a risk that", consequence="Which leads to",
        controls="Some controls",
        inherent_likelihood=inherent[0], inherent_impact=inherent[1],
        likelihood=current[0], impact=current[1],
        target_likelihood=target[0], target_impact=target[1],
        review_due=review_due or date.today() + timedelta(days=30),
        opened_on=date.today() - timedelta(days=100),
    )
