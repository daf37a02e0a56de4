"""ORCID iDs: https://support.orcid.org/hc/en-us/articles/360006897674"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORCID_RE = re.compile(r"^(\d{4})-(\d{4})-(\d{4})-(\d{3}[\dX])$")
ORCID_URL_PREFIXES = ("https://orcid.org/", "http://orcid.org/", "orcid.org/")


def normalize_orcid(value):
    """Accept the bare iD or its orcid.org URL; return the bare iD (upper-case X)."""
    value = (value or "").strip()
    for prefix in ORCID_URL_PREFIXES:
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
    return value.upper()


def orcid_checksum(base_digits):
    """ISO 7064 MOD 11-2 check character for the first 15 digits."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def validate_orcid(value):
    match = ORCID_RE.match(value or "")
    if not match:
        raise ValidationError(
            _("Enter an ORCID iD like 0000-0002-1825-0097."), code="invalid_orcid_format"
        )
    digits = "".join(match.groups())
    if orcid_checksum(digits[:15]) != digits[15]:
        raise ValidationError(
            _("This ORCID iD is not valid: its check digit does not match. Please check it."),
            code="invalid_orcid_checksum",
        )
