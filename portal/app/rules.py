"""Business rules of the pathway. No request objects here: views call these, tests too.

Every rule violation raises :class:`RuleError` with a message in the user's language, before
anything is written. Lifecycle hooks fire after the commit.
"""


class RuleError(Exception):
    """A request the rules refuse; ``message`` is shown to the user as is."""

    def __init__(self, message, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field
