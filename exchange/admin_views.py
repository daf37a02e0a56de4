"""The admin's "Harvesting" menu: sources (create, edit, delete, "Harvest now") and runs
(read-only, with the report of every refused record), and the read-only notice shown instead
of the edit view of a harvested page."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import ProtectedError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin.views.generic import DeleteView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import ModelPermissionPolicy

from .models import HarvestRun, HarvestSource


class RunPermissionPolicy(ModelPermissionPolicy):
    """Runs are written by harvests only: whoever may view sources views runs; nobody adds,
    changes or deletes one here."""

    def __init__(self, model):
        super().__init__(model, auth_model=HarvestSource)
        self.sources = ModelPermissionPolicy(HarvestSource)

    def user_has_permission(self, user, action):
        if action != "view":
            return False
        return self.sources.user_has_any_permission(user, ["view", "change"])

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


class SourceDeleteView(DeleteView):
    """A source whose records are here cannot go (their provenance names it): say so."""

    def form_valid(self, form):
        count = self.object.provenances.count()
        if count:
            messages.error(
                self.request,
                _(
                    "%(source)s cannot be deleted: %(count)s records here were harvested from "
                    "it. Delete or unpublish those records first, or disable the source."
                )
                % {"source": self.object, "count": count},
            )
            return redirect(self.get_success_url())
        try:
            return super().form_valid(form)
        except ProtectedError:
            messages.error(self.request, _("%(source)s is still in use.") % {"source": self.object})
            return redirect(self.get_success_url())


class HarvestSourceViewSet(ModelViewSet):
    model = HarvestSource
    icon = "download"
    menu_label = gettext_lazy("Sources")
    list_display = ["name", "slug", "kind", "schedule", "enabled", "last_run"]
    list_filter = ["kind", "enabled"]
    search_fields = ["name", "slug", "url"]
    search_backend_name = None
    form_fields = [
        "name",
        "slug",
        "kind",
        "url",
        "record_types",
        "parameters",
        "schedule",
        "enabled",
        "origin_name",
    ]
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_template_name = "exchange/admin/source_inspect.html"
    delete_view_class = SourceDeleteView
    pk_path_converter = "int"

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("harvest/<int:pk>/", self.harvest_view, name="harvest"),
        ]

    def harvest_view(self, request, pk):
        """GET: confirm; POST: enqueue ``harvest_source`` and show the run when it is done
        (at once with the immediate backend), else the source."""
        from .tasks import harvest_source

        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        source = get_object_or_404(HarvestSource, pk=pk)
        if request.method != "POST":
            return TemplateResponse(
                request, "exchange/admin/harvest_confirm.html", {"source": source}
            )
        if not source.enabled:
            messages.error(request, _("%(source)s is disabled.") % {"source": source})
            return redirect(self.get_url_name("inspect"), pk=source.pk)
        result = harvest_source.enqueue(source.pk)
        run_id = result.return_value if result.is_finished else None
        if run_id:
            messages.success(request, _("%(source)s was harvested.") % {"source": source})
            return redirect("exchange_runs:inspect", pk=run_id)
        messages.success(request, _("The harvest of %(source)s has started.") % {"source": source})
        return redirect(self.get_url_name("inspect"), pk=source.pk)


class HarvestRunViewSet(ModelViewSet):
    model = HarvestRun
    icon = "history"
    menu_label = gettext_lazy("Runs")
    list_display = ["source", "started_at", "status", "created", "updated", "unchanged", "rejected"]
    list_filter = ["status", "source"]
    search_backend_name = None
    form_fields = []
    copy_view_enabled = False
    inspect_view_enabled = True
    inspect_template_name = "exchange/admin/run_inspect.html"
    pk_path_converter = "int"

    def get_urlpatterns(self):
        keep = {"index", "index_results", "inspect"}
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in keep]


class HarvestingViewSetGroup(ModelViewSetGroup):
    menu_label = gettext_lazy("Harvesting")
    menu_icon = "download"
    menu_order = 430
    items = (HarvestSourceViewSet("exchange_sources"), HarvestRunViewSet("exchange_runs"))


def read_only_notice(request, page, provenance):
    """Instead of the edit view of a harvested page: why it cannot be edited, and where."""
    return TemplateResponse(
        request,
        "exchange/admin/harvested_read_only.html",
        {"page": page, "provenance": provenance},
        status=403,
    )
