"""What tags bring: people follow a tag; the people who publish manage tags."""

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.core.feeds import feed_scope
from parvis.core.pagecache import invalidates
from parvis.notifications.registry import followable
from parvis.tags.models import Tag
from parvis.tags.selectors import tag_by_slug

followable(Tag)
invalidates(Tag, keys=lambda tag: [f"tag:{tag.pk}"])
feed_scope("tag", lookup=lambda slug: tag_by_slug(slug=slug))
grant(Role.COMMUNICATION_OFFICER, model_permissions("tags", "tag", ["view", "add", "change"]))
