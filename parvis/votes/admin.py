"""The back office of votes: consultations and their options. Ballots and the register
are not in it: the staff export a closed consultation's anonymous ballots and totals as
CSV (an action), and no page links a ballot to a voter."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from parvis.accounts.http import signed_in_user
from parvis.core.admin_inlines import TabularInline
from parvis.core.admin_naming import ModelNames
from parvis.core.audit import audit_record
from parvis.core.spreadsheets import csv_download
from parvis.votes import results, selectors, services
from parvis.votes.models import Ballot, Candidacy, Consultation, Option


def _opened(obj: Consultation | None) -> bool:
    return obj is not None and obj.pk is not None and obj.opens_at <= timezone.now()


class OptionInline(TabularInline):
    """The options, fixed once voting opened: ballots name them."""

    model = Option
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _opened(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _opened(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _opened(obj) and super().has_delete_permission(request, obj)

    fields = ["position", "title", "description", "cost", "image", "image_alt"]
    # The description in a smaller box: a table row per option.


@admin.register(Consultation)
class ConsultationAdmin(admin.ModelAdmin):
    names = ModelNames(a=_("a consultation"), the=_("the consultation"))
    list_display = ["title", "space", "method", "opens_at", "closes_at", "is_published"]
    list_filter = ["is_published", "method", "space"]
    list_select_related = ["space"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [OptionInline]
    actions = ["export_ballots"]
    fieldsets = [
        (None, {"fields": ["space", "title", "slug", "summary", "description", "is_published"]}),
        (_("Voting"), {"fields": ["method", "max_choices", "budget", "opens_at", "closes_at"]}),
        (_("Who may vote"), {"fields": ["eligibility", "min_age", "max_age", "residents_of_area"]}),
    ]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Once voting opened, what the ballots depend on stays as the voters saw it.
        if _opened(obj):
            return ["method", "max_choices", "budget", "opens_at", "space"]
        return []

    @admin.action(
        description=_("Export the ballots of the selected closed consultations (CSV)"),
        permissions=["change"],
    )
    def export_ballots(
        self, request: HttpRequest, queryset: QuerySet[Consultation]
    ) -> HttpResponse | None:
        now = timezone.now()
        chosen = list(queryset.order_by("closes_at", "id"))
        if any(not c.is_closed(now) for c in chosen):
            self.message_user(
                request,
                gettext("Ballots are exported once voting is closed, not before."),
                messages.ERROR,
            )
            return None
        response = csv_download(
            f"ballots-{timezone.localdate():%Y-%m-%d}.csv",
            [gettext("Consultation"), gettext("Line"), gettext("Ballot"), gettext("Choices"),
             gettext("Votes")],
            _export_rows(chosen),
        )  # fmt: skip
        audit_record(
            actor=signed_in_user(request),
            action="votes.ballots_exported",
            data={"consultations": [c.slug for c in chosen]},
        )
        return response


def _export_rows(consultations: list[Consultation]) -> Any:
    """Per consultation: each ballot (its id, its choices by title, in order for a ranked
    vote), then each option's total, the ballots' count and the register's count."""
    for consultation in consultations:
        tally, options = results.consultation_results(consultation)
        ballots = Ballot.objects.filter(consultation=consultation).order_by("id")
        for cast in ballots.values_list("id", "choices").iterator(chunk_size=5000):
            titles = [options[c].title for c in cast[1] if c in options]
            yield (consultation.slug, gettext("ballot"), cast[0], " > ".join(titles), "")
        for row in tally.rows:
            yield (consultation.slug, gettext("total"), "", options[row.option_id].title, row.votes)
        yield (consultation.slug, gettext("ballots"), "", "", tally.ballots)
        yield (
            consultation.slug,
            gettext("register"),
            "",
            "",
            selectors.register_count(consultation),
        )


@admin.register(Candidacy)
class CandidacyAdmin(admin.ModelAdmin):
    """Candidacies to elections: read, then validated (the candidate becomes an option of
    the ballot) or refused, by the actions; the candidates write them on the site."""

    names = ModelNames(a=_("a candidacy"), the=_("the candidacy"))
    list_display = ["name", "consultation", "status", "submitted_at"]
    list_filter = ["status", "consultation"]
    list_select_related = ["consultation"]
    readonly_fields = [
        "consultation",
        "user",
        "name",
        "photo",
        "photo_alt",
        "presentation",
        "projects",
        "status",
        "submitted_at",
    ]
    fields = list(readonly_fields)
    actions = ["validate", "refuse"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def _decide(self, request: HttpRequest, queryset: QuerySet[Candidacy], validate: bool) -> None:
        done = 0
        for candidacy in queryset.order_by("submitted_at", "id"):
            try:
                services.candidacy_decide(
                    candidacy=candidacy, validate=validate, actor=signed_in_user(request)
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return
            done += 1
        self.message_user(
            request,
            gettext("%(count)d candidacies decided.") % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Validate the selected candidacies"), permissions=["change"])
    def validate(self, request: HttpRequest, queryset: QuerySet[Candidacy]) -> None:
        self._decide(request, queryset, True)

    @admin.action(description=_("Refuse the selected candidacies"), permissions=["change"])
    def refuse(self, request: HttpRequest, queryset: QuerySet[Candidacy]) -> None:
        self._decide(request, queryset, False)
