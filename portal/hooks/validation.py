"""Checking what plugins return against the item type each hook declares.

A list hook's specification names its item type with :func:`returns`. Every item an
implementation returns is checked against it: an instance of the wrong class, or a dataclass
whose fields do not match their annotations (nested dataclasses included), is logged with the
plugin's name and dropped, so one plugin's mistake cannot break the page that shows it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import is_dataclass
from functools import cache
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

log = logging.getLogger(__name__)

ITEM_TYPE = "hook_item_type"
F = TypeVar("F", bound=Callable[..., Any])


def returns(item_type: type) -> Callable[[F], F]:
    """Declare on a hook specification the type of the items its implementations return."""

    def mark(spec: F) -> F:
        setattr(spec, ITEM_TYPE, item_type)
        return spec

    return mark


def declared_item_type(spec_function: Callable[..., Any] | None) -> type | None:
    """The item type a specification declares with :func:`returns`, if any."""
    return getattr(spec_function, ITEM_TYPE, None)


@cache
def _adapter(item_type: type) -> TypeAdapter[Any]:
    return TypeAdapter(item_type)


def problem(item: Any, item_type: type) -> str | None:
    """Why ``item`` is not a valid ``item_type``, or ``None`` when it is one."""
    if not isinstance(item, item_type):
        return f"{type(item).__name__} instead of {item_type.__name__}"
    if not is_dataclass(item_type):
        return None
    try:
        _adapter(item_type).validate_python(item)
    except ValidationError as error:
        # Field paths and messages only: the values may hold personal data.
        return "; ".join(
            f"{'.'.join(str(part) for part in e['loc'])}: {e['msg']}" for e in error.errors()
        )
    return None


def flatten(result: Any) -> list[Any]:
    """A hook's answer as a list: one item, a list or tuple of items, or ``None``."""
    if result is None:
        return []
    if isinstance(result, list | tuple):
        return [item for item in result if item is not None]
    return [result]


def valid_items(
    plugin_name: str, hook_name: str, result: Any, item_type: type | None
) -> Iterable[Any]:
    """The items of one implementation's answer that match ``item_type``; others are logged."""
    for item in flatten(result):
        reason = problem(item, item_type) if item_type is not None else None
        if reason is None:
            yield item
        else:
            log.error("Plugin %s returned a wrong item from %s: %s", plugin_name, hook_name, reason)
