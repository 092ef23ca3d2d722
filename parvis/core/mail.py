"""Outgoing e-mail goes through the task queue, enqueued in the caller's transaction.

When that transaction rolls back, the task row goes with it and nothing is sent; when SMTP
is down, the web request still succeeds and the worker retries later.

A message may carry files of the private storage (`private_attachments`): the task holds
their names, not their bytes, and the worker attaches them when it sends. A file deleted in
between (deleted by its owner meanwhile) is left out of the message.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.template.loader import render_to_string
from django_tasks import task

from parvis.core.storage import PRIVATE_CONTENT_TYPES, private_storage


def message_to_payload(message: EmailMessage) -> dict:
    payload = {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {str(k): str(v) for k, v in (message.extra_headers or {}).items()},
        "alternatives": [],
    }
    if isinstance(message, EmailMultiAlternatives):
        payload["alternatives"] = [
            [str(content), str(mimetype)] for content, mimetype in message.alternatives
        ]
    return payload


def payload_to_message(payload: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=payload["subject"],
        body=payload["body"],
        from_email=payload["from_email"],
        to=payload["to"],
        cc=payload["cc"],
        bcc=payload["bcc"],
        reply_to=payload["reply_to"],
        headers=payload["headers"],
    )
    for content, mimetype in payload["alternatives"]:
        message.attach_alternative(content, mimetype)
    storage = private_storage()
    for name, filename in payload.get("private_attachments", []):
        if not storage.exists(name):
            continue
        extension = name.rsplit(".", 1)[-1].lower()
        with storage.open(name, "rb") as file:
            message.attach(
                filename,
                file.read(),
                PRIVATE_CONTENT_TYPES.get(extension, "application/octet-stream"),
            )
    return message


@task(queue_name="mail")
def deliver_email(payload: dict) -> int:
    """Send one message built by `message_to_payload`; returns how many were sent."""
    return payload_to_message(payload).send()


def email_enqueue(
    message: EmailMessage, *, private_attachments: Sequence[tuple[str, str]] = ()
) -> None:
    """Queue `message` for the worker, inside the current transaction if there is one.
    `private_attachments`: (name in the private storage, file name in the message) pairs."""
    payload = message_to_payload(message)
    payload["private_attachments"] = [[name, filename] for name, filename in private_attachments]
    deliver_email.enqueue(payload)


def email_template_enqueue(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict[str, Any],
    private_attachments: Sequence[tuple[str, str]] = (),
) -> None:
    """Queue a plain-text e-mail to `to` whose body is `template` rendered with `context`
    and the town (`town`), in the language active now; see `email_enqueue`."""
    from parvis.core.town import current_town

    email_enqueue(
        EmailMessage(
            subject=subject,
            body=render_to_string(template, {"town": current_town(), **context}),
            to=[to],
        ),
        private_attachments=private_attachments,
    )
