"""{% follow_state target as follow %}: what the follow button needs (see _follow_button.html)."""

from __future__ import annotations

from typing import Any

from django import template

from parvis.notifications.forms import target_value
from parvis.notifications.registry import get_topic
from parvis.notifications.selectors import is_following

register = template.Library()


@register.simple_tag(takes_context=True)
def follow_state(context: template.Context, target: Any) -> dict[str, Any]:
    """`target` is a followable object or a declared topic's value."""
    if isinstance(target, str):
        target = get_topic(target)
    user = context.get("user")
    return {
        "value": target_value(target),
        "name": str(target),
        "following": is_following(user=user, target=target) if user is not None else False,
    }
