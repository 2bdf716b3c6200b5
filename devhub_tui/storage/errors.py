"""Errors the storage layer raises: each carries one clear line for the user."""

from __future__ import annotations


class StoreError(Exception):
    """A problem with the store the user can act on (message is one line)."""


class NotADatabaseError(StoreError):
    pass


class LockedError(StoreError):
    pass


class SchemaTooNewError(StoreError):
    pass


class ReadOnlyError(StoreError):
    """The store can't be written here (its folder is read-only); reads still work."""


class OfflineError(StoreError):
    """The sync server can't be reached (normal when offline)."""


class AuthError(StoreError):
    """Wrong username/password, or not logged in."""


class ThrottledError(AuthError):
    def __init__(self, message: str, wait_seconds: float) -> None:
        super().__init__(message)
        self.wait_seconds = wait_seconds


class NotFoundError(StoreError):
    pass


class ConflictError(StoreError):
    """A uniqueness rule was broken (for example a username already taken)."""


class PassphraseNeededError(StoreError):
    """The store is encrypted and no passphrase was given yet."""


class WrongPassphraseError(StoreError):
    """The passphrase given does not open the encrypted store."""
