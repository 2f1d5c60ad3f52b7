"""Pages of the recognition plugin, under ``/p/recognition``: one blueprint, its routes in
modules by what they show."""

from plugins.recognition.views import (  # noqa: F401 (importing a module adds its routes)
    catalog_pages,
    corrections,
    demonstrations,
    plan_units,
    plans,
    provider,
    school_record,
)
from plugins.recognition.views.blueprint import bp

__all__ = ["bp"]
