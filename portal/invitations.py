"""Invitation links: signed, expiring, and good for one use (a used link's digest is in the
audit log). No token table: the link itself carries who is invited to what."""

import hashlib

from django.core import signing

SALT = "portal.invitation"
MAX_AGE_DAYS = 7


class InvitationInvalid(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def invitation_token(*, email: str, provider_id: int, role: str, inviter_id: int | None) -> str:
    return signing.dumps({"e": email, "p": provider_id, "r": role, "i": inviter_id}, salt=SALT,
                         compress=True)


def invitation_read(token: str) -> dict:
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE_DAYS * 24 * 3600)
    except signing.SignatureExpired:
        raise InvitationInvalid(f"This invitation has expired. Invitations last {MAX_AGE_DAYS} days: "
                                "ask whoever invited you to send a new one.") from None
    except signing.BadSignature:
        raise InvitationInvalid("This invitation link is not valid. Check you copied all of it.") from None
    return {"email": data["e"], "provider_id": data["p"], "role": data["r"], "inviter_id": data["i"]}


def invitation_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()[:40]
