"""Errors shown to the user (one clear line), kept apart from bugs."""


class CuratorError(Exception):
    """An expected error: bad input, a refused write. Its message is shown as is."""


class ValidationError(CuratorError):
    """A write that breaks an invariant (offsets, text, unknown label...)."""


class ImportFailed(CuratorError):
    """An import refused as a whole; nothing of it was written."""


class ConflictError(CuratorError):
    """An optimistic-locking conflict: the row changed since it was read."""


class PermissionDenied(CuratorError):
    """The annotator's role does not allow this action."""


class StoreUnreachable(CuratorError):
    """The store's server (or file) cannot be reached: nothing was read or written."""


class StoreVersionError(CuratorError):
    """The store was written by a newer version of the app."""
