"""URLs. French at the root, English under /en/: the language is chosen by the address."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path

from parvis.core import maps
from parvis.core import views as core_views
from parvis.core.feeds import feed_urlpatterns
from parvis.core.routes import page_urlpatterns
from parvis.notifications import views as notification_views

handler400 = "parvis.core.views.bad_request"
handler403 = "parvis.core.views.permission_denied"
handler404 = "parvis.core.views.page_not_found"
handler500 = "parvis.core.views.server_error"
# Not Django's: allauth renders its 429 answers (rate limits of the account pages) with it.
handler429 = "parvis.accounts.views.too_many_attempts"

urlpatterns = [
    path("health/", core_views.health, name="health"),
    path("source.tar.gz", core_views.source_code, name="source_code"),
    # Every feed the apps' manifests declare, at one address each in the site's default
    # language: no language prefix.
    path("", include((feed_urlpatterns(), "feeds"))),
    # The machine interfaces the apps declare at fixed addresses (Open311): no language prefix.
    *page_urlpatterns(localized=False),
]

urlpatterns += i18n_patterns(
    path("", core_views.home, name="home"),
    path("legal/notice/", core_views.legal_notice, name="legal_notice"),
    path("legal/accessibility/", core_views.accessibility_statement, name="accessibility"),
    path("legal/privacy/", core_views.privacy, name="privacy"),
    path("spaces/", include("parvis.spaces.urls")),
    path("tags/", include("parvis.tags.urls")),
    # The points or clusters of the map layers the apps declare (`core.maps`).
    path("map/<slug:key>/", maps.layer_features, name="map_layer"),
    path("search/", include("parvis.search.urls")),
    path("comments/", include("parvis.comments.urls")),
    path("accounts/", include("parvis.accounts.urls")),
    path("accounts/", include("parvis.notifications.urls")),
    # The one-click unsubscribe link of every e-mail: no login, no cookie (RFC 8058).
    path("unsubscribe/<str:token>/", notification_views.unsubscribe, name="unsubscribe"),
    path("accounts/", include("allauth.urls")),
    path(f"{settings.ADMIN_PATH}/", admin.site.urls),
    # The pages of the feature apps, as their manifests declare them (`pages()`).
    *page_urlpatterns(),
    prefix_default_language=False,
)

if settings.SERVE_MEDIA:
    # The embedded default serves public media itself; at scale a front server or the
    # object store does. Private files have no URL at all.
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", core_views.public_media)]
