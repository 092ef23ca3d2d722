"""What tags bring: people follow a tag; the people who publish manage tags."""

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.notifications.registry import followable
from parvis.tags.models import Tag

followable(Tag)
grant(Role.COMMUNICATION_OFFICER, model_permissions("tags", "tag", ["view", "add", "change"]))
