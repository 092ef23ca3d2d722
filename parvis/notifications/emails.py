"""Building the e-mail of a delivery: the kind's words in the person's language, in Parvis's frame.

Every message, single or digest, carries the same frame: the town's name as sender, a plain
text and an HTML body, a visible unsubscribe link and the RFC 8058 headers
(`List-Unsubscribe` with the same link, `List-Unsubscribe-Post: List-Unsubscribe=One-Click`),
and a Message-ID derived from the delivery's idempotency key, so the same message always
bears the same identity.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from email.utils import formataddr, parseaddr
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.defaultfilters import linebreaks_filter, urlize
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from parvis.core.links import absolute_url, site_hostname
from parvis.core.town import current_town
from parvis.notifications.models import Delivery, Notification
from parvis.notifications.registry import get_kind
from parvis.notifications.tokens import unsubscribe_url

if TYPE_CHECKING:
    from parvis.accounts.models import User

# Line breaks and runs of ordinary spaces; a subject is one line.
_BREAKS = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True)
class Piece:
    """One notification rendered for one person."""

    subject: str
    text: str
    html: str


def recipient_language(user: User) -> str:
    """The language of the person's e-mails: their preference, else the site's default."""
    preference = getattr(user, "email_preference", None)
    try:
        return preference.language if preference is not None else settings.LANGUAGE_CODE
    except AttributeError:
        return settings.LANGUAGE_CODE


def render_piece(notification: Notification, recipient: User, language: str) -> Piece | None:
    """The kind's rendering, or None when the object is gone or no longer visible."""
    kind = get_kind(notification.kind)
    obj = notification.obj
    if obj is None or (kind.is_visible is not None and not kind.is_visible(obj)):
        return None
    with translation.override(language):
        subject, text, html = kind.render(obj, recipient, language)
        text = str(text)
        if html is None:
            # Every message has an HTML part; from the text when the kind gives none.
            html = linebreaks_filter(urlize(escape(text), autoescape=False), autoescape=False)
    # One line, with French typography's non-breaking spaces kept (str.split() would eat them).
    subject = _BREAKS.sub(" ", str(subject)).strip()
    return Piece(subject=subject, text=text, html=str(html))


def message_id(key: str) -> str:
    digest = hashlib.sha256(key.encode()).hexdigest()[:40]
    return f"<{digest}.parvis@{site_hostname()}>"


def sender() -> str:
    """The town's name, at the address the site sends from."""
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL
    return formataddr((current_town().name, address))


def _followed_name(delivery: Delivery) -> str | None:
    subscription = delivery.subscription
    if subscription is None:
        return None
    followed = subscription.followed
    if followed is None:  # the followed object was deleted since
        return None
    return str(followed.label) if hasattr(followed, "label") else str(followed)


def build_email(
    *, delivery: Delivery, pieces: list[Piece], language: str
) -> EmailMultiAlternatives:
    """The message for `delivery`: one piece (immediate) or several (a daily digest)."""
    recipient = delivery.recipient
    town = current_town().name
    is_digest = delivery.notification_id is None
    with translation.override(language):
        what = None if is_digest else _followed_name(delivery)
        stops_one = what is not None
        stop_url = unsubscribe_url(
            user_id=recipient.pk,
            subscription_id=delivery.subscription_id if stops_one else None,
            language=language,
        )
        manage_url = absolute_url(reverse("subscription_list"))
        if is_digest:
            subject = ngettext(
                "%(town)s: %(count)d new item you follow",
                "%(town)s: %(count)d new items you follow",
                len(pieces),
            ) % {"town": town, "count": len(pieces)}
            reason = _(
                "You receive this daily digest because you chose one e-mail a day for what "
                "you follow on %(town)s."
            ) % {"town": town}
        else:
            subject = pieces[0].subject
            if stops_one:
                reason = _("You receive this e-mail because you follow “%(what)s” on %(town)s.") % {
                    "what": what,
                    "town": town,
                }
            else:
                reason = _("You receive this e-mail because you follow this on %(town)s.") % {
                    "town": town
                }
        if stops_one:
            stop_label = _("Stop following “%(what)s”") % {"what": what}
        else:
            stop_label = _("Stop all e-mails from %(town)s") % {"town": town}
        context = {
            "pieces": pieces,
            "is_digest": is_digest,
            "town": town,
            "subject": subject,
            "reason": reason,
            "stop_label": stop_label,
            "stop_url": stop_url,
            "manage_url": manage_url,
            "language": language,
        }
        text = render_to_string("notifications/email/message.txt", context)
        html = render_to_string(
            "notifications/email/message.html",
            {**context, "pieces": [_safe(piece) for piece in pieces]},
        )
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=sender(),
        to=[recipient.email],
        headers={
            "Message-ID": message_id(delivery.key),
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # RFC 3834: sent by a program, so auto-responders do not answer it.
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _safe(piece: Piece) -> dict[str, Any]:
    # The kind's HTML is built by its own code from escaped or sanitised text (the render
    # contract); Parvis's frame around it is escaped by the template.
    return {"subject": piece.subject, "text": piece.text, "html": mark_safe(piece.html)}  # noqa: S308
