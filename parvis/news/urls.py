from django.urls import path

from parvis.news import views

app_name = "news"
urlpatterns = [
    path("news/", views.article_list, name="list"),
    path("news/<slug:slug>/", views.article_detail, name="article"),
    path("announcements/", views.announcement_list, name="announcements"),
    path("announcements/<int:pk>/", views.announcement_detail, name="announcement"),
    path("spaces/<slug:slug>/news/", views.space_article_list, name="space_articles"),
    path(
        "spaces/<slug:slug>/announcements/",
        views.space_announcement_list,
        name="space_announcements",
    ),
]
