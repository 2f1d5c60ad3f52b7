"""Photos and PDFs: re-encoded without metadata, refused when not what they claim, stored
outside the web root (or in S3), served only by the rule of what they are attached to."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from flask import current_app
from PIL import Image, PngImagePlugin
from sqlalchemy import func, select

from portal.app.extensions import db
from portal.app.rules import RuleError
from portal.attachments import files, service
from portal.attachments.storage import S3_CLIENT, LocalStorage, S3Storage
from portal.models import Attachment, AuditEvent, JobSearchActivity, User
from portal.privacy import erasure
from tests.support.world import set_state

GPS_TAG = 0x8825
#: A removal as sent from its confirmation page.
YES = {"next": "/", "confirmed": "yes"}


def jpeg_with_gps(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to show
    exif[GPS_TAG] = {1: "N", 2: (60.0, 10.0, 0.0), 3: "E", 4: (24.0, 56.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"secret comment")
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "home address: Kotikatu 1")
    out = io.BytesIO()
    Image.new("RGBA", (20, 10), (0, 0, 255, 128)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _entry(world) -> int:
    entry = JobSearchActivity(
        client_id=world.client.id, on=date(2026, 11, 1), organisation="Kauppa Oy"
    )
    db.session.add(entry)
    db.session.commit()
    return entry.id


def _attach(world, data: bytes, *, actor=None, entry_id=None) -> Attachment:
    entry_id = entry_id or _entry(world)
    actor = db.session.get(User, (actor or world.client_user).id)
    return service.attach(
        data, kind=service.JOB_SEARCH, target_id=entry_id, client_id=world.client.id, actor=actor
    )


def _stored(row: Attachment) -> bytes:
    return LocalStorage(current_app.config["ATTACHMENTS_DIR"]).get(row.storage_key)


def test_a_jpeg_loses_its_exif_and_location_and_is_turned_upright(ctx, world):
    row = _attach(world, jpeg_with_gps())
    stored = Image.open(io.BytesIO(_stored(row)))
    assert stored.format == "JPEG" and row.content_type == "image/jpeg"
    assert not stored.getexif() and "exif" not in stored.info and "comment" not in stored.info
    assert stored.size == (48, 64)  # the orientation was applied before the tag went
    assert b"PhoneMaker" not in _stored(row)


def test_a_png_loses_its_text_chunks(ctx, world):
    row = _attach(world, png_with_text())
    stored = Image.open(io.BytesIO(_stored(row)))
    assert stored.format == "PNG" and stored.mode == "RGBA"
    assert not getattr(stored, "text", {}) and b"Kotikatu" not in _stored(row)


def test_a_big_photo_is_scaled_down(ctx, world):
    out = io.BytesIO()
    Image.new("RGB", (3000, 1500)).save(out, "JPEG")
    row = _attach(world, out.getvalue())
    assert Image.open(io.BytesIO(_stored(row))).size == (2000, 1000)


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(1)</script></html>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        b"GIF89a" + b"\x00" * 40,  # a GIF: not one of the types kept
        b"\xff\xd8\xff\xe0<script>alert(1)</script>",  # a JPEG start and nothing of an image
        b"%PDF-1.4 <html>no end marker",
        b"PK\x03\x04 a zip file named photo.jpg",
    ],
)
def test_a_file_of_the_wrong_type_is_refused_and_nothing_is_stored(ctx, world, data):
    with pytest.raises(RuleError) as refused:
        _attach(world, data)
    assert "JPEG" in str(refused.value.message)
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_a_polyglot_keeps_only_its_pixels(ctx, world):
    """A real image with HTML after it: the re-encoded copy holds nothing of the HTML."""
    data = jpeg_with_gps() + b"<html><script>alert(1)</script></html>"
    row = _attach(world, data)
    assert b"<script>" not in _stored(row)


def test_too_big_and_empty_files_are_refused(ctx, world):
    current_app.config["ATTACHMENT_MAX_BYTES"] = 2**20
    try:
        with pytest.raises(RuleError, match="Suurin sallittu koko on 1 Mt"):
            _attach(world, jpeg_with_gps() + b"x" * 2**20)
    finally:
        current_app.config["ATTACHMENT_MAX_BYTES"] = 10 * 2**20
    with pytest.raises(RuleError):
        _attach(world, b"")
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_a_decompression_bomb_is_refused_unopened(ctx, world):
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")  # 144 megapixels in a few kilobytes
    with pytest.raises(RuleError, match="liian suuri avattavaksi"):
        _attach(world, out.getvalue())
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_a_pdf_is_kept_as_it_is(ctx, world):
    row = _attach(world, PDF)
    assert row.content_type == "application/pdf" and _stored(row) == PDF


def test_the_same_file_sent_twice_is_stored_once(ctx, world):
    entry_id = _entry(world)
    first = _attach(world, PDF, entry_id=entry_id)
    second = _attach(world, PDF, entry_id=entry_id)
    assert first.id == second.id
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 1


def test_a_caption_too_long_is_refused(ctx, world):
    actor = db.session.get(User, world.client_user.id)
    with pytest.raises(RuleError):
        service.attach(
            PDF,
            kind="job_search",
            target_id=1,
            client_id=world.client.id,
            actor=actor,
            caption="x" * 201,
        )


def _job_search_file(app, world) -> int:
    with app.app_context():
        return _attach(world, jpeg_with_gps()).id


def test_the_young_person_and_their_coach_open_it_and_others_get_404(app, world, as_role):
    attachment_id = _job_search_file(app, world)
    url = f"/attachments/{attachment_id}"
    own = as_role("client_user").get(url)
    assert own.status_code == 200 and own.mimetype == "image/jpeg"
    assert own.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in own.headers["Content-Security-Policy"]
    assert own.headers["Content-Disposition"].startswith("inline; filename=")
    assert as_role("coach").get(url).status_code == 200
    for role in ("other_coach", "employer", "other_employer"):
        assert as_role(role).get(url).status_code == 404, role
    assert as_role("client_user").get("/attachments/999999").status_code == 404
    with app.app_context():
        reads = db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.object_type == "attachment")
        ).all()
        assert "read" in reads and "denied" in reads  # the coach's read, the others' tries


def test_a_pdf_is_served_as_a_download(app, world, as_role):
    with app.app_context():
        attachment_id = _attach(world, PDF).id
    answer = as_role("client_user").get(f"/attachments/{attachment_id}")
    assert answer.headers["Content-Disposition"].startswith("attachment;")
    assert answer.mimetype == "application/pdf"


def test_only_the_uploader_removes_a_file(app, world, as_role):
    attachment_id = _job_search_file(app, world)
    url = f"/attachments/{attachment_id}/remove"
    coach = as_role("coach")
    assert coach.post(url, YES, form_url="/my/job-search").status_code == 404
    with app.app_context():
        row = db.session.get(Attachment, attachment_id)
        assert row is not None and _stored(row) is not None
        key = row.storage_key
    client = as_role("client_user")
    asked = client.post(url, {"next": "/"}, form_url="/my/job-search")
    assert asked.status_code == 200 and "Poistetaanko tiedosto?" in asked.get_data(True)
    with app.app_context():
        assert db.session.get(Attachment, attachment_id) is not None
    assert client.post(url, YES, form_url="/my/job-search").status_code == 302
    with app.app_context():
        assert db.session.get(Attachment, attachment_id) is None
        assert LocalStorage(app.config["ATTACHMENTS_DIR"]).get(key) is None
    assert client.get(f"/attachments/{attachment_id}").status_code == 404


def test_erasure_removes_the_files(app, world):
    from portal.models import PathwayState

    set_state(app, world.client.id, PathwayState.REFERRED)
    with app.app_context():
        row = _attach(world, jpeg_with_gps())
        key = row.storage_key
        admin = db.session.get(User, world.admin.id)
        with app.test_request_context():
            erasure.erase(db.session.get(type(world.client), world.client.id), admin, "pyyntö")
        assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
        assert LocalStorage(app.config["ATTACHMENTS_DIR"]).get(key) is None


def test_the_my_data_page_and_file_list_the_attachments(app, world, as_role):
    attachment_id = _job_search_file(app, world)
    client = as_role("client_user")
    page = client.get("/my/copy").get_data(as_text=True)
    assert f"/attachments/{attachment_id}" in page
    data = client.get("/my/copy.json").get_json()
    (section,) = [t for t in data["tables"] if t["table"] == "attachments"]
    assert section["rows"][0]["content_type"] == "image/jpeg"
    assert "storage_key" not in section["rows"][0]


class FakeS3:
    """The four calls of boto3's S3 client that the storage uses, in memory."""

    class exceptions:
        class NoSuchKey(Exception):
            pass

    def __init__(self) -> None:
        self.objects: dict[tuple[str, str], tuple[bytes, str]] = {}

    def put_object(self, *, Bucket, Key, Body, ContentType):
        self.objects[(Bucket, Key)] = (Body, ContentType)

    def get_object(self, *, Bucket, Key):
        if (Bucket, Key) not in self.objects:
            raise self.exceptions.NoSuchKey(Key)
        return {"Body": io.BytesIO(self.objects[(Bucket, Key)][0])}

    def delete_object(self, *, Bucket, Key):
        self.objects.pop((Bucket, Key), None)


def test_s3_storage_round_trip(app, world, as_role):
    fake = FakeS3()
    app.extensions[S3_CLIENT] = fake
    app.config["ATTACHMENTS_S3_BUCKET"] = "polku-files"
    try:
        attachment_id = _job_search_file(app, world)
        ((bucket, key),) = fake.objects
        assert bucket == "polku-files" and key.startswith("attachments/")
        assert fake.objects[(bucket, key)][1] == "image/jpeg"
        client = as_role("client_user")
        answer = client.get(f"/attachments/{attachment_id}")
        assert answer.status_code == 200 and answer.data == fake.objects[(bucket, key)][0]
        remove = f"/attachments/{attachment_id}/remove"
        assert client.post(remove, YES, form_url="/my/job-search").status_code == 302
        assert fake.objects == {}
        assert S3Storage(fake, "polku-files").get("missing") is None
    finally:
        app.config["ATTACHMENTS_S3_BUCKET"] = None
        app.extensions.pop(S3_CLIENT)


def test_keys_cannot_leave_the_folder(tmp_path):
    store = LocalStorage(str(tmp_path))
    with pytest.raises(ValueError):
        store.put("../escape.jpg", b"x", "image/jpeg")
    store.delete("../escape.jpg")  # nothing of ours is there: nothing happens


def test_the_limits_are_read_from_the_bytes_not_the_name():
    assert files.clean(PDF, max_bytes=10**6, max_side=10, max_pixels=100).content_type == (
        "application/pdf"
    )


def test_the_young_person_adds_a_photo_to_a_job_search_entry(app, world, as_role):
    with app.app_context():
        entry_id = _entry(world)
    url = f"/clients/{world.client.id}/job-search/{entry_id}/files"
    client = as_role("client_user")
    home = client.get("/my/job-search").get_data(as_text=True)
    assert f'action="{url}"' in home and 'enctype="multipart/form-data"' in home
    sent = {"photo": (io.BytesIO(jpeg_with_gps()), "hakemus.jpg")}
    assert client.post(url, sent, form_url="/my/job-search").status_code == 302
    for role in ("other_coach", "employer"):
        sent = {"photo": (io.BytesIO(PDF), "x.pdf")}
        assert as_role(role).post(url, sent, form_url="/my/job-search").status_code in (403, 404), (
            role
        )
    with app.app_context():
        (row,) = db.session.scalars(select(Attachment)).all()
        assert (row.target_kind, row.target_id, row.client_id) == (
            service.JOB_SEARCH,
            entry_id,
            world.client.id,
        )
    assert f'src="/attachments/{row.id}"' in client.get("/my/job-search").get_data(as_text=True)
    coach_page = as_role("coach").get(f"/clients/{world.client.id}").get_data(as_text=True)
    assert f"/attachments/{row.id}" in coach_page


def test_an_upload_over_the_limits_gets_a_message_not_a_bare_error(app, world, as_role):
    with app.app_context():
        entry_id = _entry(world)
    url = f"/clients/{world.client.id}/job-search/{entry_id}/files"
    client = as_role("client_user")
    sent = {"photo": (io.BytesIO(b"\xff\xd8" + b"x" * (11 * 2**20)), "iso.jpg")}
    assert client.post(url, sent, form_url="/my/job-search").status_code == 302
    assert "Tiedosto on liian suuri" in client.get("/my/job-search").get_data(as_text=True)
    huge = {"photo": (io.BytesIO(b"x" * (26 * 2**20)), "valtava.jpg")}
    answer = client.post(url, huge, form_url="/my/job-search")
    assert answer.status_code == 413 and "liian suuri" in answer.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0


def test_anonymisation_deletes_the_files_and_a_dry_run_keeps_them(ctx, world):
    from portal.app import clock
    from portal.privacy import retention
    from tests.test_retention import _close, _project_ended

    row = _attach(world, jpeg_with_gps())
    key = row.storage_key
    _close(world.client.id, clock.today() - timedelta(days=4000))
    _project_ended(years_ago=11)
    retention.run(dry_run=True)
    assert db.session.get(Attachment, row.id) is not None and _stored(row) is not None
    report = retention.run(dry_run=False)
    assert report.rows["anonymise"]["attachments"] == 1
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
    assert LocalStorage(current_app.config["ATTACHMENTS_DIR"]).get(key) is None
