"""The signed-in person of a request, typed as the `User` the services take.

A view behind `login_required` takes an `AuthenticatedHttpRequest`; the back office's
`ModelAdmin` methods (whose signatures Django fixes) ask `signed_in_user(request)`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from parvis.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    """A request that only a signed-in person reaches (`login_required`): no anonymous user.

    Only an annotation: Django builds the request, this class is never instantiated.
    """

    user: User


def signed_in_user(request: HttpRequest) -> User:
    """`request.user`, for code that only signed-in people reach (the back office).

    Refuses (403) rather than act as nobody, should that ever be wrong.
    """
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied
    return user
