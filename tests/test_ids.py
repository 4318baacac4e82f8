"""Card identifiers: format, the check character's guarantees, normalisation and scan parsing."""
import string

from hypothesis import given, strategies as st

from app.cards import ids

bodies = st.text(alphabet=ids.ALPHABET, min_size=ids.BODY_LEN, max_size=ids.BODY_LEN)


def test_generated_ids_have_the_printed_format_and_a_correct_check_character():
    for _ in range(200):
        card_id = ids.generate()
        assert len(card_id) == len("KK-XXXX-XXXXX") and card_id.startswith("KK-")
        body = card_id.replace("-", "")[2:]
        assert ids.is_valid_body(body)
        assert not set(body) & set("ILOU$%/+")
        assert ids.parse_scan(card_id).key == "KK" + body


def test_ids_carry_forty_random_bits():
    assert len(ids.ALPHABET) ** ids.BODY_LEN >= 2 ** 40
    assert len({ids.generate() for _ in range(2000)}) == 2000


@given(bodies, st.integers(0, ids.BODY_LEN), st.sampled_from(ids.ALPHABET))
def test_check_character_catches_every_single_substitution(body, position, replacement):
    full = body + ids.check_char(body)
    if full[position] == replacement:
        return
    changed = full[:position] + replacement + full[position + 1:]
    assert not ids.is_valid_body(changed)


@given(bodies, st.integers(0, ids.BODY_LEN - 1))
def test_check_character_catches_every_adjacent_transposition(body, position):
    full = body + ids.check_char(body)
    if full[position] == full[position + 1]:
        return
    swapped = full[:position] + full[position + 1] + full[position] + full[position + 2:]
    assert not ids.is_valid_body(swapped)


def test_every_substitution_of_every_position_is_caught_for_one_body_exhaustively():
    body = "7F3K9Q2M"
    full = body + ids.check_char(body)
    for position in range(len(full)):
        for c in ids.ALPHABET:
            if c != full[position]:
                assert not ids.is_valid_body(full[:position] + c + full[position + 1:])


def test_typing_is_forgiving_about_case_spaces_dashes_and_look_alikes():
    card_id = ids.generate()
    key = ids.parse_scan(card_id).key
    sloppy = card_id.lower().replace("-", " ")
    assert ids.parse_scan(sloppy).key == key
    assert ids.parse_scan(card_id.replace("-", "")).key == key
    assert ids.parse_scan(card_id[3:]).key == key  # without the prefix
    body = "0" + "1" * 7
    with_look_alikes = "KK-O" + "l" * 3 + "-" + "I" * 4 + ids.check_char(body)
    assert ids.parse_scan(with_look_alikes).key == "KK" + body + ids.check_char(body)


def test_a_wrong_check_character_is_malformed_not_unknown():
    card_id = ids.generate()
    last = card_id[-1]
    wrong = card_id[:-1] + next(c for c in ids.ALPHABET if c != last)
    scan = ids.parse_scan(wrong)
    assert scan.malformed and scan.key is None


def test_a_qr_url_carries_the_id_after_c():
    card_id = ids.generate()
    for url in (f"https://kortti.example/c/{card_id}", f"https://kortti.example/c/{card_id}?utm=x",
                f"HTTPS://KORTTI.EXAMPLE/c/{card_id.lower()}", f"https://x.fi/c/{card_id.replace('-', '%2D')}"):
        assert ids.parse_scan(url).key == ids.parse_scan(card_id).key


def test_other_strings_are_legacy_candidates_not_malformed():
    scan = ids.parse_scan("ab-123 45")
    assert scan.legacy == "AB12345" and scan.key is None and not scan.malformed
    assert ids.parse_scan("").malformed
    assert ids.parse_scan("   ").malformed
    assert ids.parse_scan("x" * 1000).malformed


def test_only_code39_safe_characters_are_used():
    code39 = set(string.digits + string.ascii_uppercase + "-. ")
    assert set(ids.ALPHABET) <= code39


def test_the_check_operation_is_a_totally_anti_symmetric_quasigroup_with_zero_diagonal():
    """What makes the guarantees hold for every ID, checked over every state exhaustively."""
    table, size = ids.DAMM, len(ids.ALPHABET)
    assert all(sorted(row) == list(range(size)) for row in table)
    assert all(sorted(table[x][y] for x in range(size)) == list(range(size)) for y in range(size))
    assert all(table[x][x] == 0 for x in range(size))
    assert all(table[table[c][x]][y] != table[table[c][y]][x]
               for c in range(size) for x in range(size) for y in range(size) if x != y)
