"""How a message repeats a value someone typed or a file held: cut to :data:`ECHO_MAX` characters.

A refusal quotes the faulty cell so that it can be found, but a cell may hold a megabyte: the message
quotes its beginning, enough to find it. Pure Python (no Django import), so that the Django-free domain
cores quote values the same way.
"""

ECHO_MAX = 40


def echo(value, limit=ECHO_MAX):
    """``value`` as text, cut to ``limit`` characters followed by "…" when longer."""
    text = "" if value is None else str(value)
    return text if len(text) <= limit else text[:limit] + "…"
