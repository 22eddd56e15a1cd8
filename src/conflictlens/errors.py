"""Named errors raised by the library; the CLI turns them into one-line messages."""


class ConflictlensError(Exception):
    """Base class of every error conflictlens raises on purpose."""


class InputError(ConflictlensError):
    """An input (file, URL, record) that cannot be read or holds nothing usable."""


class RulesError(ConflictlensError):
    """A rules or dictionary file that fails validation (names file and entry)."""


class GeoError(ConflictlensError):
    """The gazetteer cannot be built or opened."""


class StoreError(ConflictlensError):
    """The event store cannot be opened or written."""


class ConfigError(ConflictlensError):
    """A setting with a bad value or a config file that cannot be read."""
