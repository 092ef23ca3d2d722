"""Who manages tags: the people who publish."""

from parvis.accounts.roles import Role, grant, model_permissions

grant(Role.COMMUNICATION_OFFICER, model_permissions("tags", "tag", ["view", "add", "change"]))
