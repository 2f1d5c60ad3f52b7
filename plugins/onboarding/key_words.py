"""The key words of a trainee's workplace steps for their supervisor: the word in Finnish and,
where it is written, in the language the trainee reads. Shown with the core's language guide
(the panel's key ``onboarding-key-words``), so only under the trainee's language-support
consent."""

from __future__ import annotations

from typing import Any

from sqlalchemy import inspect, select
from sqlalchemy.orm.base import NO_VALUE

from plugins.onboarding import languages
from portal.api import Client, User, content_locales, db

#: The panel the core shows inside its language guide on the trainee page.
PANEL_KEY = "onboarding-key-words"


def trainee_locale(client: Client) -> str:
    """The language the trainee reads the portal in (Finnish when they have no account)."""
    if client.user_id is None:
        return languages.REFERENCE
    account = inspect(client).attrs.user.loaded_value  # the trainee page loads it with them
    if account is NO_VALUE:
        locale = db.session.scalar(select(User.locale).where(User.id == client.user_id))
    else:
        locale = account.locale
    return locale if locale in content_locales() else languages.REFERENCE


def key_word_steps(client: Client, views: list, translations: Any) -> dict:
    """The steps of the running placements that have key words, each as (the supervisor's
    title, the step's text in the trainee's language)."""
    locale = trainee_locale(client)
    steps = [
        (s.step["title"], languages.step_text(s.step, v.version.model_id, translations, locale))
        for v in views
        if v.active
        for s in v.steps
        if s.step.get("key_words")
    ]
    return {"key_word_steps": steps}
