"""The language a user reads Kaketoe in: pages follow the language switch (stored on the
membership), e-mails and text generated for them follow the same choice (issue 17 §2)."""

from __future__ import annotations

from django.conf import settings

PARTNER_DEFAULT = "en"  # partner organisations abroad work in English unless they chose otherwise


def reading_language(membership) -> str:
    """The membership's chosen language; English for a partner abroad who chose none; else the
    site's default (Dutch)."""
    if membership is None:
        return settings.LANGUAGE_CODE
    if membership.language:
        return membership.language
    return PARTNER_DEFAULT if membership.organisation.is_abroad_partner else settings.LANGUAGE_CODE
