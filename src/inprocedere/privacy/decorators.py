from functools import wraps

from django.contrib.auth.views import redirect_to_login

from . import policy


def requires(name: str):
    """A view that needs permission `name`: anonymous users sign in, others get 403."""
    policy.permission(name)  # unknown names fail at import time, not at request time

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            policy.require(request.user, name)
            return view(request, *args, **kwargs)

        wrapper.required_permission = name
        return wrapper

    return decorator
