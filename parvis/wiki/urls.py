from django.urls import path

from parvis.wiki import views

app_name = "wiki"
urlpatterns = [
    path("wiki/", views.article_index, name="index"),
    path("wiki/recent/", views.recent_changes, name="recent"),
    path("wiki/watchlist/", views.watchlist, name="watchlist"),
    path("wiki/new/", views.article_create, name="create"),
    path("wiki/category/<slug:slug>/", views.category_detail, name="category"),
    path("wiki/<slug:slug>/", views.article_detail, name="article"),
    path("wiki/<slug:slug>/history/", views.article_history, name="history"),
    path("wiki/<slug:slug>/diff/", views.article_diff, name="diff"),
    path("wiki/<slug:slug>/edit/", views.article_edit, name="edit"),
    path("wiki/<slug:slug>/talk/", views.article_talk, name="talk"),
    path("wiki/<slug:slug>/rename/", views.article_rename, name="rename"),
    path("wiki/<slug:slug>/rollback/", views.article_rollback, name="rollback"),
    path("wiki/<slug:slug>/version/<int:pk>/", views.revision_detail, name="revision"),
    path("wiki/<slug:slug>/version/<int:pk>/restore/", views.revision_revert, name="revert"),
    path("wiki/<slug:slug>/pending/<int:pk>/", views.pending_revision, name="pending"),
    path("wiki/<slug:slug>/pending/<int:pk>/patrol/", views.revision_patrol, name="patrol"),
]
