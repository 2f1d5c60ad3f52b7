"""Checking an uploaded file and making the copy we keep: images are re-encoded from their
pixels (no EXIF, GPS, XMP or comments survive), PDFs are checked for their structure.

The type is read from the bytes, never from the file's name or the browser's word for it.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from portal.app.rules import RuleError

try:  # HEIF (iPhone photos) when the optional reader is installed
    from pillow_heif import register_heif_opener
except ImportError:  # pragma: no cover - depends on the installation
    pass
else:  # pragma: no cover
    register_heif_opener()

#: Pillow's format name → the type we store it as (HEIF is kept as JPEG: browsers show it).
IMAGE_FORMATS = {
    "JPEG": ("JPEG", "image/jpeg"),
    "PNG": ("PNG", "image/png"),
    "WEBP": ("WEBP", "image/webp"),
    "HEIF": ("JPEG", "image/jpeg"),
}
PDF = "application/pdf"


@dataclass(frozen=True)
class CleanFile:
    """The bytes to store, their type and their digest."""

    data: bytes
    content_type: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def refuse_type() -> RuleError:
    return RuleError(_("Choose a photo (JPEG, PNG, WebP or HEIF) or a PDF file."), field="file")


def clean(data: bytes, *, max_bytes: int, max_side: int, max_pixels: int) -> CleanFile:
    """The file to keep for ``data``, or a :class:`RuleError` saying what is wrong with it."""
    if not data:
        raise RuleError(_("The file is empty."), field="file")
    if len(data) > max_bytes:
        raise too_large(max_bytes)
    if data.startswith(b"%PDF-"):
        return _checked_pdf(data)
    return _reencoded_image(data, max_side=max_side, max_pixels=max_pixels)


def too_large(max_bytes: int) -> RuleError:
    return RuleError(
        _("The file is too large. The largest allowed is %(size)s MB.", size=max_bytes // 2**20),
        field="file",
    )


def _checked_pdf(data: bytes) -> CleanFile:
    """A PDF is kept as it is when it has a header and an end-of-file marker; it is only ever
    served as a download, so a reader program, not the browser, opens it."""
    if b"%%EOF" not in data[-1024:]:
        raise refuse_type()
    return CleanFile(data, PDF)


def _reencoded_image(data: bytes, *, max_side: int, max_pixels: int) -> CleanFile:
    with warnings.catch_warnings():
        # Pillow warns about a decompression bomb before it refuses one: refuse it at once.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
                target = IMAGE_FORMATS.get(image.format or "")
                if target is None:
                    raise refuse_type()
                width, height = image.size
                if width * height > max_pixels:
                    raise refuse_bomb()
                image.load()
                pixels = _pixels_only(ImageOps.exif_transpose(image))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise refuse_bomb() from None
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
            raise refuse_type() from None
    pixels.thumbnail((max_side, max_side))
    fmt, content_type = target
    out = io.BytesIO()
    if fmt == "JPEG":
        pixels.convert("RGB").save(out, "JPEG", quality=85, optimize=True)
    else:
        pixels.save(out, fmt)
    return CleanFile(out.getvalue(), content_type)


def refuse_bomb() -> RuleError:
    return RuleError(_("The picture is too large to open. Take a smaller photo."), field="file")


def _pixels_only(image: Image.Image) -> Image.Image:
    """A new image holding only the pixels: no metadata of the original comes along."""
    mode = image.mode if image.mode in ("RGB", "RGBA", "L", "LA") else "RGBA"
    converted = image.convert(mode)
    return Image.frombytes(mode, converted.size, converted.tobytes())
