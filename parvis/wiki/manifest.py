"""Everything the wiki brings to the shared mechanisms, in one place: its pages, who keeps
it in the back office and who patrols, the talk pages (the shared comments), the held edits
in the moderation queue, the watch list (following a page) and its e-mails, the search, and
which cached pages a change makes fresh."""

from django.utils.translation import gettext_lazy as _

from parvis.accounts.erasure import on_user_erased
from parvis.accounts.roles import Role, grant, model_permissions
from parvis.comments.registry import commentable
from parvis.core.pagecache import invalidates, query_parameter
from parvis.core.paths import object_path
from parvis.core.routes import pages
from parvis.moderation.registry import moderated_on_own_page
from parvis.notifications.registry import followable, notification_kind
from parvis.search.registry import searchable
from parvis.wiki import selectors
from parvis.wiki.erasure import wiki_edits_erased, wiki_edits_erasure_text
from parvis.wiki.models import Article, Redirect, Revision, RevisionStatus, WikiCategory
from parvis.wiki.notifications import render_article_edited
from parvis.wiki.search import article_document, searchable_articles

# /wiki/… in French and /en/wiki/… in English.
pages("parvis.wiki.urls")

# Administrators keep the wiki (protection, renaming, categories); moderators patrol the
# residents' edits (accept or reject held ones, roll back vandalism) and may rename a page.
grant(
    Role.ADMINISTRATOR,
    model_permissions("wiki", "article", ["view", "change"])
    + model_permissions("wiki", "wikicategory", ["view", "change"])
    + model_permissions("wiki", "redirect", ["view", "delete"])
    + model_permissions("wiki", "revision", ["view"])
    + ["wiki.patrol_revision"],
)
grant(
    Role.MODERATOR,
    model_permissions("wiki", "article", ["view"])
    + model_permissions("wiki", "revision", ["view"])
    + ["wiki.patrol_revision"],
)

# The talk page of an article is its thread of the shared comments: replies (threaded
# debate), the moderation of comments, flags and the replies' e-mails, for free.
commentable(
    Article,
    space_of=lambda article: article.space,
    public=lambda: selectors.public_articles().select_related("space"),
    is_public=lambda article: article.current_id is not None,
)

# Held edits wait in the moderation queue's "Waiting for review" tab; the patroller decides
# on the edit's own page (its difference, accept or reject).
moderated_on_own_page(
    Revision,
    key="wiki",
    label=_("Wiki edits"),
    pending=selectors.pending_revisions,
    text=selectors.pending_summary,
    url=lambda revision: object_path("wiki:pending", slug=revision.article.slug, pk=revision.pk),
    author=lambda revision: revision.author,
    context=selectors.pending_context,
    action=_("Read and patrol"),
)

# The watch list: following an article; watchers hear of each published change.
followable(Article, queryset=selectors.public_articles)
notification_kind(
    "wiki.article_edited",
    render=render_article_edited,
    is_visible=lambda revision: revision.status == RevisionStatus.PUBLISHED,
)

searchable(
    Article,
    key="wiki",
    label=_("Wiki"),
    document=article_document,
    queryset=searchable_articles,
    space_field="space",
    # An encyclopedia of the town names its places and streets everywhere: below the
    # spaces and the town's own pages and news, which answer a resident's search first.
    weight=0.5,
)

# An article's page shows which other articles exist (its links), so any article's change
# may change it: the pages read the article table and are made fresh by any change of it.
invalidates(Article)
invalidates(Revision, keys=lambda revision: [f"wiki.article:{revision.article_id}"])
invalidates(Redirect)
invalidates(WikiCategory)
query_parameter("change", pattern=r"[a-z]{0,10}")
query_parameter("from_rev", pattern=r"[0-9]{1,12}")
query_parameter("to_rev", pattern=r"[0-9]{1,12}")

# An erased account's published edits stay in the histories, unsigned; its held ones go.
on_user_erased(wiki_edits_erased, describe=wiki_edits_erasure_text)
