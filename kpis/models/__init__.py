"""The register: the council, its organisation, its Corporate Plan, its indicators,
their targets and results, and the rules that rate them.

Rating is not done here: ``reporting.engine`` decides every colour and
``reporting.ratings`` feeds it from these tables.
"""

from kpis.models.benchmarks import (
    BenchmarkDataset,
    BenchmarkMatch,
    BenchmarkValue,
    ComparatorArea,
    ComparatorGroup,
)
from kpis.models.breakdowns import BreakdownCorrection, BreakdownValue, Category, Dimension
from kpis.models.delegations import Delegation
from kpis.models.feed_keys import FeedKey
from kpis.models.fields import (
    VALUE_DIGITS,
    FinancialYearField,
    PeriodField,
    validate_financial_year_key,
    validate_period_key,
)
from kpis.models.indicators import (
    RATED_TERMS,
    Benchmark,
    FormerCode,
    Indicator,
    RatingTerms,
    SeriesBreak,
)
from kpis.models.organisation import CorporatePlan, Council, OrgUnit, Pillar
from kpis.models.period_rows import PeriodRow
from kpis.models.portfolios import Portfolio
from kpis.models.results import Correction, Result, ResultStatus, ResultTransition
from kpis.models.review import ReviewDecision
from kpis.models.rules import (
    ExceptionRule,
    PolicyAssignment,
    RagPolicy,
    ScopedYearRule,
    ToleranceRule,
)
from kpis.models.targets import Target, TargetType
from kpis.models.uploads import BulkUpload

__all__ = [
    "Benchmark",
    "BenchmarkDataset",
    "BenchmarkMatch",
    "BenchmarkValue",
    "ComparatorArea",
    "ComparatorGroup",
    "BreakdownCorrection",
    "BreakdownValue",
    "BulkUpload",
    "Category",
    "CorporatePlan",
    "Correction",
    "Council",
    "Delegation",
    "FeedKey",
    "Dimension",
    "ExceptionRule",
    "FinancialYearField",
    "FormerCode",
    "Indicator",
    "OrgUnit",
    "PeriodField",
    "PeriodRow",
    "Pillar",
    "Portfolio",
    "PolicyAssignment",
    "RagPolicy",
    "RatingTerms",
    "RATED_TERMS",
    "Result",
    "ResultStatus",
    "ResultTransition",
    "ReviewDecision",
    "ScopedYearRule",
    "SeriesBreak",
    "Target",
    "TargetType",
    "ToleranceRule",
    "VALUE_DIGITS",
    "validate_financial_year_key",
    "validate_period_key",
]
