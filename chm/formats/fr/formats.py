# French: Django's formats ("3 décembre 2026 14:00") stand; only the ranges are added.
DATE_RANGE_SAME_MONTH = ("j", "–", "j F Y")
DATE_RANGE_SAME_YEAR = ("j F", " – ", "j F Y")
DATETIME_RANGE_SAME_DAY = ("j F Y H:i", "–", "H:i")
RANGE_SEPARATOR = " – "
