from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context, number) -> str:
    """The current query string with another page number (keeps filters)."""
    query = context["request"].GET.copy()
    query["page"] = number
    return "?" + query.urlencode()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, key)


@register.simple_tag
def written_in(text, language="nl"):
    """Free text as a colleague wrote it, marked with its language (issue 17 §2): a `lang`
    attribute for screen readers and translation tools, and a small note for a reader who reads
    Kaketoe in another language (a partner abroad reading a Dutch colleague's words)."""
    if not text:
        return ""
    language = language or "nl"
    note = ""
    if not (translation.get_language() or "").startswith(language):
        names = {"nl": _("written in Dutch"), "en": _("written in English")}
        if language in names:
            note = format_html(' <span class="muted">({})</span>', names[language])
    return format_html('<span lang="{}">{}</span>{}', language, text, note)
