from portal.roles import is_council_admin, is_moderator


def roles(request):
    user = getattr(request, "user", None)
    return {"user_is_moderator": is_moderator(user), "user_is_council_admin": is_council_admin(user)}
