"""Everything the notice board brings to Parvis, declared in one place."""

from datetime import timedelta

from parvis.accounts.roles import Role, grant, model_permissions
from parvis.comments.registry import commentable
from parvis.core.datasets import dataset
from parvis.core.feeds import feed
from parvis.core.maps import map_layer
from parvis.core.pagecache import invalidates
from parvis.core.routes import pages
from parvis.core.schedule import every
from parvis.core.sections import section
from parvis.moderation.registry import moderated
from parvis.notifications.registry import notification_kind, topic
from parvis.search.registry import Document, searchable
from tests.sampleapp import selectors
from tests.sampleapp.feeds import NoticeFeed
from tests.sampleapp.models import Notice, Place
from tests.sampleapp.services import PUBLISHED, notice_visibility_changed
from tests.sampleapp.tasks import forget_old_notices

pages("tests.sampleapp.urls")
grant(Role.MODERATOR, model_permissions("noticeboard", "notice", ["view"]))
every(timedelta(days=1), forget_old_notices)

moderated(
    Notice,
    key="notice",
    label="Notices",
    text=lambda notice: f"{notice.title}\n{notice.body}",
    url=lambda notice: notice.get_absolute_url(),
    queryset=lambda: Notice.objects.select_related("space", "author"),
    on_status_change=notice_visibility_changed,
)
# A notice shows on the home page, its space's page and its own: the page cache renders
# them again when one is posted, decided on or removed.
invalidates(Notice, keys=lambda notice: [f"space:{notice.space_id}"])
commentable(
    Notice,
    space_of=lambda notice: notice.space,
    public=selectors.public_notices,
    is_public=lambda notice: notice.is_public(),
)
searchable(
    Notice,
    key="notice",
    label="Notices",
    document=lambda notice: Document(
        title=notice.title,
        text=notice.body,
        space=notice.space_id,
        date=notice.created_at,
        public=notice.is_public(),
    ),
    queryset=lambda: Notice.objects.select_related("space"),
    space_field="space",
)
topic("notices", label="The residents' notices")
notification_kind(
    PUBLISHED,
    render=lambda notice, recipient, language: (
        f"New notice: {notice.title}",
        f"{notice.body}\n",
        None,
    ),
    is_visible=lambda notice: notice.is_public(),
)
feed("notices", view=NoticeFeed, paths={"town": "notices/", "space": "spaces/<slug:slug>/notices/"})

section(
    "noticeboard.home",
    page="home",
    template="noticeboard/_notices.html",
    context=lambda request, obj: {"notices": list(selectors.public_notices()[:5])},
    order=30,
)
section(
    "noticeboard.space",
    page="space",
    template="noticeboard/_notices.html",
    context=lambda request, space: {
        "notices": list(selectors.public_notices().filter(space=space)[:5])
    },
    order=30,
)
section(
    "noticeboard.following",
    page="following",
    template="noticeboard/_following.html",
    context=lambda request, person: {},
)

dataset(
    "notices",
    title="Residents' notices",
    description="The notices residents pinned, once public.",
    columns=("title", "space", "created_at"),
    rows=lambda: (
        {"title": n.title, "space": n.space.slug, "created_at": n.created_at.isoformat()}
        for n in selectors.public_notices()
    ),
)

# Places have a position: a map layer, shown with `{% map "places" %}` and its list; the map's
# answers are cached until a place changes.
map_layer(
    "places",
    label="Places",
    queryset=selectors.places,
    title=lambda place: place.name,
    url=lambda place: place.get_absolute_url(),
)
invalidates(Place)
