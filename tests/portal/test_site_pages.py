"""The footer and service pages a Chinese government website carries."""

import pytest

pytestmark = pytest.mark.django_db


def test_footer_links_every_service_page_and_credit_china(client):
    html = client.get("/").content.decode()
    for label, path in (
        ("联系我们", "/contact/"),
        ("网站地图", "/sitemap/"),
        ("无障碍 · 适老化", "/accessibility/"),
    ):
        assert f'href="{path}">{label}</a>' in html
        assert client.get(path).status_code == 200
    assert 'href="https://www.creditchina.gov.cn/"' in html


def test_filing_numbers_show_once_configured(client, settings):
    assert "网站标识码" not in client.get("/").content.decode()
    settings.SITE_IDENTIFIER = "6100000001"
    settings.SITE_ICP_NUMBER = "陕ICP备05001234号"
    settings.SITE_PUBLIC_SECURITY_NUMBER = "陕公网安备 61010302000123号"
    html = client.get("/news/").content.decode()
    assert "网站标识码：6100000001" in html
    assert "陕ICP备05001234号" in html and "陕公网安备 61010302000123号" in html


def test_contact_page_shows_the_configured_office_contact(client, settings):
    settings.SITE_CONTACT_PHONE = "029-12345678"
    settings.SITE_CONTACT_ADDRESS = "西安市新城大院"
    html = client.get("/contact/").content.decode()
    assert "029-12345678" in html and "西安市新城大院" in html
    assert "陕西省社会信用体系建设领导小组办公室" in html


def test_sitemap_lists_every_disclosure_column_and_public_service(client):
    from publicity.columns import COLUMNS

    html = client.get("/sitemap/").content.decode()
    for slug, column in COLUMNS.items():
        assert f'href="/disclosure/{slug}/">{column.label}</a>' in html
    for path in ("/search/", "/complaints/new/", "/repair/", "/objections/", "/verify/", "/policies/"):
        assert f'href="{path}"' in html
