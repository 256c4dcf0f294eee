"""Certificate numbers cannot be guessed and a mistyped one is caught before any look-up."""

from publicity.certificates.numbers import (
    ALPHABET,
    LENGTH,
    grouped,
    is_well_formed,
    new_number,
    normalize_number,
)


def test_new_numbers_are_well_formed_and_distinct():
    numbers = {new_number() for _ in range(2000)}
    assert len(numbers) == 2000
    assert all(len(n) == LENGTH and is_well_formed(n) for n in numbers)


def test_typed_numbers_are_read_leniently():
    number = new_number()
    typed = grouped(number).lower().replace("-", " - ")
    assert normalize_number(typed) == number
    assert normalize_number("oil0") == "0110"


def test_every_single_character_typo_is_detected():
    number = new_number()
    for pos in range(LENGTH):
        for ch in ALPHABET:
            if ch != number[pos]:
                assert not is_well_formed(number[:pos] + ch + number[pos + 1 :])


def test_swapped_neighbours_are_detected():
    detected = total = 0
    for _ in range(200):
        number = new_number()
        for pos in range(LENGTH - 1):
            if number[pos] != number[pos + 1]:
                total += 1
                swapped = number[:pos] + number[pos + 1] + number[pos] + number[pos + 2 :]
                detected += not is_well_formed(swapped)
    assert detected / total > 0.95


def test_malformed_numbers():
    for raw in ["", "123", "A" * 40, "ABCDE-FGHJK-MNPQR-STVW*", new_number()[:-1]]:
        assert not is_well_formed(normalize_number(raw))
