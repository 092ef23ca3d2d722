from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "parvis.news"
    label = "news"
    verbose_name = _("News and announcements")

    def ready(self) -> None:
        # Declared where they live: the roles' grants, the periodic publication job, the
        # searchable types, the notification kinds, and what residents may comment on.
        from parvis.comments.registry import commentable
        from parvis.news import notifications, permissions, search, selectors, tasks  # noqa: F401
        from parvis.news.models import Announcement, Article

        # Only while the public sees it: a draft, a scheduled or an unpublished item (or
        # one in an unpublished space) takes no comment, and the comment endpoints answer
        # 404 about it.
        commentable(
            Article,
            space_of=lambda article: article.space,
            public=lambda: selectors.visible_articles().select_related("space"),
            is_public=lambda article: article.is_public(),
            queryset=lambda: Article.objects.select_related("space"),
        )
        commentable(
            Announcement,
            space_of=lambda announcement: announcement.space,
            public=lambda: selectors.visible_announcements().select_related("space"),
            is_public=lambda announcement: announcement.is_public(),
            queryset=lambda: Announcement.objects.select_related("space"),
        )
