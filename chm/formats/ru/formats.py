# Russian: Django's formats (genitive months, "3 декабря 2026 г.") stand; only the ranges are
# added.
DATE_RANGE_SAME_MONTH = ("j", "–", "j E Y г.")
DATE_RANGE_SAME_YEAR = ("j E", " – ", "j E Y г.")
DATETIME_RANGE_SAME_DAY = ("j E Y г., G:i", "–", "G:i")
RANGE_SEPARATOR = " – "
