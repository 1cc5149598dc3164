"""Writes the case files that are impractical to type: huge or binary sources.

Run it from anywhere with `python3 tests/generate_cases.py`; the files it
writes are committed, so this only needs running again after editing it.
Each file is still a normal case, checked by tests/cases.rs.
"""
import pathlib

SYNTAX_ERRORS = pathlib.Path(__file__).resolve().parent / "cases" / "syntax_errors"


def nested(depth):
    """An expression of `depth` nested parentheses around 7."""
    return "(" * depth + "7" + ")" * depth


CASES = {
    "nested_parentheses_200_deep_work.pyl": (
        "# CPython's tokenizer allows 200 levels of brackets; this uses all 200.\n"
        f"print{nested(200)}  # expect: 7\n"
    ),
    "nested_parentheses_201_deep.pyl": (
        "# One level past CPython's limit of 200 nested brackets.\n"
        f"print{nested(201)}\n"
        "# expect syntax error: too many nested parentheses\n"
    ),
    "nested_parentheses_10000_deep.pyl": (
        "# Deep nesting must be a SyntaxError, not a stack overflow in the parser.\n"
        f"x = {nested(10_000)}\n"
        "# expect syntax error: too many nested parentheses\n"
    ),
    "null_byte_in_source.pyl": (
        'print("before")\n'
        'x = "a\0b"\n'
        "# expect syntax error: source code cannot contain null bytes\n"
    ),
    "big_literal_at_digit_limit_works.pyl": (
        "# A 4300-digit decimal literal is the largest CPython 3.11 accepts.\n"
        f"x = 1{'0' * 4299}\n"
        "print(x % 7, x.bit_length())  # expect: 6 14281\n"
    ),
    "big_literal_over_digit_limit.pyl": (
        "# CPython 3.11 refuses decimal literals over 4300 digits (int_max_str_digits).\n"
        f"x = 1{'0' * 5000}\n"
        "# expect syntax error: Exceeds the limit (4300 digits) for integer string conversion: "
        "value has 5001 digits; use sys.set_int_max_str_digits() to increase the limit - "
        "Consider hexadecimal for huge integer literals to avoid decimal conversion limits.\n"
    ),
    "big_hex_literal_has_no_limit.pyl": (
        "# Hexadecimal literals are not limited; the value is only printed as hex.\n"
        f"x = 0x1{'0' * 5000}\n"
        "print(x.bit_length(), len(hex(x)))  # expect: 20001 5003\n"
    ),
}

BINARY_CASES = {
    # The directive is ASCII, so the harness can read it around the bad byte.
    "invalid_utf8_byte.pyl": (
        b'print("before")\n'
        b'x = "caf\xe9"\n'
        b"# expect syntax error: Non-UTF-8 code starting with '\\xe9' in file "
        b"invalid_utf8_byte.pyl on line 2, but no encoding declared; "
        b"see https://peps.python.org/pep-0263/ for details\n"
    ),
}


def main():
    SYNTAX_ERRORS.mkdir(parents=True, exist_ok=True)
    for name, text in CASES.items():
        (SYNTAX_ERRORS / name).write_text(text, encoding="utf-8")
    for name, data in BINARY_CASES.items():
        (SYNTAX_ERRORS / name).write_bytes(data)
    print(f"wrote {len(CASES) + len(BINARY_CASES)} files in {SYNTAX_ERRORS}")


if __name__ == "__main__":
    main()
