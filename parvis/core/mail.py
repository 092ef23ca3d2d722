"""Outgoing e-mail goes through the task queue, enqueued in the caller's transaction.

When that transaction rolls back, the task row goes with it and nothing is sent; when SMTP
is down, the web request still succeeds and the worker retries later.
"""

from __future__ import annotations

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django_tasks import task


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
    return message


@task(queue_name="mail")
def deliver_email(payload: dict) -> int:
    """Send one message built by `message_to_payload`; returns how many were sent."""
    return payload_to_message(payload).send()


def email_enqueue(message: EmailMessage) -> None:
    """Queue `message` for the worker, inside the current transaction if there is one."""
    deliver_email.enqueue(message_to_payload(message))
