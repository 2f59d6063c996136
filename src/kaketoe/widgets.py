"""A select that renders its options in Python.

Django renders every <option> through its own small template. For a select of a few hundred
options (the handbook's factor overview) that is most of a page's server time (issue 9). This
widget writes the same markup directly, escaped with format_html; a test compares it with
Django's own rendering.
"""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attributes(widget["attrs"]))]
        for group, options, _index in widget["optgroups"]:
            if group:
                parts.append(format_html('<optgroup label="{}">', group))
            for option in options:
                value = "" if option["value"] is None else str(option["value"])
                parts.append(
                    format_html(
                        '<option value="{}"{}>{}</option>',
                        value,
                        _attributes(option["attrs"]),
                        option["label"],
                    )
                )
            if group:
                parts.append("</optgroup>")
        parts.append("</select>")
        return mark_safe("".join(parts))  # noqa: S308 - every part above is escaped


def _attributes(attrs: dict) -> str:
    """As Django's attrs.html: in order, True as a bare name, False left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", key) if value is True else format_html(' {}="{}"', key, value),)
            for key, value in attrs.items()
            if value is not False and value is not None
        ),
    )
