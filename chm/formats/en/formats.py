# English: Django's formats ("Dec. 3, 2026, 2 p.m.") stand; only the ranges are added.
DATE_RANGE_SAME_MONTH = ("N j", "–", "j, Y")
DATE_RANGE_SAME_YEAR = ("N j", " – ", "N j, Y")
DATETIME_RANGE_SAME_DAY = ("N j, Y, P", "–", "P")
RANGE_SEPARATOR = " – "
