"""USCC (GB 32100-2015) and resident ID (GB 11643) validation."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from records.codes import (
    USCC_CHARSET,
    is_valid_id_number,
    is_valid_uscc,
    validate_id_number,
    validate_uscc,
)

# Real, published codes.
REAL_USCCS = [
    "91110000802100433B",  # 中国石油化工股份有限公司
    "91440300708461136T",  # 华为技术有限公司
    "11100000000013127D",  # 国家发展和改革委员会
]


def independent_uscc_check(first17: str) -> str:
    # Written from the standard's table, separately from records.codes.
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [pow(3, i, 31) for i in range(17)]
    total = sum(alphabet.index(c) * w for c, w in zip(first17, weights, strict=True))
    return alphabet[(31 - total % 31) % 31]


def independent_id_check(first17: str) -> str:
    weights = [pow(2, 17 - i, 11) for i in range(17)]
    return "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights, strict=True)) % 11]


@pytest.mark.parametrize("code", REAL_USCCS)
def test_real_usccs_are_valid(code):
    assert validate_uscc(code) == code


def test_uscc_input_is_normalised():
    assert validate_uscc("  91110000802100433b ") == "91110000802100433B"
    assert validate_uscc("9111 0000 8021 00433B") == "91110000802100433B"


@pytest.mark.parametrize(
    "raw, message",
    [
        ("", "统一社会信用代码不能为空"),
        ("9111000080210043", "统一社会信用代码应为18位，当前为16位"),
        ("91110000802100433BB", "应为18位，当前为19位"),
        ("9111000080210O433B", "第14位含非法字符“O”"),
        ("91110000802100433I", "第18位含非法字符“I”"),
        ("91110000802100433C", "校验码错误：第18位应为 B，当前为 C"),
        ("91AB0000802100433B", "第3至8位应为行政区划代码"),
    ],
)
def test_uscc_errors_say_what_is_wrong(raw, message):
    with pytest.raises(ValidationError) as exc:
        validate_uscc(raw)
    assert message in exc.value.messages[0]


uscc_body = st.text(alphabet=USCC_CHARSET, min_size=2, max_size=2).flatmap(
    lambda head: st.from_regex(r"\A[0-9]{6}\Z").flatmap(
        lambda area: st.text(alphabet=USCC_CHARSET, min_size=9, max_size=9).map(
            lambda tail: head + area + tail
        )
    )
)


@given(uscc_body)
def test_uscc_check_matches_independent_computation(first17):
    code = first17 + independent_uscc_check(first17)
    assert is_valid_uscc(code)
    assert is_valid_uscc(code.lower())


@given(uscc_body, st.sampled_from(USCC_CHARSET))
def test_any_other_check_character_is_refused(first17, wrong):
    if wrong != independent_uscc_check(first17):
        assert not is_valid_uscc(first17 + wrong)


REAL_ID_NUMBERS = ["11010519491231002X", "440524188001010014"]


@pytest.mark.parametrize("code", REAL_ID_NUMBERS)
def test_known_id_numbers_are_valid(code):
    assert validate_id_number(code) == code


def test_id_number_lower_case_x_and_spaces():
    assert validate_id_number(" 11010519491231002x ") == "11010519491231002X"


@pytest.mark.parametrize(
    "raw, message",
    [
        ("1101051949123100", "身份证号码应为18位，当前为16位"),
        ("11010519491A31002X", "第12位含非法字符“A”"),
        ("110105194912310021", "校验码错误：第18位应为 X，当前为 1"),
        ("110105194913310021", "出生日期无效"),
    ],
)
def test_id_number_errors_say_what_is_wrong(raw, message):
    with pytest.raises(ValidationError) as exc:
        validate_id_number(raw)
    assert message in exc.value.messages[0]


id_body = st.from_regex(r"\A61[0-9]{4}(19[5-9][0-9]|200[0-9])(0[1-9]|1[0-2])(0[1-9]|1[0-9]|2[0-8])[0-9]{3}\Z")


@given(id_body)
def test_id_check_matches_independent_computation(first17):
    assert is_valid_id_number(first17 + independent_id_check(first17))


@given(id_body, st.sampled_from("0123456789X"))
def test_id_wrong_check_refused(first17, wrong):
    if wrong != independent_id_check(first17):
        assert not is_valid_id_number(first17 + wrong)
