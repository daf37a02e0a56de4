"""The Content-Security-Policy header: strict on the site, with allowances on the admin.

django-csp's middleware writes ``settings.CONTENT_SECURITY_POLICY`` on every response. The
site's own pages keep to it (no inline script, no inline style attribute: see ``static/js``).
The Wagtail admin is not yet fully compatible with a strict policy, so its URLs (and Django's
admin) get ``ADMIN_CSP_ALLOWANCES`` added, the way django-csp's ``@csp_update`` decorator would
on a view; the admin's views are Wagtail's, so the middleware does it by URL prefix. A view that
sets its own update keeps it.
https://django-csp.readthedocs.io/en/latest/configuration.html
"""

from csp.middleware import CSPMiddleware

from django.conf import settings


def is_admin_path(path):
    return path.startswith(tuple(getattr(settings, "ADMIN_CSP_PATH_PREFIXES", ())))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.update is None and is_admin_path(request.path_info):
            parts.update = settings.ADMIN_CSP_ALLOWANCES
        return parts
