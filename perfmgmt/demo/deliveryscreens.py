"""The demo delivery plan's actions linked to the plans and strategies they deliver.

Called once from ``build_demo`` after the actions (``perfmgmt/demo/actions.py``) and the
register of plans (``perfmgmt/demo/members.py``) exist. Each action goes to the plan a
council would put it in: family hubs to the Children and Young People's Plan, the bus
service improvement plan to the Local Transport Plan, and so on; the few corporate ones
to the Corporate Plan, and one (the library pilot) to none, as happens.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from governance.delivery import Action
from governance.members_models import PlanOrStrategy

if TYPE_CHECKING:
    from perfmgmt.demo import DemoBuilder

CHILDREN = "Children and Young People's Plan"
ADULTS = "Adult Social Care Strategy"
TRANSPORT = "Local Transport Plan"
WASTE = "Waste and Recycling Strategy"
ECONOMY = "Economic Growth Strategy"
MONEY = "Medium Term Financial Strategy"
DIGITAL = "Digital Strategy"
SAFETY = "Community Safety Partnership Plan"
CORPORATE = "Northshire Corporate Plan"

# The action's title (perfmgmt/demo/actions.py ACTIONS) and the plan it delivers.
PLAN_OF = {
    "Open two more family hubs": CHILDREN,
    "Cut the wait for EHC needs assessments": CHILDREN,
    "Recruit and retain more foster carers": CHILDREN,
    "Reduce agency social workers": CHILDREN,
    "Publish the school place sufficiency plan": CHILDREN,
    "Expand the reablement service": ADULTS,
    "Launch the carers' strategy": ADULTS,
    "Tackle the home care waiting list": ADULTS,
    "Stop smoking service for pregnant women": ADULTS,
    "Healthy weight programme in schools": CHILDREN,
    "Adult safeguarding board annual plan": ADULTS,
    "Resurface the priority road network": TRANSPORT,
    "Convert street lights to LED": TRANSPORT,
    "Pothole repair blitz": TRANSPORT,
    "Introduce weekly food waste collections": WASTE,
    "Reopen the household waste site at Millbrook": WASTE,
    "Adopt the new Local Plan": ECONOMY,
    "Bus service improvement plan": TRANSPORT,
    "Business support hub for start-ups": ECONOMY,
    "Town centre regeneration at Eastgate": ECONOMY,
    "Scams awareness campaign": SAFETY,
    "Digital birth registration": DIGITAL,
    "Balance the medium-term financial plan": MONEY,
    "Speed up invoice payment to small firms": MONEY,
    "Workforce strategy and apprenticeships": CORPORATE,
    "Move staff email to the cloud": DIGITAL,
    "Single customer account": DIGITAL,
    "Cut call waiting times at the contact centre": CORPORATE,
    "Net zero council estate plan": CORPORATE,
}


def link_actions_to_plans(builder: DemoBuilder) -> None:
    plans = {p.title: p for p in PlanOrStrategy.objects.filter(title__in=set(PLAN_OF.values()))}
    performance = builder.users["performance"]
    for action in Action.objects.filter(title__in=list(PLAN_OF)):
        plan = plans.get(PLAN_OF[action.title])
        if plan is None:
            continue
        action.plan = plan
        action._history_user = performance
        action._change_reason = "Changed: plan"
        action.save()
