from django.http import HttpRequest

from parvis.core.town import current_town


def town(request: HttpRequest) -> dict:
    """The town, which every template may use; never touches the database.

    No `site_url` here: a template that needs an absolute link gets it from its view,
    built by `parvis.core.links.absolute_url`, the one place links on SITE_URL are made.
    """
    return {"town": current_town()}
