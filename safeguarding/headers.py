"""Response headers this service adds itself (the rest come from settings: see the
"Response headers and error pages" part of safeguarding/settings.py).

Every page here may show something about a child at risk, and so may every download: a
copy left in a browser's or a proxy's cache outlives the session that was allowed to see
it. So nothing a view returns may be stored. Static files are served by WhiteNoise before
this middleware and keep their long-lived caching.
"""

from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """``Cache-Control: no-store`` (with Django's other never-cache headers) on every response from a view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # Patches rather than replaces: a view's own directives stay, but max-age becomes 0
        # and no-store is added, which every cache must obey whatever else the header says.
        add_never_cache_headers(response)
        response["Pragma"] = "no-cache"  # for HTTP/1.0 caches, which ignore Cache-Control
        return response
