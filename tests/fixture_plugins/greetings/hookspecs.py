"""The hook the greetings fixture plugin calls."""

from portal.api import hookspec, returns


@hookspec
@returns(str)
def portal_fixture_greetings(name: str) -> str | list[str] | None:
    """Return greetings for ``name``; the greetings plugin shows them on the start page."""
