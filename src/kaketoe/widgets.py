"""A select that renders its options in Python.

Django renders every <option> through its own small template. For a select of a few hundred
options (the handbook's factor overview) that is most of a page's server time (issue 9). This
widget writes the same markup directly, escaped with format_html; a test compares it with
Django's own rendering.
"""

from django import forms
from django.utils.html import format_html, format_html_join


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group, options, _index in widget["optgroups"]:
            html = format_html_join(
                "",
                '<option value="{}"{}>{}</option>',
                (
                    (_text(option["value"]), _attributes(option["attrs"]), option["label"])
                    for option in options
                ),
            )
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group, html) if group else html
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            widget["name"],
            _attributes(widget["attrs"]),
            format_html_join("", "{}", ((html,) for html in groups)),
        )


def _text(value) -> str:
    return "" if value is None else str(value)


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
