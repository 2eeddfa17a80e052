"""The report PDFs laid out without text running over its cell (issue 15: the
cooperation monitor's column headers overlapped). WeasyPrint's own layout is read back:
every line of text in a header or data cell must end inside that cell."""

import datetime as dt

import pytest
from django.utils import translation

from inprocedere.network.exports.pdf import PDF_STYLESHEET, find_static
from inprocedere.reporting import network_reports, streaming
from inprocedere.reporting.selectors import Scope

pytestmark = pytest.mark.django_db


def _cells(box):
    if getattr(box, "element_tag", None) in ("th", "td"):
        yield box
        return
    for child in getattr(box, "children", ()):
        yield from _cells(child)


def _texts(box):
    for child in getattr(box, "children", ()):
        if type(child).__name__ == "TextBox":
            yield child
        else:
            yield from _texts(child)


def overflowing(html):
    """(cell text, how far it runs over) for every line wider than its cell."""
    import weasyprint

    css = weasyprint.CSS(filename=str(find_static(PDF_STYLESHEET)))
    document = weasyprint.HTML(string=html).render(stylesheets=[css])
    found = []
    for page in document.pages:
        for cell in _cells(page._page_box):
            right = cell.content_box_x() + cell.width
            for text in _texts(cell):
                over = text.position_x + text.width - right
                if over > 0.5:
                    found.append((text.text, round(over, 1)))
    return found


@pytest.mark.parametrize("report", ["cooperation_monitor", "network_figures"])
def test_no_text_runs_over_its_cell(report):
    date_from, date_to = dt.date(2024, 1, 1), dt.date(2024, 12, 31)
    with translation.override("de"):
        items = getattr(network_reports, report)(Scope(), date_from, date_to, aggregate=False)
        download = network_reports.download(
            items,
            title="Bericht",
            stem="bericht",
            date_from=date_from,
            date_to=date_to,
            scope=Scope(),
            aggregate=False,
        )
        html = streaming.pdf_html(download)
    assert overflowing(html) == []
