"""Per-language date, time and number formats (settings.FORMAT_MODULE_PATH).

Django looks here first and falls back to its own ``django/conf/locale/<lang>/formats.py`` for
every name a module does not define, so each module only corrects what Django gets wrong for
the portal's six languages (Arabic mixed the English "N j, Y, P" order into its date-times,
Chinese grouped numbers by four with no separator) and adds the range formats that
``chm.formatting`` uses:

``DATE_RANGE_SAME_MONTH``, ``DATE_RANGE_SAME_YEAR``, ``DATETIME_RANGE_SAME_DAY``
    ``(start format, separator, end format)``: "3–5 December 2026" is ``("j", "–", "j F Y")``.
    Ranges across years (and date-times across days) join two full ``DATE_FORMAT`` /
    ``DATETIME_FORMAT`` values with ``RANGE_SEPARATOR``.

https://docs.djangoproject.com/en/5.2/topics/i18n/formatting/#creating-custom-format-files
"""
