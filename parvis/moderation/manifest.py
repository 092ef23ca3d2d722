"""What moderation brings: the moderators' grants."""

from parvis.accounts.roles import Role, grant, model_permissions

# Moderators decide on contributions, keep the word list and read the trail of decisions.
# Administrators hold every permission already.
grant(
    Role.MODERATOR,
    [
        "moderation.moderate",
        *model_permissions("moderation", "decision", ["view"]),
        *model_permissions("moderation", "wordlistentry", ["view", "add", "change", "delete"]),
    ],
)
