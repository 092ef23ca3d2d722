from django.urls import path

from parvis.votes import views

app_name = "votes"
urlpatterns = [
    path("consultations/", views.consultation_list, name="list"),
    path("consultations/<slug:slug>/", views.consultation_detail, name="detail"),
    path("consultations/<slug:slug>/vote/", views.ballot, name="ballot"),
    path("consultations/<slug:slug>/results/", views.consultation_results, name="results"),
    path("consultations/<slug:slug>/ballots/", views.ballot_ids, name="ballot_ids"),
    path(
        "consultations/<slug:slug>/candidates/<int:pk>/",
        views.candidate_detail,
        name="candidate",
    ),
    path("consultations/<slug:slug>/stand/", views.candidacy_submit, name="stand"),
    path("spaces/<slug:slug>/consultations/", views.space_consultations, name="space"),
    path("votes/home/", views.residence, name="residence"),
]
