"""The command line's one error: a problem with the input or the run, in one line."""

from __future__ import annotations


class Failure(Exception):
    """A problem with the input or the run, reported in one line with exit status 1."""
