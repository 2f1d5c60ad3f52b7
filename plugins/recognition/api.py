"""The recognition plugin's JSON endpoint: a young person's record for the school in the
eHOKS form, the same document as the record page's download, for a token whose account may
read the record (staff, or a teacher with access)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify
from flask_login import current_user
from pydantic import BaseModel, ConfigDict, Field

from plugins.recognition import ehoks, record
from plugins.recognition.views.blueprint import STAFF
from portal.api import api_operation, get_client_or_404, roles_required, scope_required

api = Blueprint("recognition_api", __name__)


class EhoksRecord(BaseModel):
    """The eHOKS subset (``hoks``: the recognised units as eHOKS writes them) and what Polku
    adds under ``polku`` (the qualification, the units with their evidence, what is missing).
    Its schema is plugins/recognition/data/ehoks-hoks-subset.schema.json."""

    model_config = ConfigDict(extra="allow")

    hoks: dict[str, Any] = Field(description="The HOKS document, as eHOKS receives it.")
    polku: dict[str, Any] = Field(description="The record as Polku keeps it.")


@api.route("/clients/<int:client_id>/ehoks")
@roles_required(*STAFF, "teacher")
@scope_required("clients:read")
@api_operation(
    "A young person's recognised competence as an eHOKS document",
    EhoksRecord,
    scope="clients:read",
    errors=(403, 404),
)
def ehoks_record(client_id: int):
    client = get_client_or_404(current_user, client_id)
    record.note_reading(client)
    return jsonify(ehoks.as_ehoks(record.build(client)))
