"""``{% load reporting_charts %}``: ``{% series_line_chart series as chart %}`` gives the
geometry of a data series' chart (``reporting.charts.line_chart``, ``None`` without points)
for ``reporting/includes/series_chart.html`` to draw."""

from django import template

from reporting.charts import line_chart

register = template.Library()


@register.simple_tag
def series_line_chart(series):
    return line_chart(series)
