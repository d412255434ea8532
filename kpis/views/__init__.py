"""Screens for officers and approvers, one module per resource: thin views over
kpis.entry (the one door for results), kpis.worklist and kpis.bulk."""
