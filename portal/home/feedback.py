"""Accessibility feedback: anyone may send it, the project manager reads it."""

from __future__ import annotations

from portal.app.extensions import db
from portal.models import AccessibilityFeedback


def send_feedback(message: str, contact: str = "") -> AccessibilityFeedback:
    feedback = AccessibilityFeedback(message=message, contact=contact)
    db.session.add(feedback)
    db.session.commit()
    return feedback
