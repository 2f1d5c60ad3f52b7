"""The webhook messages in the OpenAPI document (its ``webhooks``, OpenAPI 3.1): what a
receiving system is sent for each event, written from the same list of events as the
admin's form."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from apispec import APISpec
from pydantic import AwareDatetime, BaseModel, Field

from portal.integrations.webhooks import EVENTS

SIGNED = (
    "Signed as the Standard Webhooks specification says: the headers webhook-id, "
    "webhook-timestamp and webhook-signature (v1, HMAC-SHA256 over id.timestamp.body with "
    "the webhook's secret). Answer 2xx within 10 seconds; anything else is tried again "
    "later with the same webhook-id."
)


class WebhookData(BaseModel):
    """Ids and dates only: the rest is read through the API."""

    client_id: int
    placement_id: int | None = None
    company_id: int | None = None
    kind: str | None = Field(None, description="The placement's or the outcome's kind.")
    start_date: date | None = None
    end_date: date | None = None
    ended_on: date | None = Field(None, description="The day a placement ended early.")
    checkpoint_id: int | None = None
    outcome_id: int | None = None
    on: date | None = Field(None, description="The outcome's day.")
    follow_up_id: int | None = None
    months: int | None = None
    due_date: date | None = None


class WebhookMessage(BaseModel):
    type: Literal[tuple(EVENTS)]  # type: ignore[valid-type]
    id: str = Field(description="The message's id, the same on every try: seen twice, skip it.")
    timestamp: AwareDatetime = Field(description="When the event happened.")
    data: WebhookData


def add_webhooks(spec: APISpec, document: dict[str, Any], schema_ref: Any) -> None:
    """Describe every event a webhook can ask for under the document's ``webhooks``."""
    ref = schema_ref(spec, WebhookMessage)
    document["components"] = spec.to_dict()["components"]
    document["webhooks"] = {
        event: {
            "post": {
                "summary": str(label),
                "description": SIGNED,
                "operationId": "webhook_" + event.replace(".", "_"),
                "requestBody": {"required": True, "content": {"application/json": {"schema": ref}}},
                "responses": {"200": {"description": "Received"}},
            }
        }
        for event, label in EVENTS.items()
    }
