"""``{% load reporting_charts %}``: ``{% series_line_chart series as chart %}`` gives the
geometry of a data series' chart (``reporting.charts.line_chart``, ``None`` without points)
for ``reporting/includes/series_chart.html`` to draw; ``{{ point.value|data_number }}`` writes
a value as the reader's language does, with no trailing zeros (12.5, not 12.500000)."""

from django import template

from reporting.charts import line_chart, number

register = template.Library()


@register.simple_tag
def series_line_chart(series):
    return line_chart(series)


@register.filter
def data_number(value):
    if value is None or value == "":
        return ""
    return number(value)
