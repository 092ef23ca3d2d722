from django.conf import settings
from django.http import HttpRequest

from parvis.core.town import current_town


def town(request: HttpRequest) -> dict:
    """The town and site-wide values every template may use; never touches the database."""
    return {"town": current_town(), "site_url": settings.SITE_URL}
