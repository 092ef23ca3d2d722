"""The town council: its meetings (with their agenda items), the PDF documents of each
meeting (agenda, minutes, deliberations, annexes) whose text the worker extracts for the
search, and its deliberations (number, subject, outcome, votes), exported as SCDL open data."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.core.paths import object_path


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class Meeting(models.Model):
    """A meeting of the town council. Public once `is_published`."""

    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    place = models.CharField(_("place"), max_length=200)
    space = models.ForeignKey(
        "spaces.Space",
        verbose_name=_("space"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    stream_url = models.URLField(_("live stream address"), blank=True)
    recording_url = models.URLField(_("recording address"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("council meeting")
        verbose_name_plural = _("council meetings")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["is_published", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values), name="council_meeting_status_known"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return object_path("council:meeting", pk=self.pk)


class AgendaItem(models.Model):
    """One item of a meeting's agenda, in its place; it may lead to its deliberation."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    deliberation = models.ForeignKey(
        "council.Deliberation",
        verbose_name=_("deliberation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "id"]

    def __str__(self) -> str:
        return self.title


class DocumentKind(models.TextChoices):
    AGENDA = "agenda", _("Agenda")
    MINUTES = "minutes", _("Minutes")
    DELIBERATION = "deliberation", _("Deliberation")
    ANNEX = "annex", _("Annex")


class Extraction(models.TextChoices):
    PENDING = "pending", _("Waiting for the text to be read")
    DONE = "done", _("Text read")
    FAILED = "failed", _("Text could not be read")


def document_path(document: Document, filename: str) -> str:
    """A random name under the year: it tells nothing the document does not say itself."""
    return f"council/{timezone.now():%Y}/{uuid.uuid4().hex}.pdf"


class Document(models.Model):
    """A PDF of a meeting: a public act, in the public media storage. Its text is read by the
    worker (`tasks.extract_document_text`), never in the request that uploads it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name=_("meeting")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("PDF file"), upload_to=document_path, max_length=200)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0, editable=False)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True, editable=False)
    text = models.TextField(_("text"), blank=True, editable=False)
    extraction = models.CharField(
        _("text extraction"),
        max_length=10,
        choices=Extraction.choices,
        default=Extraction.PENDING,
        editable=False,
    )
    extraction_error = models.CharField(
        _("why the text could not be read"), max_length=300, blank=True, editable=False
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("council document")
        verbose_name_plural = _("council documents")
        ordering = ["meeting", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="council_document_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(extraction__in=Extraction.values),
                name="council_document_extraction_known",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.meeting.get_absolute_url()}#document-{self.pk}"

    def is_public(self) -> bool:
        return self.is_published and self.meeting.is_published


class Theme(models.TextChoices):
    """The matters of the ACTES nomenclature (level 2), which SCDL's DELIB_MATIERE_CODE and
    DELIB_MATIERE_NOM take: the label is "level 1/level 2", as the schema writes it."""

    T1_1 = "1.1", "Commande publique/Marchés publics"
    T1_2 = "1.2", "Commande publique/Délégation de service public"
    T1_3 = "1.3", "Commande publique/Conventions de mandat"
    T1_4 = "1.4", "Commande publique/Autres types de contrats"
    T1_5 = "1.5", "Commande publique/Transactions protocole d'accord transactionnel"
    T1_6 = "1.6", "Commande publique/Maîtrise d'œuvre"
    T1_7 = "1.7", "Commande publique/Actes spéciaux et divers"
    T2_1 = "2.1", "Urbanisme/Documents d'urbanisme"
    T2_2 = "2.2", "Urbanisme/Actes relatifs au droit d'occupation ou d'utilisation des sols"
    T2_3 = "2.3", "Urbanisme/Droit de préemption urbain"
    T3_1 = "3.1", "Domaine et patrimoine/Acquisitions"
    T3_2 = "3.2", "Domaine et patrimoine/Aliénations"
    T3_3 = "3.3", "Domaine et patrimoine/Locations"
    T3_4 = "3.4", "Domaine et patrimoine/Limites territoriales"
    T3_5 = "3.5", "Domaine et patrimoine/Autres actes de gestion du domaine public"
    T3_6 = "3.6", "Domaine et patrimoine/Autres actes de gestion du domaine privé"
    T4_1 = "4.1", "Fonction publique/Personnels titulaires et stagiaires de la FPT"
    T4_2 = "4.2", "Fonction publique/Personnels contractuels"
    T4_3 = "4.3", "Fonction publique/Fonction publique hospitalière"
    T4_4 = "4.4", "Fonction publique/Autres catégories de personnels"
    T4_5 = "4.5", "Fonction publique/Régime indemnitaire"
    T5_1 = "5.1", "Institutions et vie politique/Election exécutif"
    T5_2 = "5.2", "Institutions et vie politique/Fonctionnement des assemblées"
    T5_3 = "5.3", "Institutions et vie politique/Désignation de représentants"
    T5_4 = "5.4", "Institutions et vie politique/Délégation de fonctions"
    T5_5 = "5.5", "Institutions et vie politique/Délégation de signature"
    T5_6 = "5.6", "Institutions et vie politique/Exercice des mandats locaux"
    T5_7 = "5.7", "Institutions et vie politique/Intercommunalité"
    T5_8 = "5.8", "Institutions et vie politique/Décision d'ester en justice"
    T6_1 = "6.1", "Libertés publiques et pouvoirs de police/Police municipale"
    T6_2 = "6.2", "Libertés publiques et pouvoirs de police/Pouvoir du président du conseil général"
    T6_3 = (
        "6.3",
        "Libertés publiques et pouvoirs de police/Pouvoir du président du conseil régional",
    )
    T6_4 = "6.4", "Libertés publiques et pouvoirs de police/Autres actes réglementaires"
    T6_5 = "6.5", "Libertés publiques et pouvoirs de police/Actes pris au nom de l'État"
    T7_1 = "7.1", "Finances locales/Décisions budgétaires"
    T7_2 = "7.2", "Finances locales/Fiscalité"
    T7_3 = "7.3", "Finances locales/Emprunts"
    T7_4 = "7.4", "Finances locales/Interventions économiques"
    T7_5 = "7.5", "Finances locales/Subventions"
    T7_6 = "7.6", "Finances locales/Contributions budgétaires"
    T7_7 = "7.7", "Finances locales/Avances"
    T7_8 = "7.8", "Finances locales/Fonds de concours"
    T7_9 = "7.9", "Finances locales/Prise de participation"
    T7_10 = "7.10", "Finances locales/Divers"
    T8_1 = "8.1", "Domaines de compétences par thèmes/Enseignement"
    T8_2 = "8.2", "Domaines de compétences par thèmes/Aide sociale"
    T8_3 = "8.3", "Domaines de compétences par thèmes/Voirie"
    T8_4 = "8.4", "Domaines de compétences par thèmes/Aménagement du territoire"
    T8_5 = "8.5", "Domaines de compétences par thèmes/Politique de la ville-habitat-logement"
    T8_6 = "8.6", "Domaines de compétences par thèmes/Emploi-formation professionnelle"
    T8_7 = "8.7", "Domaines de compétences par thèmes/Transports"
    T8_8 = "8.8", "Domaines de compétences par thèmes/Environnement"
    T8_9 = "8.9", "Domaines de compétences par thèmes/Culture"
    T9_1 = "9.1", "Autres domaines de compétences/Autres domaines de compétences des communes"
    T9_2 = "9.2", "Autres domaines de compétences/Autres domaines de compétences des départements"
    T9_3 = "9.3", "Autres domaines de compétences/Autres domaines de compétences des régions"
    T9_4 = "9.4", "Autres domaines de compétences/Vœux et motions"


class Outcome(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    POSTPONED = "postponed", _("Postponed")


#: Outcomes after a vote: only these have votes.
VOTED = (Outcome.ADOPTED, Outcome.REJECTED)


class Deliberation(models.Model):
    """A decision of the council, numbered by the town ("2026-045"). Public once it and its
    meeting are published. Votes are counted for the outcomes that follow a vote."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.PROTECT, related_name="deliberations", verbose_name=_("meeting")
    )
    number = models.CharField(
        _("number"),
        max_length=30,
        unique=True,
        help_text=_("The town's number for it, letters, digits and hyphens (2026-045)."),
    )
    date = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=500)
    theme = models.CharField(_("matter (ACTES)"), max_length=5, choices=Theme.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    members_in_office = models.PositiveSmallIntegerField(
        _("members in office"), null=True, blank=True
    )
    votes_for = models.PositiveSmallIntegerField(_("votes for"), default=0)
    votes_against = models.PositiveSmallIntegerField(_("votes against"), default=0)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), default=0)
    document = models.ForeignKey(
        Document,
        verbose_name=_("PDF document"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliberations",
    )
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("deliberation")
        verbose_name_plural = _("deliberations")
        ordering = ["-date", "-number"]
        indexes = [models.Index(fields=["is_published", "date"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__regex=r"^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$"),
                name="council_deliberation_number_format",
            ),
            models.CheckConstraint(
                condition=Q(theme__in=Theme.values), name="council_deliberation_theme_known"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=Outcome.values), name="council_deliberation_outcome_known"
            ),
            models.CheckConstraint(
                condition=Q(members_in_office__isnull=True)
                | Q(
                    members_in_office__gte=models.F("votes_for")
                    + models.F("votes_against")
                    + models.F("abstentions")
                ),
                name="council_deliberation_votes_within_members",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} — {self.subject}"

    def get_absolute_url(self) -> str:
        return object_path("council:deliberation", number=self.number)

    @property
    def voters(self) -> int:
        return self.votes_for + self.votes_against + self.abstentions

    @property
    def was_voted(self) -> bool:
        return self.outcome in VOTED

    def is_public(self) -> bool:
        return self.is_published and self.meeting.is_published
