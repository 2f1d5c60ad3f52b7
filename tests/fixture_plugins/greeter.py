"""Implements the hook the greetings plugin declares, which may be switched off."""

from portal.api import hookimpl

calls: list[str] = []


@hookimpl(optionalhook=True)  # declared by the greetings plugin
def portal_fixture_greetings(name):
    calls.append(name)
    return [f"Hello {name}", 42]
