"""Failures that stop a run (exit code 2); problems inside a user's file are findings instead."""

from __future__ import annotations


class ContratcheckError(Exception):
    """A condition that prevents checking; its message is French and shown to the user."""


class UsageError(ContratcheckError):
    """The command was called with arguments that cannot be honoured."""


class ReferentielError(ContratcheckError):
    """A référentiel file is unreadable or invalid."""
