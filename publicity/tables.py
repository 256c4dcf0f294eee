"""Tables of records for the public pages, built in Python once per table.

Labels are looked up once per table, values once per cell through publicity.fields (masking
included); the template only loops. (Rendering a 200-record profile through per-cell template
filters cost several times the database time.)
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from publicity.fields import PublicField, public_value
from publicity.links import subject_key


@dataclass(frozen=True)
class Cell:
    label: str
    value: str
    url: str = ""
    mark: str = ""  # a public mark beside the value, e.g. 异议处理中


@dataclass(frozen=True)
class Row:
    cells: list[Cell]


@dataclass
class RecordTable:
    caption: str
    headers: list[str]
    rows: list[Row]

    def body_html(self) -> str:
        """The <tbody> rows, escaped. Built here rather than in a template loop: a profile with
        200 records has over a thousand cells, and the template engine took longer to render
        them than the database took to find them."""
        return mark_safe(
            "".join(
                "<tr>"
                + "".join(
                    format_html(
                        '<td data-label="{}"><a href="{}">{}</a>{}</td>',
                        c.label,
                        c.url,
                        c.value,
                        format_html(' <span class="badge badge-objection">{}</span>', c.mark)
                        if c.mark
                        else "",
                    )
                    if c.url
                    else format_html('<td data-label="{}">{}</td>', c.label, c.value)
                    for c in row.cells
                )
                + "</tr>\n"
                for row in self.rows
            )
        )


def record_table(
    records,
    model,
    summary: tuple[PublicField, ...],
    date_label: str,
    caption: str,
    show_subject: bool,
    marked: set = frozenset(),
) -> RecordTable:
    """A table with, per record: [the subject,] the summary fields (the first links to the
    record's page, with the 异议处理中 mark for the (kind, id) pairs in `marked`) and the
    decision date."""
    mark = _("异议处理中")
    labels = [f.label_for(model) for f in summary]
    subject_label = _("行政相对人名称")
    headers = ([subject_label] if show_subject else []) + labels + [date_label]
    # reverse() once per table: the record and subject URLs differ only by their keys.
    record_prefix = reverse("publicity:record", args=["KIND", 0]).rsplit("/", 3)[0]
    subject_prefix = reverse("publicity:subject", args=["KEY"]).rsplit("/", 2)[0]
    rows = []
    for r in records:
        cells = []
        if show_subject:
            # A natural person has no profile page unless listed: name without a link.
            url = "" if r.subject.is_person else f"{subject_prefix}/{subject_key(r.subject)}/"
            cells.append(Cell(subject_label, r.subject_name, url))
        for i, (f, label) in enumerate(zip(summary, labels, strict=True)):
            value = public_value(r, f.name)
            if i == 0:
                cells.append(
                    Cell(
                        label,
                        value or _("查看详情"),
                        f"{record_prefix}/{r.kind}/{r.pk}/",
                        mark if (r.kind, r.pk) in marked else "",
                    )
                )
            else:
                cells.append(Cell(label, value))
        cells.append(Cell(date_label, r.decision_date.isoformat()))
        rows.append(Row(cells))
    return RecordTable(caption=caption, headers=headers, rows=rows)
