"""典型案例: staff publish a concluded case with the complainant removed; the public list shows it."""

import pytest
from django.core.exceptions import ValidationError

from complaints import services
from tests.complaints import factories as cf

pytestmark = pytest.mark.django_db


def test_publishing_a_concluded_case_shows_it_publicly_without_the_complainant(client, people):
    case = cf.concluded(people, reply="经查，企业已退还全部预付款。")
    client.force_login(people.complaint_handler)
    form = client.get(f"/complaints/staff/{case.pk}/").content.decode()
    assert "发布为典型案例" in form
    client.post(
        f"/complaints/staff/{case.pk}/publish/",
        {
            "title": "预付款纠纷典型案例",
            "summary": "消费者预付货款后商家未发货。",
            "outcome": "企业已退还全部预付款。",
        },
    )
    client.logout()
    listing = client.get("/complaints/cases/").content.decode()
    assert "预付款纠纷典型案例" in listing and "消费者预付货款后商家未发货。" in listing
    detail = client.get(f"/complaints/cases/{case.pk}/").content.decode()
    assert "企业已退还全部预付款。" in detail
    for private in ("李娜", "13900000001", "lina@example.cn", case.tracking_number):
        assert private not in listing and private not in detail
    assert "预付款纠纷典型案例" in client.get("/complaints/").content.decode()


def test_the_draft_leaves_the_complainant_out(people):
    case = cf.concluded(people)
    draft = services.case_typical_draft(case)
    assert "李娜" not in " ".join(draft.values())


def test_only_concluded_cases_can_be_published(people):
    case = cf.case()
    with pytest.raises(services.InvalidTransition) as exc:
        services.case_publish_typical(case, people.complaint_handler, title="t", summary="s", outcome="o")
    assert "只有已办结的案件" in exc.value.message


def test_unpublished_and_ordinary_cases_stay_private(client, people):
    case = cf.concluded(people)
    assert client.get(f"/complaints/cases/{case.pk}/").status_code == 404
    case = services.case_publish_typical(
        case, people.complaint_handler, title="案例", summary="摘要", outcome="结果"
    )
    assert client.get(f"/complaints/cases/{case.pk}/").status_code == 200
    services.case_unpublish_typical(case, people.complaint_handler)
    assert client.get(f"/complaints/cases/{case.pk}/").status_code == 404
    assert "暂无典型案例" in client.get("/complaints/cases/").content.decode()


def test_a_department_cannot_publish(client, people):
    case = cf.concluded(people)
    client.force_login(people.operator)
    response = client.post(
        f"/complaints/staff/{case.pk}/publish/", {"title": "a", "summary": "b", "outcome": "c"}
    )
    assert response.status_code == 404
    assert not type(case).objects.get(pk=case.pk).is_typical


# The complainant of the attack in issue 11: facts typed word for word into the complaint.
LEAKY_FACTS = (
    "本人王建国，身份证号610102198803154416，住西安市碑林区东大街幸福里小区5号楼2单元301室，"
    "电话13991234567，座机029-87654321。2026年3月预付货款2万元，对方至今未发货。"
)
LEAKY = {
    "complainant_name": "王建国",
    "complainant_phone": "13991234567",
    "complainant_address": "陕西省西安市碑林区东大街幸福里小区5号楼2单元301室",
    "facts": LEAKY_FACTS,
}


def test_the_publish_form_starts_from_an_empty_summary(client, people):
    case = cf.concluded(people, reply="王建国同志：经查属实，已责令退款。", **LEAKY)
    client.force_login(people.complaint_handler)
    html = client.get(f"/complaints/staff/{case.pk}/").content.decode()
    typical = html[html.index('id="typical"') :]
    for private in ("王建国", "610102198803154416", "13991234567", "幸福里", "对方至今未发货"):
        assert private not in typical
    assert services.case_typical_draft(case)["summary"] == ""


@pytest.mark.parametrize(
    "text, what",
    [
        ("当事人身份证号610102198803154416。", "身份证号码"),
        ("当事人身份证号61010219880315441X。", "身份证号码"),  # invalid check character
        ("当事人身份证号610102198803154417。", "身份证号码"),  # invalid check digit
        ("证件号码 6101 0219 8803 1544 16。", "身份证号码"),
        ("证件号码６１０１０２１９８８０３１５４４１６。", "身份证号码"),  # full width
        ("旧证件号610102880315441。", "身份证号码"),  # 15 digits
        ("联系电话13991234567。", "手机号码"),
        ("联系电话139-9123-4567。", "手机号码"),
        ("联系电话+86 139 9123 4567。", "手机号码"),
        ("联系电话029-87654321。", "固定电话号码"),
        ("联系电话(029)87654321。", "固定电话号码"),
        ("联系电话0917 3214567。", "固定电话号码"),
        ("座机87654321。", "固定电话号码"),
        ("投诉人王建国反映，商家拒不发货。", "投诉举报人姓名"),
        ("投诉人王 建 国反映，商家拒不发货。", "投诉举报人姓名"),
        ("投诉人家住陕西省西安市碑林区东大街幸福里小区5号楼2单元301室。", "投诉举报人地址"),
        ("投诉人家住东大街幸福里小区5号楼2单元301室。", "投诉举报人地址"),
    ],
)
def test_publishing_refuses_personal_data_and_names_what_was_found(people, text, what):
    case = cf.concluded(people, **LEAKY)
    for field in ("title", "summary", "outcome"):
        texts = {"title": "预付款纠纷", "summary": "商家收款后未发货。", "outcome": "已退款。", field: text}
        with pytest.raises(ValidationError) as exc:
            services.case_publish_typical(case, people.complaint_handler, **texts)
        assert list(exc.value.message_dict) == [field]
        assert what in exc.value.message_dict[field][0]
    case.refresh_from_db()
    assert not case.is_typical


@pytest.mark.parametrize(
    "text",
    [
        "西安鼎盛商贸有限公司（统一社会信用代码916101007106531008）于2026年3月12日收取预付款20000元。",
        "依据陕市监罚〔2026〕12号决定书罚款5000元，案件编号20260312。",
        "当事人在西安市碑林区经营，经查属实。",
    ],
)
def test_ordinary_case_texts_are_accepted(people, text):
    case = cf.concluded(people, **LEAKY)
    services.case_publish_typical(
        case, people.complaint_handler, title="预付款纠纷", summary=text, outcome="已退款。"
    )
    assert type(case).objects.get(pk=case.pk).is_typical


def test_the_publish_page_refuses_the_leaky_summary_and_publishes_nothing(client, people):
    """The attack of issue 11 through the staff page: personal data in published cases = 0."""
    case = cf.concluded(people, **LEAKY)
    client.force_login(people.complaint_handler)
    response = client.post(
        f"/complaints/staff/{case.pk}/publish/",
        {"title": "预付款纠纷典型案例", "summary": LEAKY_FACTS, "outcome": "王建国的诉求已解决。"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "案情摘要含有身份证号码、手机号码、固定电话号码、投诉举报人姓名、投诉举报人地址" in html
    assert "处理结果含有投诉举报人姓名" in html
    client.logout()
    published = "".join(
        client.get(url).content.decode()
        for url in ("/complaints/cases/", f"/complaints/cases/{case.pk}/", "/complaints/")
    )
    leaks = [
        v for v in ("王建国", "610102198803154416", "13991234567", "87654321", "幸福里") if v in published
    ]
    assert leaks == []
    assert client.get(f"/complaints/cases/{case.pk}/").status_code == 404
