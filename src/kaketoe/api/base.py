"""What every API view shares: access through cases.access, an audit row for every read,
and input validated by the pages' forms."""

from __future__ import annotations

from django.http import Http404
from rest_framework import viewsets

from kaketoe.accounts.middleware import public
from kaketoe.audit.listing import record_listing
from kaketoe.audit.services import Action, record
from kaketoe.cases import access
from kaketoe.cases.models import Family, Person


class ApiViewSet(viewsets.GenericViewSet):
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    audit_family_id: int | None = None
    audit_page: list | None = None  # the page a list showed (page_of)

    @classmethod
    def as_view(cls, *args, **kwargs):
        # The two-factor middleware would redirect to the login page; the API answers 401
        # itself (token, or a session with both factors: see authentication.py).
        return public(super().as_view(*args, **kwargs))

    def finalize_response(self, request, response, *args, **kwargs):
        if request.method == "GET" and response.status_code < 400 and request.user.is_authenticated:
            detail = f"api: {self.basename} {self.action}"
            if self.audit_family_id is None and self.audit_page is not None:
                # A list across families (families, alerts): linked to each family shown.
                record_listing(request, Action.VIEW, self._families_on_page(), detail)
            else:
                record(request, Action.VIEW, family_id=self.audit_family_id, detail=detail)
        return super().finalize_response(request, response, *args, **kwargs)

    def _families_on_page(self) -> list[int]:
        page = self.audit_page
        return [
            obj.pk if isinstance(obj, Family) else getattr(obj, "family_id", None) for obj in page
        ]

    def family(self, *, edit: bool = False) -> Family:
        family = access.get_family(self.request, self.kwargs["family_pk"], edit=edit)
        self.audit_family_id = family.pk
        return family

    def child(self, *, edit: bool = False, monitor: bool = False) -> Person:
        """The child with this id, if the caller may see (and with edit=True change, with
        monitor=True do monitoring work on) its case."""
        pk = self.kwargs["child_pk"]
        family_pk = Person.objects.filter(pk=pk).values_list("family_id", flat=True).first()
        if family_pk is None:
            record(self.request, Action.DENIED, detail=f"child {pk}")
            raise Http404
        child = access.get_child(self.request, family_pk, pk, edit=edit, monitor=monitor)
        self.audit_family_id = family_pk
        return child

    def validated_form(self, serializer_class, instance=None, **form_kwargs):
        """The page's form, bound to the request body; 400 with field messages if invalid."""
        context = {**self.get_serializer_context(), "form_kwargs": form_kwargs}
        serializer = serializer_class(
            instance, data=self.request.data, partial=instance is not None, context=context
        )
        serializer.is_valid(raise_exception=True)
        return serializer.form

    def page_of(self, queryset, serializer_class, **context):
        page = self.paginate_queryset(queryset)
        self.audit_page = page
        context = {**self.get_serializer_context(), **context}
        return self.get_paginated_response(serializer_class(page, many=True, context=context).data)
