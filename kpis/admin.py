"""Admin screens for the performance team: find, filter and correct the register."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from kpis.history import admin_changes
from kpis.models import (
    Benchmark,
    BenchmarkDataset,
    BenchmarkMatch,
    BreakdownValue,
    Category,
    ComparatorArea,
    ComparatorGroup,
    CorporatePlan,
    Council,
    Delegation,
    Dimension,
    ExceptionRule,
    FeedKey,
    FormerCode,
    Indicator,
    OrgUnit,
    Pillar,
    PolicyAssignment,
    RagPolicy,
    Result,
    ReviewDecision,
    SeriesBreak,
    Target,
    ToleranceRule,
)


class ReadableHistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin, its history page in words (``kpis.history``): names
    not user ids, labels not codes, figures with their unit, "30 November 2026, 22:36"."""

    def set_history_delta_changes(self, request, historical_records,
                                  foreign_keys_are_objs=True):
        admin_changes(self.model, list(historical_records))


class ReadOnlyHistoryAdmin(ReadableHistoryAdmin):
    """Rows the admin may read, with their history, but never add, change, delete or
    revert: they change only through their own door (a result through kpis.entry, a risk
    decision on the risk's page), which follows the lock and records who and why."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple-history's "revert to this version" would be a side door round the lock.
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied


@admin.register(Council)
class CouncilAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "area_code"]


class OrgUnitInline(admin.TabularInline):
    model = OrgUnit
    fields = ["name", "kind"]
    extra = 0
    show_change_link = True


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["path", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "path"]
    inlines = [OrgUnitInline]
    autocomplete_fields = ["parent", "approvers"]


class PillarInline(admin.TabularInline):
    model = Pillar
    extra = 0


@admin.register(CorporatePlan)
class CorporatePlanAdmin(admin.ModelAdmin):
    list_display = ["title", "starts", "ends", "pillar_term"]
    inlines = [PillarInline]


@admin.register(Pillar)
class PillarAdmin(admin.ModelAdmin):
    list_display = ["__str__", "plan"]
    list_filter = ["plan"]
    search_fields = ["title"]


def target_rates_reported(target: Target) -> bool:
    """Whether the target rated a period whose report has been issued (then it is kept as
    it was: changing it would re-rate what a committee was shown)."""
    from django.utils import timezone

    from governance.calendar import locked_periods
    from reporting.periods import Period
    from reporting.thresholds import periods_rated_by

    if target.pk is None:
        return False
    reported = [Period.parse(k) for k in locked_periods(timezone.localdate())]
    return bool(periods_rated_by(Period.parse(target.period), reported))


class LockedTargetsFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.forms:
            target = form.instance
            changed = form.has_changed() or (self.can_delete and self._should_delete_form(form))
            if changed and target_rates_reported(target):
                raise forms.ValidationError(
                    f"The {target.period} target rated a period whose report has been "
                    "issued: it cannot change now. Set targets for the periods still to report."
                )


class TargetInline(admin.TabularInline):
    model = Target
    formset = LockedTargetsFormSet
    fields = [
        "period", "target", "stretch_target", "floor", "low_target", "high_target", "set_by",
    ]
    readonly_fields = ["set_by"]
    extra = 0
    ordering = ["-period_end", "period"]


class ToleranceInline(admin.TabularInline):
    model = ToleranceRule
    fk_name = "indicator"
    fields = ["applies_from", "tolerance_pct", "tolerance_abs", "note"]
    extra = 0
    verbose_name = "tolerance override"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(scope=ToleranceRule.Scope.INDICATOR)


class PolicyInline(admin.TabularInline):
    model = PolicyAssignment
    fk_name = "indicator"
    fields = ["applies_from", "policy"]
    extra = 0
    verbose_name = "RAG policy for this indicator"
    verbose_name_plural = "RAG policies for this indicator"

    def get_queryset(self, request):
        return super().get_queryset(request).filter(scope=ToleranceRule.Scope.INDICATOR)


class FormerCodeInline(admin.TabularInline):
    model = FormerCode
    extra = 0


class SeriesBreakInline(admin.TabularInline):
    model = SeriesBreak
    extra = 0


class BenchmarkInline(admin.TabularInline):
    model = Benchmark
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(ReadableHistoryAdmin):
    list_display = [
        "code", "title", "level", "is_corporate", "org_unit", "polarity", "unit",
        "frequency", "status", "published",
    ]
    list_filter = [
        "level", "status", "is_corporate", "published", "frequency", "polarity", "unit",
        "collection", "financial", "aggregation", "measure_type", "timing", "source", "scope",
        "pillars",
    ]
    actions = ["publish_selected", "unpublish_selected"]
    search_fields = ["code", "title", "definition", "former_codes__code", "org_unit__path"]
    list_select_related = ["org_unit"]
    autocomplete_fields = ["parent", "org_unit", "owner", "accountable_officer"]
    filter_horizontal = ["pillars"]
    inlines = [
        TargetInline, ToleranceInline, PolicyInline, FormerCodeInline, SeriesBreakInline,
        BenchmarkInline,
    ]
    fieldsets = [
        (None, {"fields": ["code", "title", "definition", "why_it_matters"]}),
        ("Golden thread", {"fields": ["level", "is_corporate", "parent", "pillars", "org_unit"]}),
        ("People", {"fields": ["owner", "accountable_officer", "portfolio"]}),
        (
            "How it is measured",
            {
                "fields": [
                    "polarity", "unit", "decimal_places", "frequency", "collection",
                    "status", "financial", "aggregation",
                ]
            },
        ),
        (
            "About the measure",
            {"fields": ["measure_type", "timing", "source", "data_source", "scope", "perspective"]},
        ),
        (
            "Publication",
            {"fields": ["published"], "description": "A published indicator's signed-off "
             "figures appear on the public pages (/public/) and in the open data once the "
             "report for their period is issued; its people and internal notes never do."},
        ),
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["help_texts"] = {
            "decimal_places": "The places results are entered to and every figure is shown "
            "to, 0 to 6: usually 1 for a percentage (87.6%) or days, 2 for a ratio, 0 for "
            "£ and counts (£6,692,013)",
        }
        return super().get_form(request, obj, change=change, **kwargs)

    @admin.action(description="Publish the selected indicators on the public pages",
                  permissions=["change"])
    def publish_selected(self, request, queryset):
        self._set_published(request, queryset, True)

    @admin.action(description="Stop publishing the selected indicators",
                  permissions=["change"])
    def unpublish_selected(self, request, queryset):
        self._set_published(request, queryset, False)

    def _set_published(self, request, queryset, published: bool) -> None:
        from django.contrib import messages

        from kpis.publishing import set_published

        reason = ("Published on the public pages" if published
                  else "No longer published on the public pages")
        changed = set_published(queryset.order_by("code"), published, request.user, reason)
        already = queryset.count() - len(changed)
        done = "Published" if published else "Stopped publishing"
        text = f"{done} {len(changed)} indicator{'' if len(changed) == 1 else 's'}"
        if changed:
            text += f": {', '.join(changed[:10])}{'…' if len(changed) > 10 else ''}"
        if already:
            text += (f". {already} {'was' if already == 1 else 'were'} already "
                     f"{'published' if published else 'unpublished'}")
        self.message_user(request, text + ".", messages.SUCCESS)

    def get_readonly_fields(self, request, obj=None):
        # Frequency and unit say what a series means: once it has results they change only
        # by an import that declares a break in the series (docs/file-formats.md).
        # Polarity, collection and status may change: they apply from the next year
        # (RatingTerms), so no reported year is re-rated.
        if obj is not None and obj.results.exists():
            return ["frequency", "unit"]
        return []

    def has_delete_permission(self, request, obj=None):
        # Deleting an indicator would delete its results: retire it instead.
        if obj is not None and obj.results.exists():
            return False
        return super().has_delete_permission(request, obj)

    def delete_queryset(self, request, queryset):
        from django.core.exceptions import PermissionDenied

        if queryset.filter(results__isnull=False).exists():
            raise PermissionDenied("Indicators with results are retired, never deleted")
        super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, ToleranceRule | PolicyAssignment):
                instance.scope = ToleranceRule.Scope.INDICATOR
            if isinstance(instance, Target) and instance.set_by_id is None:
                instance.set_by = request.user
        formset.save()


@admin.register(Target)
class TargetAdmin(ReadableHistoryAdmin):
    list_display = ["indicator", "period", "target", "stretch_target", "target_type", "set_by"]
    list_filter = ["period", "indicator__level"]
    search_fields = ["indicator__code", "indicator__title"]
    list_select_related = ["indicator", "set_by"]
    autocomplete_fields = ["indicator"]
    readonly_fields = ["set_by"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and target_rates_reported(obj):
            return [f.name for f in Target._meta.fields if f.editable and f.name != "id"]
        return ["set_by"]

    def has_delete_permission(self, request, obj=None):
        if obj is not None and target_rates_reported(obj):
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        obj.set_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Result)
class ResultAdmin(ReadOnlyHistoryAdmin):
    """Results read-only: every change to a figure goes through the one door for results
    (kpis.entry: the entry screens, the bulk upload, imports and corrections after
    issue), so it moves the version on, records who and why, and follows the lock."""

    list_display = [
        "indicator", "period", "actual", "status", "reported_rag", "entered_by", "entered_at",
    ]
    list_filter = ["status", "period", "indicator__level", "indicator__frequency",
                   "reported_rag"]
    search_fields = ["indicator__code", "indicator__title", "commentary"]
    list_select_related = ["indicator", "entered_by"]
    date_hierarchy = "period_end"


@admin.register(ToleranceRule)
class ToleranceRuleAdmin(ReadableHistoryAdmin):
    list_display = [
        "__str__", "scope", "indicator", "applies_from", "tolerance_pct", "tolerance_abs",
    ]
    list_filter = ["scope", "applies_from"]
    search_fields = ["indicator__code", "note"]
    autocomplete_fields = ["indicator"]


def exception_rule_problem(before: ExceptionRule | None, after: ExceptionRule | None) -> str:
    """Why this change to the exception rules would re-rate a year whose report has been
    issued (empty if it would not): such a change applies from the next year instead."""
    from django.utils import timezone

    from governance.calendar import locked_periods
    from reporting.periods import Period
    from reporting.ratings import red_periods_by_year

    others = [(r.applies_from, r.red_periods) for r in ExceptionRule.objects.all()
              if before is None or r.pk != before.pk]
    old = red_periods_by_year(
        others + ([(before.applies_from, before.red_periods)] if before else []))
    new = red_periods_by_year(
        others + ([(after.applies_from, after.red_periods)] if after else []))
    reported = sorted({Period.parse(key).fy for key in locked_periods(timezone.localdate())},
                      key=lambda year: year.year)
    changed = [year for year in reported if old.in_force(year) != new.in_force(year)]
    if not changed:
        return ""
    first_free = reported[-1].next()
    return (
        f"Reports for {changed[0].label} have been issued with red for "
        f"{old.in_force(changed[0])} periods running: this would re-rate them. Set the "
        f"rule from {first_free.key} ({first_free.label}) instead."
    )


class ExceptionRuleForm(forms.ModelForm):
    class Meta:
        model = ExceptionRule
        fields = ["applies_from", "red_periods", "note"]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        before = ExceptionRule.objects.get(pk=self.instance.pk) if self.instance.pk else None
        after = ExceptionRule(
            pk=self.instance.pk, applies_from=cleaned.get("applies_from") or None,
            red_periods=cleaned.get("red_periods"),
        )
        problem = exception_rule_problem(before, after)
        if problem:
            raise forms.ValidationError(problem)
        return cleaned


@admin.register(ExceptionRule)
class ExceptionRuleAdmin(ReadableHistoryAdmin):
    """Red for how many periods running is sustained, by financial year. A change that
    would re-rate a year whose report has been issued is refused: it applies from the
    next year instead, so what committees were shown stays as it was."""

    form = ExceptionRuleForm
    list_display = ["__str__", "applies_from", "red_periods", "note"]
    actions = None  # no bulk delete round the check below

    def save_model(self, request, obj, form, change):
        obj._change_reason = obj.note or ("Changed" if change else "Set")
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and exception_rule_problem(obj, None):
            return False
        return super().has_delete_permission(request, obj)


@admin.register(SeriesBreak)
class SeriesBreakAdmin(admin.ModelAdmin):
    list_display = ["indicator", "period", "reason"]
    search_fields = ["indicator__code"]
    autocomplete_fields = ["indicator"]


@admin.register(Benchmark)
class BenchmarkAdmin(admin.ModelAdmin):
    list_display = ["indicator", "comparator", "period", "value", "source"]
    list_filter = ["comparator"]
    search_fields = ["indicator__code", "comparator"]
    autocomplete_fields = ["indicator"]


@admin.register(RagPolicy)
class RagPolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "basis", "green_band", "amber_band", "blue_for_stretch"]
    list_filter = ["kind"]
    search_fields = ["name", "used_by", "description"]

    def get_readonly_fields(self, request, obj=None):
        # A policy that has rated results keeps its rules: history is never re-rated.
        if obj is not None and obj.assignments.exists():
            return RagPolicy.RULE_FIELDS
        return []


@admin.register(PolicyAssignment)
class PolicyAssignmentAdmin(ReadableHistoryAdmin):
    list_display = ["__str__", "scope", "indicator", "policy", "applies_from"]
    list_filter = ["scope", "policy", "applies_from"]
    search_fields = ["indicator__code", "policy__name"]
    autocomplete_fields = ["indicator"]
    list_select_related = ["indicator", "policy"]


@admin.register(Delegation)
class DelegationAdmin(ReadableHistoryAdmin):
    list_display = ["indicator", "delegate", "ends_on", "granted_by"]
    list_filter = ["ends_on"]
    search_fields = ["indicator__code", "delegate__username", "delegate__last_name"]
    autocomplete_fields = ["indicator", "delegate"]
    readonly_fields = ["granted_by"]

    def save_model(self, request, obj, form, change):
        obj.granted_by = obj.granted_by or request.user
        super().save_model(request, obj, form, change)


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(ReadableHistoryAdmin):
    list_display = ["indicator", "year", "decision", "decided_by", "decided_at"]
    list_filter = ["year", "decision"]
    search_fields = ["indicator__code", "note"]
    readonly_fields = ["decided_by", "decided_at"]


# --- benchmarks: brought in by import_benchmarks only (docs/benchmarks.md) -----------------


class ImportedOnly:
    """Shown, searched and deleted here, never typed in or edited: every benchmark comes
    through import_benchmarks, which checks it and names who brought it in and why."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BenchmarkDataset)
class BenchmarkDatasetAdmin(ImportedOnly, ReadableHistoryAdmin):
    list_display = ["name", "publisher", "licence", "layout", "imported_at", "imported_by"]
    search_fields = ["name", "publisher"]
    list_select_related = ["imported_by"]


class ComparatorAreaInline(ImportedOnly, admin.TabularInline):
    model = ComparatorArea
    fields = ["position", "area_code", "area_name"]
    extra = 0

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ComparatorGroup)
class ComparatorGroupAdmin(ImportedOnly, ReadableHistoryAdmin):
    list_display = ["name", "area_code", "area_name", "imported_at", "imported_by"]
    search_fields = ["name", "area_code", "areas__area_code", "areas__area_name"]
    list_select_related = ["imported_by"]
    inlines = [ComparatorAreaInline]


@admin.register(BenchmarkMatch)
class BenchmarkMatchAdmin(ImportedOnly, ReadableHistoryAdmin):
    list_display = ["indicator", "metric", "dataset", "group"]
    list_filter = ["dataset", "group"]
    search_fields = ["indicator__code", "metric"]
    list_select_related = ["indicator", "dataset", "group"]


# --- breakdowns -----------------------------------------------------------------------


class CategoryInline(admin.TabularInline):
    model = Category
    extra = 3
    fields = ["name", "order"]


@admin.register(Dimension)
class DimensionAdmin(ReadableHistoryAdmin):
    """The dimensions the council breaks results down by, their categories and the
    indicators that use each."""

    list_display = ["name", "parts_make_the_whole"]
    search_fields = ["name", "categories__name"]
    filter_horizontal = ["indicators"]
    inlines = [CategoryInline]


@admin.register(BreakdownValue)
class BreakdownValueAdmin(ReadOnlyHistoryAdmin):
    """Breakdown figures read-only: they are part of their result, so every change goes
    through the one door for results (kpis.entry: the entry form and the breakdown
    import), follows the lock and moves the result's version on."""

    list_display = ["result", "category", "value", "people"]
    list_filter = ["category__dimension"]
    search_fields = ["result__indicator__code", "category__name"]
    list_select_related = ["result__indicator", "category__dimension"]


@admin.register(FeedKey)
class FeedKeyAdmin(admin.ModelAdmin):
    """Feed keys (perfmgmt/feed.py): seen and revoked here; made with ``manage.py feed_key
    create``, which shows the key once (only its digest is kept)."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix", "user__username"]
    list_select_related = ["user"]
    readonly_fields = ["user", "name", "prefix", "created_at", "created_by", "last_used_at",
                       "revoked_at", "revoked_by"]
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoked, never deleted: who had a key, and until when, stays known

    @admin.action(description="Revoke the selected feed keys")
    def revoke(self, request, queryset) -> None:
        by = request.user.get_username()
        for row in queryset.filter(revoked_at__isnull=True):
            row.revoke(by=by)
        self.message_user(request, "Revoked. Anything using those keys now gets 401.")
