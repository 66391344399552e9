from portal.roles import is_moderator


def roles(request):
    return {"user_is_moderator": is_moderator(getattr(request, "user", None))}
