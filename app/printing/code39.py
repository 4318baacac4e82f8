"""Code 39 encoding: the bar and space widths for a text, to draw a barcode at any scale.

Each character is nine elements (five bars, four spaces, starting with a bar), three of them
wide; characters are separated by one narrow space and framed by the start/stop character `*`.
"""

# 'w' marks a wide element, 'n' a narrow one, in bar-space-bar... order.
PATTERNS = {
    "0": "nnnwwnwnn", "1": "wnnwnnnnw", "2": "nnwwnnnnw", "3": "wnwwnnnnn", "4": "nnnwwnnnw",
    "5": "wnnwwnnnn", "6": "nnwwwnnnn", "7": "nnnwnnwnw", "8": "wnnwnnwnn", "9": "nnwwnnwnn",
    "A": "wnnnnwnnw", "B": "nnwnnwnnw", "C": "wnwnnwnnn", "D": "nnnnwwnnw", "E": "wnnnwwnnn",
    "F": "nnwnwwnnn", "G": "nnnnnwwnw", "H": "wnnnnwwnn", "I": "nnwnnwwnn", "J": "nnnnwwwnn",
    "K": "wnnnnnnww", "L": "nnwnnnnww", "M": "wnwnnnnwn", "N": "nnnnwnnww", "O": "wnnnwnnwn",
    "P": "nnwnwnnwn", "Q": "nnnnnnwww", "R": "wnnnnnwwn", "S": "nnwnnnwwn", "T": "nnnnwnwwn",
    "U": "wwnnnnnnw", "V": "nwwnnnnnw", "W": "wwwnnnnnn", "X": "nwnnwnnnw", "Y": "wwnnwnnnn",
    "Z": "nwwnwnnnn", "-": "nwnnnnwnw", ".": "wwnnnnwnn", " ": "nwwnnnwnn", "*": "nwnnwnwnn",
    "$": "nwnwnwnnn", "/": "nwnwnnnwn", "+": "nwnnnwnwn", "%": "nnnwnwnwn",
}


def element_widths(text: str, narrow: int = 1, wide: int = 3) -> list[int]:
    """Widths of alternating bars and spaces (first a bar) for `*text*`, in units of `narrow`."""
    unknown = sorted(set(text) - PATTERNS.keys() - {"*"})
    if unknown or "*" in text:
        raise ValueError(f"Code 39 cannot carry {unknown or ['*']}")
    widths: list[int] = []
    for index, char in enumerate(f"*{text}*"):
        if index:
            widths.append(narrow)
        widths.extend(wide if element == "w" else narrow for element in PATTERNS[char])
    return widths
