"""Pages of the onboarding plugin, under ``/p/onboarding``: one blueprint, its routes in modules
by what they show."""

from plugins.onboarding.views import (  # noqa: F401 (importing a module adds its routes)
    editing,
    model_pages,
    progress,
    sharing_pages,
    step_photos,
    translating,
)
from plugins.onboarding.views.blueprint import bp

__all__ = ["bp"]
