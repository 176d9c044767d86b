"""The one way a command fails on purpose: `raise CliError("what went wrong")`.

`vinny.cli.main` prints the message on one line of stderr (`vinny: ...`) and exits with
`code` (1 by default, 2 for bad input); no traceback. Anything else raised is a bug and
keeps its traceback.
"""

from __future__ import annotations


class CliError(Exception):
    """An expected failure of a command: bad input, a service that did not answer."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def port_number(type_: object, value: int) -> None:
    """A Cyclopts validator: a TCP port (0 picks a free one)."""
    if not 0 <= value <= 65535:
        raise ValueError(f"port {value} is out of range (0-65535)")


def setting_pairs(settings: tuple[str, ...]) -> dict[str, str]:
    """`--setting NAME=VALUE` options as a dict; a CliError (exit 2) for one without a name."""
    pairs: dict[str, str] = {}
    for setting in settings:
        name, equals, value = setting.partition("=")
        if not name.strip() or not equals:
            raise CliError(f"--setting {setting!r} is not NAME=VALUE", 2)
        pairs[name.strip()] = value
    return pairs
