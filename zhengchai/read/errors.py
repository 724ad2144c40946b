"""Why a file could not be read, as a code a person can act on."""

from __future__ import annotations


class ReadError(Exception):
    """A file that cannot be turned into a Document; `code` names the cause."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message
