"""The ASGI application: Django's pages over HTTP, and the WebSocket routes apps declare in
their manifests (`parvis.core.websockets`) under /ws/, behind the allowed hosts' origin
check and the session's authentication."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parvis.settings")
# Django is set up (and the manifests loaded) before the routes are read.
django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from parvis.core.websockets import AllowedHostsOrigins, websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOrigins(AuthMiddlewareStack(URLRouter(websocket_urlpatterns()))),
    }
)
