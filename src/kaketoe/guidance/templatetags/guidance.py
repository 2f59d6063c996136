"""The step-2 section of the family page: `{% guidance_section family %}`."""

from __future__ import annotations

from django import template
from django.utils import timezone
from django.utils.translation import get_language

from kaketoe.cases.models import Person
from kaketoe.guidance import queries

register = template.Library()


@register.inclusion_tag("guidance/_section.html")
def guidance_section(family) -> dict:
    children = list(family.members.filter(relation=Person.Relation.CHILD))
    return {
        "family": family,
        "children": children,
        "prompts": queries.family_prompts(children, get_language(), timezone.localdate()),
    }
