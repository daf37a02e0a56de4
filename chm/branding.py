"""A site's accent colour: validated, contrast-checked and served as a CSS custom property.

National CHM sites carry their own colour (``SiteSettings.accent_colour``). The header, the
buttons and the hero band put white text on it, so a colour is accepted only if white text on
it reaches WCAG 2.1's 4.5:1 contrast for normal text (success criterion 1.4.3); links drawn in
it on the white page then pass too, since the ratio is symmetric.
https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio

The colour reaches pages through a tiny stylesheet (``chm.views.site_theme``) rather than a
``style`` attribute or element: the Content-Security-Policy allows styles from the site only.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MINIMUM_CONTRAST = 4.5
WHITE = "#ffffff"


def normalize(value):
    """``#0B6E4F`` → ``#0b6e4f``; a three-digit ``#abc`` → ``#aabbcc``; None for anything
    else."""
    value = (value or "").strip()
    if re.fullmatch(r"#[0-9a-fA-F]{3}", value):
        value = "#" + "".join(char * 2 for char in value[1:])
    return value.lower() if HEX_COLOUR.match(value) else None


def _channel(value):
    value /= 255
    return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour):
    colour = normalize(colour)
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast_ratio(first, second=WHITE):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def validate_accent_colour(value):
    """A hex colour (``#0b6e4f``) on which white text has at least 4.5:1 contrast."""
    colour = normalize(value)
    if colour is None:
        raise ValidationError(
            _("Enter a colour as # and six hexadecimal digits, for example #0b6e4f."),
            code="invalid_colour",
        )
    ratio = contrast_ratio(colour)
    if ratio < MINIMUM_CONTRAST:
        raise ValidationError(
            _(
                "White text on %(colour)s has a contrast of %(ratio)s:1; it needs at least "
                "4.5:1 to be readable (WCAG 2.1 AA). Choose a darker colour."
            ),
            code="low_contrast",
            params={"colour": colour, "ratio": f"{int(ratio * 100) / 100:.2f}"},
        )


def darker(colour, amount=0.25):
    """The colour mixed with black (hover states): darker keeps white text readable."""
    colour = normalize(colour)
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(value * (1 - amount)):02x}" for value in channels)


def theme_css(colour):
    """The stylesheet that gives a site its colour (the site's CSS names it ``--green``)."""
    colour = normalize(colour)
    if colour is None:
        return ""
    return f":root {{ --green: {colour}; --green-dark: {darker(colour)}; }}\n"
