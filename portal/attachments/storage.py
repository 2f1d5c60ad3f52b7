"""Where attachments' bytes live: a folder outside the web root, or S3-compatible object
storage when ``ATTACHMENTS_S3_BUCKET`` is set. Keys are random, never a user's file name."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any, Protocol

from flask import Flask, current_app

S3_CLIENT = "attachments_s3_client"


class Storage(Protocol):
    def put(self, key: str, data: bytes, content_type: str) -> None: ...
    def get(self, key: str) -> bytes | None: ...
    def delete(self, key: str) -> None: ...


def new_key(extension: str) -> str:
    """A key nobody can guess or collide with: 128 random bits."""
    return f"{secrets.token_hex(16)}.{extension}"


class LocalStorage:
    """Files in one folder (``ATTACHMENTS_DIR``, by default ``instance/attachments``)."""

    def __init__(self, folder: str) -> None:
        self.folder = Path(folder)

    def _path(self, key: str) -> Path:
        if "/" in key or "\\" in key or key.startswith("."):
            raise ValueError("bad storage key")
        return self.folder / key

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        self._path(key).write_bytes(data)

    def get(self, key: str) -> bytes | None:
        path = self._path(key)
        return path.read_bytes() if path.is_file() else None

    def delete(self, key: str) -> None:
        try:
            path = self._path(key)
        except ValueError:  # no file of ours was ever stored under such a key
            return
        path.unlink(missing_ok=True)


class S3Storage:
    """Objects in one bucket through a boto3 S3 client (any S3-compatible service)."""

    def __init__(self, client: Any, bucket: str, prefix: str = "") -> None:
        self.client, self.bucket, self.prefix = client, bucket, prefix

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.client.put_object(
            Bucket=self.bucket, Key=self.prefix + key, Body=data, ContentType=content_type
        )

    def get(self, key: str) -> bytes | None:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self.prefix + key)
        except self.client.exceptions.NoSuchKey:
            return None
        return answer["Body"].read()

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self.prefix + key)


def _s3_client(app: Flask) -> Any:
    """The app's S3 client, made once (boto3 is an optional dependency: ``pip install
    polku[s3]``); tests put their own in ``app.extensions``."""
    client = app.extensions.get(S3_CLIENT)
    if client is None:
        import boto3

        client = boto3.client(
            "s3",
            endpoint_url=app.config.get("ATTACHMENTS_S3_ENDPOINT") or None,
            region_name=app.config.get("ATTACHMENTS_S3_REGION") or None,
        )
        app.extensions[S3_CLIENT] = client
    return client


def storage() -> Storage:
    """The configured storage of the current app."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    bucket = app.config.get("ATTACHMENTS_S3_BUCKET")
    if bucket:
        return S3Storage(_s3_client(app), bucket, app.config.get("ATTACHMENTS_S3_PREFIX", ""))
    return LocalStorage(app.config["ATTACHMENTS_DIR"])
