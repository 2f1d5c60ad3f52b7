"""The printable copy of a young person's data speaks the reader's language: every field by
its label and every code the core has words for in those words (GDPR Art. 12, 15)."""

from __future__ import annotations

import re

import pytest

from portal.app.extensions import db
from portal.models import Attachment, Consent, ConsentScope, Outcome, OutcomeKind, PlacementType
from portal.privacy.fields import FIELDS

#: A <dt> or <dd> of the page and its text.
CELL = re.compile(r"<(dt|dd)[^>]*>(.*?)</\1>", re.S)
SNAKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b")


@pytest.fixture
def recorded(app, world):
    with app.app_context():
        db.session.add_all(
            [
                Consent(
                    client_id=world.client.id, scope=ConsentScope.SUPPORT_TEXT, shared_text="Tauot"
                ),
                Outcome(
                    client_id=world.client.id,
                    kind=OutcomeKind.EMPLOYED_SAME_FIELD,
                    on=world.placement.start_date,
                    qualification_gained="yes",
                ),
            ]
        )
        db.session.commit()
    return world


def core_cells(page: str) -> list[str]:
    """The texts of the <dt>s and <dd>s in the account's and the core's tables' sections;
    the audit trail's actions are codes the core has no words for (the data page tells
    who read what in plain language)."""
    texts = []
    for section in page.split("<section ")[1:]:
        table = re.match(r'aria-labelledby="section-([a-z_]+)"', section).group(1)
        if table == "account" or (table in FIELDS and table != "audit_events"):
            texts += [re.sub(r"\s+", " ", text).strip() for _tag, text in CELL.findall(section)]
    return texts


def test_the_finnish_copy_names_fields_and_codes_in_finnish(recorded, as_role):
    page = as_role("client_user").get("/my/copy").get_data(as_text=True)
    texts = core_cells(page)
    assert {"Etunimi", "Syntymävuosi", "Aloitti hankkeessa", "Vaihe", "Suostumus"} <= set(texts)
    # the codes of the placement, the outcome, the consent and the pathway, in words
    assert "Työssävalmennus" in texts  # placements.kind, workplace_coaching
    assert "Työllistyi samalle alalle toiseen yritykseen" in texts  # employed_same_field
    assert "Jaa valmentajan kanssa sovittu tuki (alla oleva teksti)" in texts  # support_text
    assert "Annettu valmentajalle kasvokkain" in texts  # consent channel in_person
    assert "Asiakas" in texts  # the account's role
    leftovers = [text for text in texts if SNAKE.search(text)]
    assert leftovers == []
    for code in (PlacementType.WORKPLACE_COACHING, OutcomeKind.EMPLOYED_SAME_FIELD, "in_person"):
        assert code not in page
    assert "Entry date" not in page and "Referral source" not in page


def test_the_swedish_copy_speaks_swedish(recorded, as_role):
    client = as_role("client_user")
    client.post("/language", {"lang": "sv", "next": "/my/copy"}, form_url="/my/copy")
    texts = core_cells(client.get("/my/copy").get_data(as_text=True))
    assert {"Förnamn", "Födelseår", "Fas", "Samtycke"} <= set(texts)
    assert {"Coachning på arbetsplatsen", "Anställd inom samma bransch i ett annat företag"} <= set(
        texts
    )
    assert [text for text in texts if SNAKE.search(text)] == []


def test_a_column_without_a_label_keeps_its_name_humanised(recorded, as_role, monkeypatch):
    monkeypatch.delitem(FIELDS["clients"], "birth_year")
    monkeypatch.delitem(FIELDS["review_links"], "token_hash")
    page = as_role("client_user").get("/my/copy").get_data(as_text=True)
    assert '<dt>Birth year</dt><dd class="pre">2004</dd>' in page
    assert "<dt>Syntymävuosi</dt>" not in page
    # a withheld column is listed by its label, or its humanised name
    links = page.split('aria-labelledby="section-review_links"')[1].split("</section>")[0]
    assert "Token hash (Tietoturvatunniste.)" in links
    assert "Sähköposti (" in links and "Linkin tunniste" not in links


def test_a_column_that_points_at_another_row_is_only_in_the_file(app, recorded, as_role):
    """``uploaded_by`` names no ``_id`` but is a user's row key, and ``target_kind`` with
    ``target_id`` points at a row of one of several kinds: neither is a fact to print."""
    with app.app_context():
        db.session.add(
            Attachment(
                client_id=recorded.client.id,
                uploaded_by=recorded.coach.id,
                target_kind="onboarding_mark",
                target_id=987654,
                content_type="image/jpeg",
                size=1234,
                storage_key="copy-test-key",
                sha256="0" * 64,
                caption="Hyllytys",
            )
        )
        db.session.commit()
    client = as_role("client_user")
    page = client.get("/my/copy").get_data(as_text=True)
    files = page.split('aria-labelledby="section-attachments"')[1].split("</section>")[0]
    assert "Hyllytys" in files
    cells = [text for _tag, text in CELL.findall(files)]
    assert str(recorded.coach.id) not in cells  # who added it: a user's row key
    assert "987654" not in cells and "onboarding_mark" not in cells  # what it is attached to
    file_rows = [  # the file keeps every column
        row
        for section in client.get("/my/copy.json").get_json()["tables"]
        if section["table"] == "attachments"
        for row in section["rows"]
    ]
    assert file_rows[0]["uploaded_by"] == recorded.coach.id
