# Simplified Chinese. Django's dates are right; its MONTH_DAY_FORMAT pads the month ("09月5日")
# and its numbers group by four with no separator, where CLDR's zh groups by three with ",".
MONTH_DAY_FORMAT = "n月j日"
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

DATE_RANGE_SAME_MONTH = ("Y年n月j日", "–", "j日")
DATE_RANGE_SAME_YEAR = ("Y年n月j日", "–", "n月j日")
DATETIME_RANGE_SAME_DAY = ("Y年n月j日 H:i", "–", "H:i")
RANGE_SEPARATOR = " – "
