"""Validation written once: a serializer checks JSON types and unknown fields, then hands the
data to the very Django form the pages use, whose messages come back field by field."""

from __future__ import annotations

from django.forms.models import model_to_dict
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import APIException


class Conflict(APIException):
    status_code = 409
    default_code = "stale"

    def __init__(self):
        super().__init__(
            {
                "version": [
                    _(
                        "Someone else saved this record meanwhile. Read it again and send "
                        "your changes with the new version."
                    )
                ]
            }
        )


class FormBacked:
    """Mixed into a serializer. Subclasses name `form_class` (or override `make_form`);
    views read `serializer.form`."""

    form_class = None

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError({"non_field_errors": [_("Send a JSON object.")]})
        writable = {name for name, field in self.fields.items() if not field.read_only}
        unknown = sorted(set(data) - writable)
        if unknown:
            raise serializers.ValidationError({name: [_("Unknown field.")] for name in unknown})
        attrs = super().to_internal_value(data)
        self.form = self.make_form(self.form_data(self._by_name(attrs)))
        if not self.form.is_valid():
            raise serializers.ValidationError(form_errors(self.form))
        return attrs

    def _by_name(self, attrs: dict) -> dict:
        """Validated values under the names the client (and the form) use, not their sources."""
        return {
            name: attrs[field.source]
            for name, field in self.fields.items()
            if not field.read_only and field.source in attrs
        }

    def form_data(self, attrs: dict) -> dict:
        """On an update the form sees the record as it is, with the sent fields on top."""
        if self.instance is None:
            return {"version": 1, **attrs}  # a new record starts at version 1
        current = model_to_dict(self.instance)
        current.pop("version", None)  # the client must say which version it changes
        return {**current, **attrs}

    def make_form(self, data: dict):
        kwargs = dict(self.context.get("form_kwargs", {}))
        if self.instance is not None:
            kwargs["instance"] = self.instance
        return self.form_class(data=data, **kwargs)


def form_errors(form) -> dict:
    errors = {}
    for name, messages in form.errors.items():
        errors["non_field_errors" if name == "__all__" else name] = list(messages)
    return errors
