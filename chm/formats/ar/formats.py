# Arabic. Django's own module has no DATETIME_FORMAT, so date-times fell back to the English
# "N j, Y, P" ("ديسمبر 3, 2026، 2 م"); dates read day, month, year, and times are 24-hour.
DATE_FORMAT = "j F Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y، H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d‏/m‏/Y"
SHORT_DATETIME_FORMAT = "d‏/m‏/Y H:i"
# Western digits with CLDR's Arabic symbols for them (Django's "," decimal is the Maghreb use).
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

DATE_RANGE_SAME_MONTH = ("j", "–", "j F Y")
DATE_RANGE_SAME_YEAR = ("j F", " – ", "j F Y")
DATETIME_RANGE_SAME_DAY = ("j F Y، H:i", "–", "H:i")
RANGE_SEPARATOR = " – "
