"""Who reaches the back office, and what the accounts app lets each role do."""

from __future__ import annotations

from django.http import HttpRequest


class BackofficeGate:
    """Why a user may not enter the back office yet, if anything stands in the way."""

    OK = "ok"
    NOT_STAFF = "not_staff"
    NEEDS_TOTP = "needs_totp"
    NEEDS_MFA_SESSION = "needs_mfa_session"


def backoffice_gate(request: HttpRequest) -> str:
    """Every staff role must have set up TOTP and proved it in this session.

    Signing in with a password asks for the code when TOTP is on; a session opened another
    way (before TOTP was set up, or through an identity provider) must re-authenticate
    with the code once.
    """
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff):
        return BackofficeGate.NOT_STAFF
    from allauth.account.authentication import get_authentication_records
    from allauth.mfa.models import Authenticator

    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        return BackofficeGate.NEEDS_TOTP
    records = get_authentication_records(request, user)
    if not any(record.get("method") == "mfa" for record in records):
        return BackofficeGate.NEEDS_MFA_SESSION
    return BackofficeGate.OK
