"""Small request helpers the site's views share."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default, target=None):
    """Where to go back to after a form's action: its POSTed ``next`` (or ``target``, e.g. a
    link's ``?next=``) when it is a page of this site, never another site (an open redirect);
    ``default`` otherwise."""
    if target is None:
        target = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if target and allowed else default
