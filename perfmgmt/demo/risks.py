"""The demo council's risk registers: corporate, five directorate registers, four service
registers, a programme and one of its projects, about fifty risks caught mid-cycle (some
above appetite, some due for review or overdue, some flagged for escalation, step-down or
closure, one escalated by a recorded decision, one kept where it is), each linked to the
indicators that warn of it. The scheme is the default 5 × 5 one the migration ships."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from governance import risks as risk_registers
from governance.models import (
    Committee,
    EscalationDecision,
    FurtherAction,
    Risk,
    RiskCategory,
    RiskRegister,
)

if TYPE_CHECKING:
    from perfmgmt.demo import DemoBuilder

LONDON = ZoneInfo("Europe/London")

# slug, name, level, organisation unit (path), escalates to (slug), description
REGISTERS = [
    ("corporate", "Corporate Risk Register", "corporate", "", "",
     "The risks to the Corporate Plan, owned by the Chief Officer Group and reported to the "
     "Audit and Governance Committee each quarter."),
    ("children-and-families", "Children and Families Directorate Risk Register", "directorate",
     "Children and Families", "corporate", ""),
    ("adult-social-care-and-health", "Adult Social Care and Health Directorate Risk Register",
     "directorate", "Adult Social Care and Health", "corporate", ""),
    ("environment-and-infrastructure",
     "Environment and Infrastructure Directorate Risk Register", "directorate",
     "Environment and Infrastructure", "corporate", ""),
    ("economy-and-communities", "Economy and Communities Directorate Risk Register",
     "directorate", "Economy and Communities", "corporate", ""),
    ("resources", "Resources Directorate Risk Register", "directorate", "Resources",
     "corporate", ""),
    ("highways", "Highways Service Risk Register", "service",
     "Environment and Infrastructure / Highways", "environment-and-infrastructure", ""),
    ("childrens-social-care", "Children's Social Care Service Risk Register", "service",
     "Children and Families / Children's Social Care", "children-and-families", ""),
    ("adult-social-care", "Adult Social Care Service Risk Register", "service",
     "Adult Social Care and Health / Adult Social Care", "adult-social-care-and-health", ""),
    ("digital-and-it", "Digital and IT Service Risk Register", "service",
     "Resources / Digital and IT", "resources", ""),
    ("digital-transformation", "Digital Transformation Programme Risk Register", "programme",
     "", "corporate",
     "The programme replacing the council's legacy systems and moving services online."),
    ("case-management", "Adult Social Care Case Management Project Risk Register", "project",
     "", "digital-transformation",
     "Replacing the adult social care case management system by March."),
]

# reference, register, title, category, owner, cause, event, consequence, controls,
# (inherent L, I), (current L, I), (target L, I), review in days (negative: overdue),
# indicators that warn of it (titles)
RISKS = [
    ("CR01", "corporate", "Adult social care demand outstrips the budget", "Financial",
     "director.adult-social-care-and-health",
     "An ageing population, more people with complex needs and rising provider fees.",
     "Demand for adult social care grows faster than the budget set for it.",
     "An overspend that reduces reserves, and people waiting longer for care.",
     "Monthly demand and cost monitoring; the reablement offer; a fee-setting policy agreed "
     "with providers.",
     (5, 5), (5, 4), (3, 4), 21,
     ["Adult social care budget variance (£)", "People waiting for a care needs assessment"]),
    ("CR02", "corporate", "Children's placement costs and sufficiency", "Financial",
     "director.children-and-families",
     "Too few local foster carers and a national shortage of children's home places.",
     "Children are placed in costly external or unregistered placements.",
     "A sustained overspend, and children placed far from home.",
     "The sufficiency strategy; the foster carer recruitment campaign; weekly placement panel.",
     (5, 5), (4, 5), (3, 3), 35,
     ["Children's social care overspend (£)",
      "Children in care with three or more placements in the year"]),
    ("CR03", "corporate", "The medium-term financial strategy cannot be balanced",
     "Financial", "director.resources",
     "Uncertain government funding, inflation and demand pressures across services.",
     "The council cannot set a balanced budget in a future year.",
     "A section 114 notice, with spending controls and government intervention.",
     "The medium-term financial strategy refreshed each autumn; a savings programme tracked "
     "monthly by the Chief Officer Group; reserves policy.",
     (4, 5), (4, 5), (2, 5), -9,
     ["Revenue budget forecast variance (£)", "Savings delivered against plan (£, year to date)"]),
    ("CR05", "corporate", "Recruiting and keeping staff in hard-to-fill roles",
     "People and workforce", "director.resources",
     "A tight labour market and higher pay offered by neighbouring councils and agencies.",
     "The council cannot recruit or keep social workers, planners and engineers.",
     "Services rely on costly agency staff, and quality and timeliness fall.",
     "The workforce strategy; market supplements for social workers; the graduate and "
     "apprenticeship schemes.",
     (4, 4), (4, 3), (2, 3), 49,
     ["Staff turnover (rolling 12 months)", "Children's social worker vacancy rate"]),
    ("CR06", "corporate", "Adapting to a changing climate", "Environmental",
     "director.environment-and-infrastructure",
     "More frequent flooding, storms and extreme heat.",
     "Severe weather damages roads and property and disrupts services.",
     "Road closures, harm to vulnerable residents and unplanned repair costs.",
     "The local flood risk management strategy; the highways resilience network; heat-health "
     "alerts to care providers.",
     (4, 4), (3, 4), (3, 3), 63,
     ["Gully cleaning programme completed (year to date)"]),
    ("CR07", "corporate", "A child or adult at risk comes to serious harm", "Safeguarding",
     "director.children-and-families",
     "High caseloads, staff turnover and complex family circumstances.",
     "A child or adult known to the council comes to serious harm that could have been "
     "prevented.",
     "Harm to the person, a safeguarding practice review and loss of public trust.",
     "Multi-agency safeguarding partnerships; audits of case files; supervision standards.",
     (3, 5), (2, 5), (1, 5), 12,
     ["Child protection plans reviewed on time",
      "Safeguarding enquiries where the person's outcomes were met"]),
    ("CR08", "corporate", "The high needs (SEND) deficit keeps growing", "Financial",
     "director.children-and-families",
     "More children with education, health and care plans and more independent specialist "
     "placements.",
     "The dedicated schools grant high needs deficit grows beyond the statutory override.",
     "The deficit falls on the council's own reserves when the override ends.",
     "The Delivering Better Value plan; new local specialist places; early intervention in "
     "mainstream schools.",
     (5, 5), (5, 4), (4, 4), 28,
     ["Home to school transport spend against budget"]),
    ("CR09", "corporate", "Information is lost or disclosed", "Legal and regulatory",
     "director.resources",
     "Human error, weak processes and growing volumes of personal data.",
     "Personal data is lost or wrongly disclosed.",
     "Harm to residents, a fine from the Information Commissioner and loss of trust.",
     "Mandatory data protection training; the information governance board; secure email.",
     (4, 4), (3, 4), (2, 3), 70,
     ["Freedom of information requests answered within 20 working days"]),
    ("CR10", "corporate", "A key supplier fails", "Partnerships", "director.resources",
     "Financial pressure on contractors in construction, care and waste.",
     "A major supplier goes out of business.",
     "Services stop while contracts are re-let, at a higher cost.",
     "Financial checks on major suppliers each year; contingency plans for critical "
     "contracts.",
     (3, 4), (2, 4), (2, 3), 5, []),
    ("CR11", "corporate", "The council's decisions are challenged in the courts",
     "Legal and regulatory", "director.economy-and-communities",
     "Complex consultations on service changes and tight timetables.",
     "A decision is quashed on judicial review.",
     "Delay to savings, legal costs and damage to the council's reputation.",
     "Legal review of key decisions; the equality impact assessment process.",
     (3, 4), (2, 3), (2, 3), 84, []),
    # Children and Families
    ("CF01", "children-and-families", "Home to school transport for SEND overspends",
     "Financial", "head.education-and-skills",
     "More children with education, health and care plans eligible for transport, and "
     "fewer operators bidding.",
     "The home to school transport budget is overspent.",
     "Pressure on the directorate budget and the council's reserves.",
     "Route optimisation; independent travel training; personal transport budgets.",
     (5, 4), (4, 4), (3, 3), 16,
     ["Home to school transport spend against budget"]),
    ("CF02", "children-and-families", "Reliance on agency social workers",
     "People and workforce", "head.childrens-social-care",
     "Vacancies in front-line teams.", "Teams depend on agency social workers.",
     "Higher costs and less continuity for children.",
     "The social work academy; the regional agency pay cap; market supplements.",
     (4, 4), (3, 4), (2, 3), 40, ["Children's social worker vacancy rate"]),
    ("CF03", "children-and-families", "An inadequate Ofsted judgement",
     "Reputation", "director.children-and-families",
     "Inconsistent practice and high caseloads.",
     "The next inspection of children's services judges them inadequate.",
     "Intervention by the Department for Education and loss of confidence.",
     "The quality assurance framework; self-evaluation; peer review.",
     (3, 5), (2, 4), (2, 3), 55,
     ["Children's social work assessments completed within 45 days"]),
    ("CF04", "children-and-families", "Children missing education are not found quickly",
     "Safeguarding", "head.education-and-skills",
     "More elective home education and families moving between areas.",
     "Children missing education are not identified and tracked.",
     "Children come to harm or fall behind unseen.",
     "Daily checks with schools; the children missing education officer.",
     (3, 4), (3, 3), (2, 2), -3, ["Children missing education"]),
    # Adult Social Care and Health
    ("AS01", "adult-social-care-and-health", "Hospital discharges are delayed",
     "Service delivery", "head.adult-social-care",
     "Too little home care capacity in rural areas.",
     "People medically fit to leave hospital wait for care.",
     "Worse outcomes for people and pressure from the NHS.",
     "The discharge to assess pathway; block-booked home care; the trusted assessor.",
     (4, 4), (3, 4), (2, 3), 30, ["Hospital discharges supported within 2 days"]),
    ("AS02", "adult-social-care-and-health", "A care home or home care provider fails",
     "Partnerships", "head.commissioning",
     "Rising staff costs and vacancies in care providers.",
     "A provider closes at short notice.",
     "People need new care at short notice; costs rise.",
     "Market position statement; provider risk monitoring; the provider failure protocol.",
     (4, 4), (3, 4), (2, 4), 44, ["Average weekly cost of residential care (£)"]),
    ("AS03", "adult-social-care-and-health", "A poor CQC assessment of adult social care",
     "Reputation", "director.adult-social-care-and-health",
     "The new assessment framework and waiting lists.",
     "The Care Quality Commission rates the council's adult social care as requires "
     "improvement or inadequate.",
     "Loss of confidence and improvement costs.",
     "Self-assessment; practice audits; the improvement board.",
     (3, 4), (2, 4), (2, 3), 60,
     ["Adult social care assessments completed within 28 days"]),
    ("AS04", "adult-social-care-and-health", "The public health grant falls in real terms",
     "Financial", "head.public-health",
     "Grant settlements below inflation.", "Commissioned public health services must be cut.",
     "Less prevention and more demand later.",
     "Contract reviews; joint commissioning with the NHS.",
     (3, 3), (2, 2), (2, 2), 90, ["NHS health checks delivered (year to date)"]),
    # Environment and Infrastructure
    ("EI01", "environment-and-infrastructure", "The road network deteriorates",
     "Service delivery", "director.environment-and-infrastructure",
     "Capital funding below what the asset management plan needs.",
     "The condition of roads worsens faster than it can be repaired.",
     "More potholes, insurance claims and complaints.",
     "The highways asset management plan; prioritised resurfacing.",
     (4, 4), (4, 3), (3, 3), 22,
     ["Potholes repaired within 28 days", "Highways maintenance spend against budget"]),
    ("EI02", "environment-and-infrastructure", "Waste disposal contract costs rise sharply",
     "Financial", "head.waste-management",
     "Contract indexation and the landfill tax.", "Waste disposal costs rise faster than budget.",
     "Pressure on the directorate budget.",
     "Contract management; recycling campaigns.",
     (3, 4), (2, 4), (2, 3), 75,
     ["Tonnes of waste sent to landfill (year to date)"]),
    ("EI03", "environment-and-infrastructure", "Surface water flooding of homes and roads",
     "Environmental", "head.highways",
     "Heavier rainfall and blocked drainage.", "Homes and roads flood.",
     "Damage, disruption and claims against the council.",
     "The gully cleaning programme; flood investigations; the community flood wardens.",
     (4, 4), (3, 4), (3, 3), -15,
     ["Gully cleaning programme completed (year to date)"]),
    ("EI04", "environment-and-infrastructure", "Commercial bus services are withdrawn",
     "Service delivery", "head.planning-and-transport",
     "Falling patronage and rising operator costs.",
     "Operators withdraw commercial routes.",
     "Rural residents lose access to work and services.",
     "The bus service improvement plan; supported services.",
     (3, 4), (3, 3), (2, 3), 33, ["Bus services running on time"]),
    # Economy and Communities
    ("EC01", "economy-and-communities", "Town centres decline", "Service delivery",
     "head.economic-development",
     "Online shopping and the cost of living.", "Town centre vacancy rates rise.",
     "Lower business rates income and less vibrant places.",
     "The town centre regeneration fund; the business support offer.",
     (3, 4), (3, 3), (2, 3), 26, ["Town centre footfall index"]),
    ("EC02", "economy-and-communities", "Trading standards cannot meet its duties",
     "Legal and regulatory", "director.economy-and-communities",
     "Vacancies in qualified officers.", "Statutory inspections are missed.",
     "Residents are exposed to unsafe goods and scams.",
     "The intelligence-led inspection plan; regional shared services.",
     (3, 3), (2, 3), (2, 2), 8,
     ["Trading standards complaints resolved within 10 days"]),
    # Resources
    ("CR04", "resources", "A cyber attack disables council systems",
     "Information and cyber security", "head.digital-and-it",
     "Ransomware groups targeting local government, and legacy systems.",
     "A cyber attack encrypts or steals the council's data.",
     "Services stop for weeks, data is published and recovery costs millions.",
     "Multi-factor authentication; immutable backups; 24-hour security monitoring; the "
     "cyber incident response plan.",
     (4, 5), (3, 5), (2, 5), 11, ["Cyber security training completed"]),
    ("RS01", "resources", "Savings are not delivered on time", "Financial",
     "head.finance",
     "Complex savings dependent on other organisations.",
     "Planned savings slip or are not delivered.",
     "A budget gap in year.",
     "Monthly savings tracker; alternative savings identified.",
     (4, 4), (4, 4), (2, 4), 18, ["Savings delivered against plan (£, year to date)"]),
    ("RS02", "resources", "The pay award costs more than budgeted", "Financial",
     "head.hr-and-organisational-development",
     "National pay negotiations.", "The pay award exceeds the budgeted amount.",
     "Unfunded cost across services.", "A contingency held centrally.",
     (4, 3), (3, 3), (2, 3), 65, ["Staff turnover (rolling 12 months)"]),
    ("RS03", "resources", "Business rates appeals reduce income", "Financial",
     "head.finance",
     "Appeals against the rating list.", "Successful appeals reduce the rates retained.",
     "Lower income than forecast.", "Appeals provision reviewed quarterly.",
     (3, 3), (2, 3), (2, 2), 100, ["Business rates collected (year to date)"]),
    ("RS04", "resources", "Sickness absence stays high", "People and workforce",
     "head.hr-and-organisational-development",
     "Stress and musculoskeletal absence in front-line teams.",
     "Sickness absence stays above target.",
     "Cover costs and pressure on colleagues.",
     "The wellbeing offer; occupational health; manager training.",
     (4, 3), (3, 3), (2, 3), -21,
     ["Sickness absence (days per FTE, rolling 12 months)"]),
    # Highways (service)
    ("HW01", "highways", "Winter gritting is disrupted", "Service delivery", "approver",
     "An ageing gritter fleet and a tight salt market.",
     "Priority routes are not gritted in severe weather.",
     "Accidents and road closures.",
     "Salt stock of 10,000 tonnes; a mutual aid agreement with neighbouring councils.",
     (4, 4), (3, 4), (2, 4), 10, []),
    ("HW02", "highways", "Insurance claims from road defects rise", "Financial", "officer",
     "More potholes after a wet winter.", "Claims for damage to vehicles increase.",
     "Higher insurance costs.", "The highway inspection regime; defects repaired to policy.",
     (4, 3), (3, 3), (2, 2), 25, ["Potholes repaired within 28 days"]),
    ("HW03", "highways", "The street lighting contractor underperforms", "Partnerships",
     "approver",
     "A new contractor with few local staff.", "Faults are not repaired on time.",
     "Dark streets and complaints.", "Monthly contract meetings; performance deductions.",
     (3, 3), (2, 3), (1, 3), 38, ["Street lights working"]),
    ("HW04", "highways", "A highway tree falls on a road user", "Health and safety",
     "officer",
     "Ash dieback across the county.", "A diseased tree falls onto the highway.",
     "Injury or death, and a claim against the council.",
     "Tree surveys on priority routes; felling programme.",
     (3, 5), (2, 4), (1, 4), -6, []),
    # Children's Social Care (service)
    ("CS01", "childrens-social-care", "Children are placed in unregistered settings",
     "Safeguarding", "lead.children-in-care",
     "No registered placement available at short notice.",
     "A child is placed in an unregistered children's home.",
     "Risk to the child and regulatory action.",
     "Director approval of every such placement; daily sufficiency calls.",
     (4, 4), (3, 4), (1, 4), 7,
     ["Children in care with three or more placements in the year"]),
    ("CS02", "childrens-social-care", "Caseloads are too high", "People and workforce",
     "lead.assessment-and-intervention",
     "Vacancies and rising referrals.", "Social workers carry more cases than is safe.",
     "Drift in plans and staff leaving.",
     "Weekly caseload monitoring; the duty rota.",
     (4, 3), (3, 3), (2, 3), 20,
     ["Children's social work assessments completed within 45 days"]),
    ("CS03", "childrens-social-care", "Care leavers lose contact", "Service delivery",
     "lead.children-in-care",
     "Personal adviser vacancies.", "Care leavers lose touch with their personal adviser.",
     "Care leavers drift out of education, work or training.",
     "The local offer for care leavers; keep-in-touch targets.",
     (3, 3), (2, 3), (2, 2), 45, ["Care leavers in education, employment or training"]),
    # Adult Social Care (service)
    ("AC01", "adult-social-care", "The wait for a care needs assessment grows",
     "Service delivery", "lead.reablement",
     "More referrals than assessors.", "People wait longer for an assessment.",
     "Needs escalate and complaints rise.", "Waiting list triage; overtime sessions.",
     (4, 3), (3, 3), (2, 2), 14, ["People waiting for a care needs assessment"]),
    ("AC02", "adult-social-care", "Deprivation of liberty assessments backlog",
     "Legal and regulatory", "lead.safeguarding-adults",
     "Too few best interests assessors.", "Applications are not assessed in time.",
     "People are deprived of their liberty unlawfully.",
     "Prioritisation tool; framework of independent assessors.",
     (4, 3), (4, 2), (2, 2), 32, []),
    ("AC03", "adult-social-care", "Reablement capacity falls short", "Service delivery",
     "lead.reablement",
     "Carer vacancies in the in-house service.", "Fewer people receive reablement.",
     "More people need long-term care.", "Recruitment campaign; rota redesign.",
     (3, 3), (2, 3), (1, 3), 50,
     ["Hospital discharges supported within 2 days"]),
    # Digital and IT (service)
    ("IT01", "digital-and-it", "Legacy systems fall out of support",
     "Information and cyber security", "lead.service-desk",
     "Applications on unsupported platforms.", "A legacy system fails or is compromised.",
     "Services cannot operate; data is at risk.",
     "Isolated network segment; the replacement programme.",
     (4, 4), (3, 3), (2, 2), 24, ["IT service desk incidents resolved first time"]),
    ("IT02", "digital-and-it", "Staff fall for phishing emails",
     "Information and cyber security", "head.digital-and-it",
     "Targeted phishing campaigns.", "A member of staff gives away their credentials.",
     "Unauthorised access to council systems.",
     "Simulated phishing; multi-factor authentication; training.",
     (4, 4), (2, 3), (1, 3), 58, ["Cyber security training completed"]),
    ("IT03", "digital-and-it", "The service desk is short-staffed at peak times",
     "Service delivery", "lead.service-desk",
     "Seasonal leave.", "Calls wait longer at peaks.", "Frustrated staff.",
     "Rota planning; self-service portal.",
     (3, 2), (1, 3), (1, 3), 80, ["IT service desk incidents resolved first time"]),
    # Digital Transformation Programme
    ("DT01", "digital-transformation", "The programme's benefits are not realised",
     "Projects and change", "head.digital-and-it",
     "Savings assumed before designs are complete.",
     "Services do not change how they work once the new systems are in.",
     "The savings in the medium-term financial strategy are not delivered.",
     "Benefits register owned by each service; programme board monthly.",
     (4, 4), (3, 4), (2, 3), 19, ["Savings delivered against plan (£, year to date)"]),
    ("DT02", "digital-transformation", "The programme cannot get the people it needs",
     "People and workforce", "head.digital-and-it",
     "Competition for digital skills.", "Key programme roles stay vacant.",
     "Delays to every project.", "Interim specialists; knowledge transfer clauses.",
     (3, 4), (3, 3), (2, 3), 42, []),
    ("DT03", "digital-transformation", "Residents without internet access are left behind",
     "Reputation", "head.customer-services",
     "Digital exclusion among older and rural residents.",
     "Residents cannot use services moved online.",
     "Complaints and inequality.", "Assisted digital support in libraries; phone line kept.",
     (3, 3), (2, 3), (2, 2), 66, ["Calls to the contact centre answered within 60 seconds"]),
    # Case management project
    ("PJ01", "case-management", "Data migration to the new case system fails",
     "Projects and change", "lead.safeguarding-adults",
     "Poor quality data in the old system.",
     "Records are lost or corrupted in migration.",
     "Go-live is delayed and practitioners lose case history.",
     "Three trial migrations; data cleansing sprint.",
     (5, 4), (4, 4), (2, 3), 9, []),
    ("PJ02", "case-management", "The supplier delivers late", "Projects and change",
     "head.digital-and-it",
     "The supplier's other implementations.", "Configuration milestones slip.",
     "Go-live moves beyond the old system's contract end.",
     "Fortnightly supplier meetings; contract milestones.",
     (3, 4), (3, 3), (2, 3), 27, []),
    ("PJ03", "case-management", "Practitioners do not adopt the new system",
     "Projects and change", "lead.reablement",
     "Limited time for training.", "Staff keep working around the new system.",
     "Poor data and lost benefits.", "Super-users in each team; floor-walking at go-live.",
     (3, 3), (1, 3), (1, 3), 53, []),
]

# Further actions: reference, description, owner, due in days (negative: overdue), done
ACTIONS = [
    ("CR01", "Agree the new fee rates for home care with providers.",
     "director.adult-social-care-and-health", 30, False),
    ("CR01", "Open two extra reablement rounds in the north of the county.",
     "lead.reablement", -10, False),
    ("CR03", "Present the refreshed medium-term financial strategy to Cabinet.",
     "director.resources", 45, False),
    ("CR03", "Identify £4m of further savings options for next year.", "head.finance", -5,
     False),
    ("CR04", "Complete the Public Services Network health check remediation.",
     "head.digital-and-it", 20, False),
    ("CR04", "Run a cyber incident exercise with the Chief Officer Group.",
     "head.digital-and-it", -40, True),
    ("CR05", "Launch the social worker recruitment campaign.",
     "head.hr-and-organisational-development", 15, False),
    ("CR08", "Open the new 60-place specialist unit.", "head.education-and-skills", 120,
     False),
    ("CF01", "Re-tender the SEND transport routes in the south.", "head.education-and-skills",
     -2, False),
    ("CF01", "Offer independent travel training to 40 more young people.",
     "lead.send-assessment", 60, False),
    ("HW01", "Replace four gritters at the end of their lives.", "approver", 90, False),
    ("HW04", "Finish the ash dieback survey of A and B roads.", "officer", -12, False),
    ("PJ01", "Run the third trial migration and sign off the data quality report.",
     "lead.safeguarding-adults", 14, False),
]


def build_risks(builder: DemoBuilder) -> None:
    """Registers, risks, further actions and decisions for the demo council."""
    risk_registers.install_default_scheme()
    today = builder.today
    users = builder.users
    performance = users["performance"]
    units = {u.path: u for u in _units()}
    registers: dict[str, RiskRegister] = {}
    for slug, name, level, unit, above, description in REGISTERS:
        registers[slug] = RiskRegister.objects.create(
            slug=slug, name=name, level=level, org_unit=units.get(unit),
            escalates_to=registers.get(above), description=description,
        )
    categories = {c.name: c for c in RiskCategory.objects.all()}
    indicators = _indicators_by_title()
    made: dict[str, Risk] = {}
    for (reference, register, title, category, owner, cause, event, consequence, controls,
         inherent, current, target, review_in, warned_by) in RISKS:
        risk = Risk.objects.create(
            reference=reference, register=registers[register], title=title,
            category=categories[category], owner=users[owner], cause=cause, event=event,
            consequence=consequence, controls=controls,
            inherent_likelihood=inherent[0], inherent_impact=inherent[1],
            likelihood=current[0], impact=current[1],
            target_likelihood=target[0], target_impact=target[1],
            review_due=today + timedelta(days=review_in),
            last_reviewed=today + timedelta(days=review_in - 91),
            opened_on=builder.current_year.start - timedelta(days=400 - 7 * len(made)),
        )
        risk.indicators.set([indicators[t] for t in warned_by if t in indicators])
        made[reference] = risk
    FurtherAction.objects.bulk_create([
        FurtherAction(risk=made[ref], description=text, owner=users[owner],
                      due_on=today + timedelta(days=due),
                      done_on=today + timedelta(days=due) if done else None)
        for ref, text, owner, due, done in ACTIONS
    ])
    _decisions(made, registers, performance, today)
    # The performance and risk report goes to the Corporate Business Board and Cabinet.
    Committee.objects.filter(slug__in=["cbb", "cabinet"]).update(reports_risks=True)


def _decisions(made: dict[str, Risk], registers: dict[str, RiskRegister], performance,
               today) -> None:
    """The cyber attack risk escalated from the Resources register to the corporate one
    last quarter; the winter gritting risk kept on the Highways register at 12."""
    cyber = made["CR04"]
    escalated = risk_registers.record_decision(
        cyber, EscalationDecision.Decision.ESCALATE,
        "Attacks on two neighbouring councils this year: the Chief Officer Group agreed the "
        "risk needs corporate ownership and reporting to the Audit and Governance Committee.",
        performance, today=today,
    )
    kept = risk_registers.record_decision(
        made["HW01"], EscalationDecision.Decision.KEEP,
        "Salt stocks are full and the mutual aid agreement is signed; the service manages "
        "this risk and will report again after the first severe weather.",
        performance, today=today,
    )
    at = datetime.combine(today - timedelta(days=50), time(10, 30), tzinfo=LONDON)
    EscalationDecision.objects.filter(pk=escalated.pk).update(decided_at=at)
    EscalationDecision.objects.filter(pk=kept.pk).update(decided_at=at + timedelta(days=20))


def _units():
    from kpis.models import OrgUnit

    return OrgUnit.objects.all()


def _indicators_by_title() -> dict:
    from kpis.models import Indicator

    found: dict = {}
    for indicator in Indicator.objects.order_by("code"):
        found.setdefault(indicator.title, indicator)
    return found
