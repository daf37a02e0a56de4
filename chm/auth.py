"""Permissions backend: Django's ``ModelBackend`` permission checks with a member's permission
names shared between requests.

Every signed-in page asks whether the member may open the Wagtail admin (the user bar), which
reads their own and their groups' permissions: two queries a page for an answer that changes
only when an editor changes permissions or groups. The answer is kept with
``chm.pagecache.remember`` under the member's id: a write to the user, group or permission
tables bumps the generation, so a granted or revoked permission counts from the next request,
in every process. Object permissions and inactive users go to ``ModelBackend`` unchanged.

It comes first in ``AUTHENTICATION_BACKENDS`` and checks no password (``authenticate``
answers None): signing in stays with ``ModelBackend`` and allauth's backend, so existing
sessions survive its arrival. (It still loads a session's user, as ``ModelBackend`` does, for
sessions started with ``login(request, user)`` or ``force_login``, which name the first
backend.) Those backends inherit ``ModelBackend``'s per-user attributes
(``_user_perm_cache``, ``_group_perm_cache``), which this one has already filled, so they run
no query of their own.
"""

from django.contrib.auth.backends import ModelBackend

from chm import pagecache


class SharedPermissionsBackend(ModelBackend):
    def authenticate(self, request, **credentials):
        return None

    def _get_permissions(self, user_obj, obj, from_name):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return super()._get_permissions(user_obj, obj, from_name)
        cache_name = f"_{from_name}_perm_cache"
        if not hasattr(user_obj, cache_name):
            names = pagecache.remember(
                ("permissions", from_name, user_obj.pk, user_obj.is_superuser),
                lambda: frozenset(
                    super(SharedPermissionsBackend, self)._get_permissions(user_obj, obj, from_name)
                ),
            )
            setattr(user_obj, cache_name, set(names))
        return getattr(user_obj, cache_name)
