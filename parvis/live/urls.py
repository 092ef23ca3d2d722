from django.urls import path

from parvis.live import views

app_name = "live"
urlpatterns = [
    path("live/", views.session_list, name="list"),
    path("live/<int:pk>/", views.session_detail, name="session"),
    path("live/<int:pk>/ask/", views.ask, name="ask"),
    path("live/<int:pk>/questions/<int:question>/vote/", views.vote, name="vote"),
    path("live/<int:pk>/questions/<int:question>/answer/", views.answer, name="answer"),
    path("live/<int:pk>/queue/", views.queue, name="queue"),
    path("live/<int:pk>/questions/<int:question>/decide/", views.decide, name="decide"),
    path("live/<int:pk>/state/", views.state, name="state"),
    path("live/<int:pk>/transcript/", views.transcript, name="transcript"),
]
