"""The one helper every view and service calls to write an audit event."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, models, transaction

from kaketoe.audit import chain, checkpoints, legacy
from kaketoe.audit.models import AuditChainHead, AuditEvent

Action = AuditEvent.Action


def client_ip(request) -> str | None:
    """The client's address; behind our own proxy, the address that proxy saw (last hop)."""
    if request is None:
        return None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.KAKETOE_BEHIND_PROXY and forwarded:
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def record(
    request,
    action: str,
    obj: models.Model | None = None,
    *,
    family_id: int | None = None,
    user=None,
    detail: str = "",
) -> AuditEvent:
    """Write one audit event for `action` on `obj` by the request's user."""
    user = user if user is not None else getattr(request, "user", None)
    authenticated = bool(user is not None and user.is_authenticated)
    if family_id is None and obj is not None:
        family_id = _family_id_of(obj)
    event = AuditEvent(
        actor_id=user.pk if authenticated else None,
        actor_username=user.get_username() if authenticated else "",
        action=action,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        family_id=family_id,
        path=(request.get_full_path()[:300] if request is not None else ""),
        ip=client_ip(request),
        detail=detail[:300],
    )
    return _append(event)


@transaction.atomic
def _append(event: AuditEvent) -> AuditEvent:
    """Add the event at the end of the keyed chain (the head row is locked meanwhile). Every
    KAKETOE_AUDIT_CHECKPOINT_EVERY events, and at the first event under a new key, a signed
    checkpoint goes to the file outside the database once the transaction is committed."""
    head, _created = AuditChainHead.objects.select_for_update().get_or_create(pk=1)
    key = checkpoints.current_key()
    event.prev_hash, event.key_id = head.last_hash, chain.key_id(key)
    content = {f: getattr(event, f) for f in chain.FIELDS}
    event.hash = chain.event_hash(event.prev_hash, content, key)
    event.save()
    new_key = head.key_id not in ("", event.key_id)
    head.last_hash, head.events, head.key_id = event.hash, head.events + 1, event.key_id
    head.save(update_fields=["last_hash", "events", "key_id"])
    every = settings.KAKETOE_AUDIT_CHECKPOINT_EVERY
    if new_key or (every > 0 and head.events % every == 0):
        kind = "key" if new_key else "checkpoint"
        line = checkpoints.entry(kind, head.events, event.pk, event.hash)

        def write_checkpoint():
            checkpoints.append(line)

        # robust: a checkpoint that cannot be written is logged, the committed event stays.
        transaction.on_commit(write_checkpoint, robust=True)
    return event


def _family_id_of(obj: models.Model) -> int | None:
    if obj._meta.model_name == "family":
        return obj.pk
    return getattr(obj, "family_id", None)


def key_restored_plain_chain() -> int:
    """After restoring a backup made before the keyed chain: chain its plain events under the
    audit key (audit/legacy.py). Returns how many; BrokenPlainChain leaves them as they were."""
    if not AuditEvent.objects.filter(key_id="").exists():
        return 0
    with transaction.atomic():
        return legacy.key_the_chain(
            connection, AuditEvent, AuditChainHead, checkpoints.current_key()
        )
