# Spanish: Django's formats ("3 de diciembre de 2026") stand; only the ranges are added.
DATE_RANGE_SAME_MONTH = ("j", "–", r"j \d\e F \d\e Y")
DATE_RANGE_SAME_YEAR = (r"j \d\e F", " – ", r"j \d\e F \d\e Y")
DATETIME_RANGE_SAME_DAY = (r"j \d\e F \d\e Y, H:i", "–", "H:i")
RANGE_SEPARATOR = " – "
