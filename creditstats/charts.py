"""Charts for the statistics pages, drawn on the server by pygal as inline SVG: no JavaScript
and nothing fetched from elsewhere (pygal's tooltip script, loaded from a CDN by default, is
switched off, and its inline configuration script removed). Each chart is shown above the table of its data (templates/creditstats)."""

import html
import re
from functools import lru_cache

import pygal
from django.utils.html import escape
from django.utils.safestring import mark_safe
from pygal.style import Style

STYLE = Style(
    font_family="'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', sans-serif",
    background="transparent",
    plot_background="transparent",
    foreground="#1a1a1a",
    foreground_strong="#1a1a1a",
    foreground_subtle="#595959",
    colors=("#1d5fa6", "#b3261e", "#2e7d32", "#8a5a00"),
    title_font_size=18,
    label_font_size=14,
    major_label_font_size=14,
    value_font_size=12,
    value_label_font_size=12,
    legend_font_size=13,
)

SCRIPT = re.compile(r"<script\b.*?</script>", re.S)
STYLE_BLOCK = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
CHART_ID = re.compile(r'id="(chart-[0-9a-f-]+)"')
STYLE_ATTRIBUTE = re.compile(r' style="[^"]*"')
COMMENT = re.compile(r"<!--.*?-->", re.S)

CONFIG = {
    "style": STYLE,
    "js": [],
    "disable_xml_declaration": True,
    "show_legend": False,
    "print_values": True,
    "width": 640,
    "height": 420,
    "margin": 16,
    "truncate_label": -1,
}


def _svg(chart, label: str) -> str:
    svg = chart.render(is_unicode=True)
    # pygal always writes its tooltip configuration as an inline script, and credit comments:
    # the page needs neither (the chart is a picture; the table carries the numbers).
    svg = SCRIPT.sub("", COMMENT.sub("", svg))
    # The Content-Security-Policy allows no inline style, and a blocked <style> leaves every
    # shape black: the same CSS is served as a stylesheet instead (stylesheet(), charts.css).
    svg = STYLE_BLOCK.sub("", svg)
    svg = STYLE_ATTRIBUTE.sub("", svg)  # only the hidden tooltip has one (see stylesheet())
    # Screen readers read the table that follows; the picture itself gets a short name.
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" focusable="false" ', 1)
    return mark_safe(svg)  # noqa: S308 - pygal's own output, with only escaped text added


@lru_cache(maxsize=1)
def stylesheet() -> str:
    """pygal's CSS for STYLE, scoped to every pygal chart instead of one chart's id."""
    chart = pygal.HorizontalBar(**CONFIG)
    chart.add("", [1])
    svg = chart.render(is_unicode=True)
    chart_id = CHART_ID.search(svg).group(1)
    css = html.unescape("\n".join(STYLE_BLOCK.findall(svg)))  # it was XML-escaped inside the SVG
    return css.replace("#" + chart_id, "svg.pygal-chart") + "\nsvg.pygal-chart .tooltip{opacity:0}\n"


def bar(title: str, labels: list[str], values: list, *, percent: bool = False):
    """Horizontal bars, read top-down in the order of `labels` (as the table below)."""
    height = max(CONFIG["height"], 36 * len(labels) + 90)
    # pygal sizes labels as Latin text; Chinese characters are about twice as wide.
    widest = max((len(label) for label in labels), default=0)
    chart = pygal.HorizontalBar(
        **{**CONFIG, "height": height, "margin_left": CONFIG["margin"] + widest * 7}, title=title
    )
    if percent:
        chart.value_formatter = lambda v: f"{v:.1f}%" if v is not None else ""
        chart.range = (0, 100)
    else:
        chart.value_formatter = lambda v: f"{v:,.0f}" if v is not None else ""
    # HorizontalBar draws its first label at the bottom.
    chart.x_labels = list(reversed(labels))
    chart.add(title, list(reversed(values)))
    return _svg(chart, title)


def line(title: str, labels: list[str], series: dict[str, list]):
    chart = pygal.Line(**{**CONFIG, "show_legend": len(series) > 1, "legend_at_bottom": True}, title=title)
    chart.value_formatter = lambda v: f"{v:,.0f}" if v is not None else ""
    chart.x_labels = labels
    for name, values in series.items():
        chart.add(name, values)
    return _svg(chart, title)
