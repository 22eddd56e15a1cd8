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


class FetchError(InputError):
    """A URL that could not be fetched (refused, timed out, too big, HTTP error); names the URL and the reason."""

    def __init__(self, url: str, reason: str, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


class RobotsDisallowed(FetchError):
    """A URL its site's robots.txt keeps crawlers away from; no request was made for it."""
