"""portal_attachment_targets: photos of a safety briefing, seen by whoever sees the placement.

The view that takes the photo reads it with ``read_upload(request.files.get("photo"))`` and
keeps it with ``attach(data, kind="worksafe_briefing", target_id=briefing.id,
client_id=placement.client_id, actor=current_user)``; the core serves it at
``url_for("attachments.open_file", attachment_id=...)`` only when this rule says yes.
"""

from portal.api import AttachmentTarget, Placement, db, hookimpl, visible_clients


def _may_see(user, briefing_id, client_id):
    """The briefing's placement is one of the user's clients' (the employer's window included,
    because ``visible_clients`` applies it)."""
    if client_id is None:
        return False
    placement_client = (
        visible_clients(user).with_only_columns(Placement.client_id).join(Placement)
    ).where(Placement.client_id == client_id)
    return db.session.scalar(placement_client.limit(1)) is not None


@hookimpl
def portal_attachment_targets():
    return AttachmentTarget(kind="worksafe_briefing", may_see=_may_see)
