"""Formula injection through the certificate form: whatever is typed in 申请单位 or 事由说明
comes out of the staff query-log export (CSV and XLSX) as text. Live formulas = 0."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from publicity.certificates.admin import CertificateAdmin
from publicity.certificates.models import Certificate
from tests import factories as f
from tests.spreadsheet_checks import FORMULAS, csv_cells, live_in_csv, live_in_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def typed_in(client):
    company = f.subject(name="陕西秦华建筑工程有限公司")
    for formula in FORMULAS:
        response = client.post(
            f"/subjects/{company.uscc}/certificate/",
            {"purpose": "other", "purpose_detail": formula, "requester_org": formula},
        )
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return Certificate.objects.all()


def export(action, queryset):
    model_admin = CertificateAdmin(Certificate, admin.site)
    return getattr(model_admin, action)(RequestFactory().post("/"), queryset)


def test_the_query_log_csv_has_no_live_formula(typed_in):
    text = export("export_csv", typed_in).content.decode("utf-8-sig")
    assert live_in_csv(text) == []
    # Shown as typed, after the apostrophe (the form trims surrounding whitespace).
    assert "'" + FORMULAS[0] in csv_cells(text)


def test_the_query_log_xlsx_has_no_live_formula(typed_in):
    content = export("export_xlsx", typed_in).content
    assert live_in_xlsx(content) == []
