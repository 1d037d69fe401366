"""Check-digit helpers for the sample data (CONTRACT §6): Luhn (ISO/IEC 7812) and mod7.

Used by generate.py to COMPUTE membership ids instead of guessing them, and by check.py to
verify them independently.
"""


def luhn_valid(digits: str) -> bool:
    """True when the whole digit string passes the Luhn check (ISO/IEC 7812-1 Annex B)."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def luhn_complete(body: str) -> str:
    """Appends the Luhn check digit to `body`."""
    for check in "0123456789":
        if luhn_valid(body + check):
            return body + check
    raise AssertionError("unreachable")


def mod7_valid(digits: str) -> bool:
    """CONTRACT §6 mod7: the last digit is the rest of the others, read as one number, divided by 7."""
    return int(digits[-1]) == int(digits[:-1]) % 7


def mod7_complete(body: str) -> str:
    """Appends the mod7 check digit to `body` (always 0-6)."""
    return body + str(int(body) % 7)


def break_check(ffn: str, valid) -> str:
    """Changes the last digit so that the id keeps its pattern but fails its check digit."""
    for digit in "0123456789":
        candidate = ffn[:-1] + digit
        if not valid(candidate):
            return candidate
    raise AssertionError("no failing variant")
