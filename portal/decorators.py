from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from portal.roles import is_moderator


def moderator_required(view):
    """Anonymous visitors are sent to sign in; signed-in people who are not moderators get 403."""

    @login_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not is_moderator(request.user):
            raise PermissionDenied("Only the council's Local Offer team can see this page")
        return view(request, *args, **kwargs)

    return wrapped
