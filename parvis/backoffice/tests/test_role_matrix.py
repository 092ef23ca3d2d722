"""Every role by every back-office page: each role reaches exactly its own part.

The expected outcome of each cell is written out below by hand, from what each role is for,
and is deliberately not computed from `roles.py`: a wrong grant there must fail here.

  200  the page opens
  RO   a change page that opens read-only (no save button)
  RW   a change page that opens with a save button
  403  refused
  404  an app index the role has nothing in (Django's admin answers 404 there)
  LOG  anonymous: sent to sign in, with the page as `next`
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib import admin
from django_tasks_db.models import DBTaskResult

from conftest import make_user
from parvis.accounts.roles import Role
from parvis.accounts.services import identity_verified
from parvis.accounts.tests.helpers import sign_in
from parvis.addresses.models import AddressImport
from parvis.agenda.models import CalendarSource, Event, Registration
from parvis.agenda.models import Category as AgendaCategory
from parvis.agenda.tests.factories import event_create
from parvis.comments.tests.factories import make_comment
from parvis.core.mail import deliver_email
from parvis.core.models import AuditEntry
from parvis.directory.models import ChangeProposal, DirectoryCategory, Entry
from parvis.family.models import Booking, Invoice, InvoiceRun, MenuDay
from parvis.family.tests.factories import (
    make_canteen,
    make_child,
    make_household,
    make_registration,
)
from parvis.jobs.models import Offer, ReplyTemplate
from parvis.jobs.tests.factories import make_application
from parvis.moderation.models import Decision, DecisionAction, WordListEntry
from parvis.news.tests.factories import make_announcement, make_article
from parvis.observations.models import Campaign, Member, Observation
from parvis.open311.models import ApiKey
from parvis.payments.models import Payment
from parvis.reports.models import Category, Report
from parvis.roadworks.models import Works
from parvis.spaces.models import MemberRole
from parvis.spaces.tests.factories import make_member, make_page, make_space
from parvis.tags.models import Tag

LOG = "login"
RO = "read-only"
RW = "read-write"

ROLES = [
    "anonymous",
    "resident",
    "verified_resident",
    "communication_officer",
    "hr_officer",
    "family_services_officer",
    "technical_services_officer",
    "elected_official",
    "moderator",
    "administrator",
]

# fmt: off
#  page                                        anon  res  ver  comm  hr   fam  tech elect mod  admin
MATRIX: dict[str, tuple[Any, ...]] = {
    "index":                                   (LOG, 403, 403, 200, 200, 200, 200, 200, 200, 200),
    # app indexes
    "app:accounts":                            (LOG, 403, 403, 404, 404, 404, 404, 404, 200, 200),
    "app:spaces":                              (LOG, 403, 403, 200, 404, 404, 404, 200, 404, 200),
    "app:account":                             (LOG, 403, 403, 404, 404, 404, 404, 404, 404, 200),
    "app:socialaccount":                       (LOG, 403, 403, 404, 404, 404, 404, 404, 404, 200),
    "app:mfa":                                 (LOG, 403, 403, 404, 404, 404, 404, 404, 404, 200),
    "app:django_tasks_database":               (LOG, 403, 403, 404, 404, 404, 404, 404, 404, 200),
    "app:core":                                (LOG, 403, 403, 404, 404, 404, 404, 404, 404, 200),
    "app:tags":                                (LOG, 403, 403, 200, 404, 404, 404, 404, 404, 200),
    "app:moderation":                          (LOG, 403, 403, 404, 404, 404, 404, 404, 200, 200),
    "app:comments":                            (LOG, 403, 403, 404, 404, 404, 404, 404, 200, 200),
    "app:news":                                (LOG, 403, 403, 200, 404, 404, 404, 404, 404, 200),
    "app:reports":                             (LOG, 403, 403, 404, 404, 404, 200, 404, 404, 200),
    "app:roadworks":                           (LOG, 403, 403, 200, 404, 404, 200, 404, 404, 200),
    "app:addresses":                           (LOG, 403, 403, 404, 404, 404, 404, 404, 404, 200),
    "app:observations":                        (LOG, 403, 403, 404, 404, 404, 200, 404, 404, 200),
    "app:open311":                             (LOG, 403, 403, 404, 404, 404, 404, 404, 404, 200),
    "app:directory":                           (LOG, 403, 403, 404, 404, 404, 404, 404, 200, 200),
    "app:jobs":                                (LOG, 403, 403, 404, 200, 404, 404, 404, 404, 200),
    "app:family":                              (LOG, 403, 403, 404, 404, 200, 404, 404, 404, 200),
    "app:payments":                            (LOG, 403, 403, 404, 404, 200, 404, 404, 404, 200),
    "app:agenda":                              (LOG, 403, 403, 200, 404, 404, 404, 404, 404, 200),
    "app:council":                             (LOG, 403, 403, 200, 404, 404, 404, 404, 404, 200),
    "app:suggestions":                         (LOG, 403, 403, 200, 404, 404, 404, 200, 200, 200),
    "app:votes":                               (LOG, 403, 403, 200, 404, 404, 404, 200, 404, 200),
    "app:wiki":                                (LOG, 403, 403, 404, 404, 404, 404, 404, 200, 200),
    "app:live":                                (LOG, 403, 403, 200, 404, 404, 404, 404, 200, 200),
    "app:photos":                              (LOG, 403, 403, 200, 404, 404, 404, 404, 404, 200),
    "app:videos":                              (LOG, 403, 403, 200, 404, 404, 404, 404, 404, 200),
    "app:podcasts":                            (LOG, 403, 403, 200, 404, 404, 404, 404, 404, 200),
    # accounts: moderators read, administrators change; nobody adds or deletes here
    "accounts.user:changelist":                (LOG, 403, 403, 403, 403, 403, 403, 403, 200, 200),
    "accounts.user:add":                       (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "accounts.user:change":                    (LOG, 403, 403, 403, 403, 403, 403, 403,  RO,  RW),
    # spaces: communication officers write, elected officials read
    "spaces.space:changelist":                 (LOG, 403, 403, 200, 403, 403, 403, 200, 403, 200),
    "spaces.space:add":                        (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "spaces.space:change":                     (LOG, 403, 403,  RW, 403, 403, 403,  RO, 403,  RW),
    "spaces.spacepage:changelist":             (LOG, 403, 403, 200, 403, 403, 403, 200, 403, 200),
    "spaces.spacepage:add":                    (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "spaces.spacepage:change":                 (LOG, 403, 403,  RW, 403, 403, 403,  RO, 403,  RW),
    "spaces.spacemembership:changelist":       (LOG, 403, 403, 200, 403, 403, 403, 200, 403, 200),
    "spaces.spacemembership:add":              (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "spaces.spacemembership:change":           (LOG, 403, 403,  RW, 403, 403, 403,  RO, 403,  RW),
    # tags: the people who publish manage them
    "tags.tag:changelist":                     (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "tags.tag:add":                            (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "tags.tag:change":                         (LOG, 403, 403,  RW, 403, 403, 403, 403, 403,  RW),
    # news and announcements: communication officers write and publish, nobody else
    "news.article:changelist":                 (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "news.article:add":                        (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "news.article:change":                     (LOG, 403, 403,  RW, 403, 403, 403, 403, 403,  RW),
    "news.announcement:changelist":            (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "news.announcement:add":                   (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "news.announcement:change":                (LOG, 403, 403,  RW, 403, 403, 403, 403, 403,  RW),
    # podcasts: the communication officer's, like the news
    "podcasts.show:changelist":                (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "podcasts.show:add":                       (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "podcasts.show:change":                    (LOG, 403, 403,  RW, 403, 403, 403, 403, 403,  RW),
    "podcasts.episode:changelist":             (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "podcasts.episode:add":                    (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "podcasts.episode:change":                 (LOG, 403, 403,  RW, 403, 403, 403, 403, 403,  RW),
    # reports: the technical services handle them (status and public message) and read the
    # categories, which administrators keep; a report is never added nor deleted here
    # (residents write them; staff change their status)
    "reports.category:changelist":             (LOG, 403, 403, 403, 403, 403, 200, 403, 403, 200),
    "reports.category:add":                    (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "reports.category:change":                 (LOG, 403, 403, 403, 403, 403,  RO, 403, 403,  RW),
    "reports.report:changelist":               (LOG, 403, 403, 403, 403, 403, 200, 403, 403, 200),
    "reports.report:add":                      (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "reports.report:change":                   (LOG, 403, 403, 403, 403, 403,  RW, 403, 403,  RW),
    # roadworks: the technical services run them, communication officers tell residents what
    # changes in their streets
    "roadworks.works:changelist":              (LOG, 403, 403, 200, 403, 403, 200, 403, 403, 200),
    "roadworks.works:add":                     (LOG, 403, 403, 200, 403, 403, 200, 403, 403, 200),
    "roadworks.works:change":                  (LOG, 403, 403,  RW, 403, 403,  RW, 403, 403,  RW),
    # registrations to events: communication officers and administrators see, cancel and
    # export them; registrants add their own, so nobody adds one here
    "agenda.registration:changelist":          (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "agenda.registration:add":                 (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "agenda.registration:change":              (LOG, 403, 403,  RW, 403, 403, 403, 403, 403,  RW),
    # imported calendars: communication officers choose the calendars the agenda takes events from
    "agenda.calendarsource:changelist":        (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "agenda.calendarsource:add":               (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "agenda.calendarsource:change":            (LOG, 403, 403,  RW, 403, 403, 403, 403, 403,  RW),
    # the agenda: communication officers keep the events and their categories
    "agenda.event:changelist":                 (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "agenda.event:add":                        (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "agenda.event:change":                     (LOG, 403, 403,  RW, 403, 403, 403, 403, 403,  RW),
    "agenda.category:changelist":              (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "agenda.category:add":                     (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "agenda.category:change":                  (LOG, 403, 403,  RW, 403, 403, 403, 403, 403,  RW),
    # job offers: human resources publish them, as administrators may
    "jobs.offer:changelist":                   (LOG, 403, 403, 403, 200, 403, 403, 403, 403, 200),
    "jobs.offer:add":                          (LOG, 403, 403, 403, 200, 403, 403, 403, 403, 200),
    "jobs.offer:change":                       (LOG, 403, 403, 403,  RW, 403, 403, 403, 403,  RW),
    # job applications: human resources read them, move them along, reply (a hiring manager
    # does for one offer's: jobs/tests/test_backoffice.py); applicants send them, so nobody
    # adds one here. Reply templates are human resources' too.
    "jobs.application:changelist":             (LOG, 403, 403, 403, 200, 403, 403, 403, 403, 200),
    "jobs.application:add":                    (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "jobs.application:change":                 (LOG, 403, 403, 403,  RW, 403, 403, 403, 403,  RW),
    "jobs.replytemplate:changelist":           (LOG, 403, 403, 403, 200, 403, 403, 403, 403, 200),
    "jobs.replytemplate:add":                  (LOG, 403, 403, 403, 200, 403, 403, 403, 403, 200),
    "jobs.replytemplate:change":               (LOG, 403, 403, 403,  RW, 403, 403, 403, 403,  RW),
    # the family space: family services keep schools, households, services and menus, decide
    # on registrations (which guardians ask for) and read the days booked (which guardians
    # change, before the deadline): neither is added here, and a booked day is only read
    "family.school:changelist":                (LOG, 403, 403, 403, 403, 200, 403, 403, 403, 200),
    "family.school:add":                       (LOG, 403, 403, 403, 403, 200, 403, 403, 403, 200),
    "family.school:change":                    (LOG, 403, 403, 403, 403,  RW, 403, 403, 403,  RW),
    "family.household:changelist":             (LOG, 403, 403, 403, 403, 200, 403, 403, 403, 200),
    "family.household:add":                    (LOG, 403, 403, 403, 403, 200, 403, 403, 403, 200),
    "family.household:change":                 (LOG, 403, 403, 403, 403,  RW, 403, 403, 403,  RW),
    "family.service:changelist":               (LOG, 403, 403, 403, 403, 200, 403, 403, 403, 200),
    "family.service:add":                      (LOG, 403, 403, 403, 403, 200, 403, 403, 403, 200),
    "family.service:change":                   (LOG, 403, 403, 403, 403,  RW, 403, 403, 403,  RW),
    "family.menuday:changelist":               (LOG, 403, 403, 403, 403, 200, 403, 403, 403, 200),
    "family.menuday:add":                      (LOG, 403, 403, 403, 403, 200, 403, 403, 403, 200),
    "family.menuday:change":                   (LOG, 403, 403, 403, 403,  RW, 403, 403, 403,  RW),
    "family.registration:changelist":          (LOG, 403, 403, 403, 403, 200, 403, 403, 403, 200),
    "family.registration:add":                 (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "family.registration:change":              (LOG, 403, 403, 403, 403,  RW, 403, 403, 403,  RW),
    "family.booking:changelist":               (LOG, 403, 403, 403, 403, 200, 403, 403, 403, 200),
    "family.booking:add":                      (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "family.booking:change":                   (LOG, 403, 403, 403, 403,  RO, 403, 403, 403,  RO),
    # invoices: issued by a run or an import, settled or cancelled by actions, never edited;
    # online payments: read, and recorded refunded by an action
    "family.invoice:changelist":               (LOG, 403, 403, 403, 403, 200, 403, 403, 403, 200),
    "family.invoice:add":                      (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "family.invoice:change":                   (LOG, 403, 403, 403, 403,  RO, 403, 403, 403,  RO),
    "family.invoicerun:changelist":            (LOG, 403, 403, 403, 403, 200, 403, 403, 403, 200),
    "family.invoicerun:add":                   (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "family.invoicerun:change":                (LOG, 403, 403, 403, 403,  RO, 403, 403, 403,  RO),
    "payments.payment:changelist":             (LOG, 403, 403, 403, 403, 200, 403, 403, 403, 200),
    "payments.payment:add":                    (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "payments.payment:change":                 (LOG, 403, 403, 403, 403,  RO, 403, 403, 403,  RO),
    # addresses: administrators send the town's file; an import, once sent, is only read
    "addresses.addressimport:changelist":      (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "addresses.addressimport:add":             (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "addresses.addressimport:change":          (LOG, 403, 403, 403, 403, 403, 403, 403, 403,  RO),
    # Open311 keys of third-party apps: administrators make them (shown once) and switch them off
    "open311.apikey:changelist":               (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "open311.apikey:add":                      (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "open311.apikey:change":                   (LOG, 403, 403, 403, 403, 403, 403, 403, 403,  RW),
    # observation campaigns: administrators keep them, the technical services read them (not
    # who takes part nor what they noticed); observations are only read
    "observations.campaign:changelist":        (LOG, 403, 403, 403, 403, 403, 200, 403, 403, 200),
    "observations.campaign:add":               (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "observations.campaign:change":            (LOG, 403, 403, 403, 403, 403,  RO, 403, 403,  RW),
    "observations.observation:changelist":     (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "observations.observation:add":            (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "observations.observation:change":         (LOG, 403, 403, 403, 403, 403, 403, 403, 403,  RO),
    # directory: administrators keep it; moderators (and administrators) decide on the
    # residents' proposals, never added nor deleted here
    # votes: communication officers and administrators keep consultations (their options
    # inline), elected officials read them; ballots and the register are nobody's here
    "votes.consultation:changelist":           (LOG, 403, 403, 200, 403, 403, 403, 200, 403, 200),
    "votes.consultation:add":                  (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "votes.consultation:change":               (LOG, 403, 403,  RW, 403, 403, 403,  RO, 403,  RW),
    # candidacies: read and decided on (actions, with the change permission); their fields
    # are the candidates', read-only here
    "votes.candidacy:changelist":              (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "votes.candidacy:add":                     (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "votes.candidacy:change":                  (LOG, 403, 403,  RW, 403, 403, 403, 403, 403,  RW),
    # the town council: the administration publishes its acts (communication officers and
    # administrators); elected officials vote them but do not publish them
    "council.meeting:changelist":              (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "council.meeting:add":                     (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "council.meeting:change":                  (LOG, 403, 403,  RW, 403, 403, 403, 403, 403,  RW),
    "council.document:changelist":             (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "council.document:add":                    (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "council.document:change":                 (LOG, 403, 403,  RW, 403, 403, 403, 403, 403,  RW),
    "council.deliberation:changelist":         (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "council.deliberation:add":                (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "council.deliberation:change":             (LOG, 403, 403,  RW, 403, 403, 403, 403, 403,  RW),
    # videos: communication officers upload, reference, caption, sort and publish them
    "videos.video:changelist":                 (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "videos.video:add":                        (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "videos.video:change":                     (LOG, 403, 403,  RW, 403, 403, 403, 403, 403,  RW),
    "videos.category:changelist":              (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "videos.category:add":                     (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "videos.category:change":                  (LOG, 403, 403,  RW, 403, 403, 403, 403, 403,  RW),
    "videos.playlist:changelist":              (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "videos.playlist:add":                     (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "videos.playlist:change":                  (LOG, 403, 403,  RW, 403, 403, 403, 403, 403,  RW),
    # suggestions: elected officials answer them (signed, through the service), communication
    # officers keep the categories and read them, moderators read them (their decisions are
    # taken in the queue); residents write them, so nobody adds one here
    "suggestions.category:changelist":         (LOG, 403, 403, 200, 403, 403, 403, 200, 403, 200),
    "suggestions.category:add":                (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "suggestions.category:change":             (LOG, 403, 403,  RW, 403, 403, 403,  RO, 403,  RW),
    "suggestions.suggestion:changelist":       (LOG, 403, 403, 200, 403, 403, 403, 200, 200, 200),
    "suggestions.suggestion:add":              (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "suggestions.suggestion:change":           (LOG, 403, 403,  RO, 403, 403, 403,  RW,  RO,  RW),
    # live Q&A sessions: communication officers and administrators plan them; questions are
    # decided on the session's moderation page, read here by moderators too; nobody adds one
    "live.livesession:changelist":             (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "live.livesession:add":                    (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "live.livesession:change":                 (LOG, 403, 403,  RW, 403, 403, 403, 403, 403,  RW),
    "live.question:changelist":                (LOG, 403, 403, 200, 403, 403, 403, 403, 200, 200),
    "live.question:add":                       (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "live.question:change":                    (LOG, 403, 403,  RO, 403, 403, 403, 403,  RO,  RW),
    "directory.directorycategory:changelist":  (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "directory.directorycategory:add":         (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "directory.directorycategory:change":      (LOG, 403, 403, 403, 403, 403, 403, 403, 403,  RW),
    "directory.entry:changelist":              (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "directory.entry:add":                     (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "directory.entry:change":                  (LOG, 403, 403, 403, 403, 403, 403, 403, 403,  RW),
    "directory.changeproposal:changelist":     (LOG, 403, 403, 403, 403, 403, 403, 403, 200, 200),
    "directory.changeproposal:add":            (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "directory.changeproposal:change":         (LOG, 403, 403, 403, 403, 403, 403, 403,  RW,  RW),
    # the wiki: written on the site; administrators set protection and rename (articles),
    # name categories and read redirects; moderators patrol and read articles and
    # revisions; nobody adds or deletes here
    "wiki.article:changelist":                 (LOG, 403, 403, 403, 403, 403, 403, 403, 200, 200),
    "wiki.article:add":                        (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "wiki.article:change":                     (LOG, 403, 403, 403, 403, 403, 403, 403,  RO,  RW),
    "wiki.revision:changelist":                (LOG, 403, 403, 403, 403, 403, 403, 403, 200, 200),
    "wiki.revision:add":                       (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "wiki.revision:change":                    (LOG, 403, 403, 403, 403, 403, 403, 403,  RO,  RO),
    "wiki.wikicategory:changelist":            (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "wiki.wikicategory:add":                   (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "wiki.wikicategory:change":                (LOG, 403, 403, 403, 403, 403, 403, 403, 403,  RW),
    "wiki.redirect:changelist":                (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "wiki.redirect:add":                       (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "wiki.redirect:change":                    (LOG, 403, 403, 403, 403, 403, 403, 403, 403,  RO),
    # photos: communication officers keep the library; photos are added by the uploader
    "photos.album:changelist":                 (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "photos.album:add":                        (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "photos.album:change":                     (LOG, 403, 403,  RW, 403, 403, 403, 403, 403,  RW),
    "photos.photo:changelist":                 (LOG, 403, 403, 200, 403, 403, 403, 403, 403, 200),
    "photos.photo:add":                        (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "photos.photo:change":                     (LOG, 403, 403,  RW, 403, 403, 403, 403, 403,  RW),
    # moderation: moderators keep the word list and read the decisions (taken in the queue)
    "moderation.decision:changelist":          (LOG, 403, 403, 403, 403, 403, 403, 403, 200, 200),
    "moderation.decision:add":                 (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "moderation.decision:change":              (LOG, 403, 403, 403, 403, 403, 403, 403,  RO,  RO),
    "moderation.wordlistentry:changelist":     (LOG, 403, 403, 403, 403, 403, 403, 403, 200, 200),
    "moderation.wordlistentry:add":            (LOG, 403, 403, 403, 403, 403, 403, 403, 200, 200),
    "moderation.wordlistentry:change":         (LOG, 403, 403, 403, 403, 403, 403, 403,  RW,  RW),
    # comments: moderators read them; they decide in the queue, nobody edits them here
    "comments.comment:changelist":             (LOG, 403, 403, 403, 403, 403, 403, 403, 200, 200),
    "comments.comment:add":                    (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "comments.comment:change":                 (LOG, 403, 403, 403, 403, 403, 403, 403,  RO,  RO),
    # the libraries' models and the audit trail: administrators read them, nobody writes
    "account.emailaddress:changelist":         (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "account.emailaddress:add":                (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "account.emailaddress:change":             (LOG, 403, 403, 403, 403, 403, 403, 403, 403,  RO),
    "socialaccount.socialaccount:changelist":  (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "socialaccount.socialaccount:add":         (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "socialaccount.socialaccount:change":      (LOG, 403, 403, 403, 403, 403, 403, 403, 403,  RO),
    "mfa.authenticator:changelist":            (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "mfa.authenticator:add":                   (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "mfa.authenticator:change":                (LOG, 403, 403, 403, 403, 403, 403, 403, 403,  RO),
    "django_tasks_database.dbtaskresult:changelist": (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "django_tasks_database.dbtaskresult:add":  (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "django_tasks_database.dbtaskresult:change": (LOG, 403, 403, 403, 403, 403, 403, 403, 403,  RO),
    "core.auditentry:changelist":              (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 200),
    "core.auditentry:add":                     (LOG, 403, 403, 403, 403, 403, 403, 403, 403, 403),
    "core.auditentry:change":                  (LOG, 403, 403, 403, 403, 403, 403, 403, 403,  RO),
}
# fmt: on


def viewer(role: str, staff_member: Any) -> Any:
    if role == "anonymous":
        return None
    if role in ("resident", "verified_resident"):
        user = make_user(f"{role}@example.org")
        if role == "verified_resident":
            identity_verified(user=user)
        return user
    return staff_member(Role(role))


def family_objects() -> dict[str, Any]:
    """A household with a child registered to the canteen and booked one day, a menu."""
    season = make_canteen()
    registration = make_registration(make_child(make_household("Famille Martin")), season)
    invoice = Invoice.objects.create(
        household=registration.child.household,
        number="FAC-2026-01-00001",
        month=date(2026, 1, 1),
        issued_on=date(2026, 2, 1),
        due_on=date(2026, 3, 1),
        total=Decimal("14.50"),
    )
    return {
        "family.school": registration.child.school,
        "family.household": registration.child.household,
        "family.service": season.service,
        "family.registration": registration,
        "family.booking": Booking.objects.create(
            registration=registration, season=season, day=season.ends_on
        ),
        "family.menuday": MenuDay.objects.create(day=date(2026, 1, 5), main_course="Hachis"),
        "family.invoice": invoice,
        "family.invoicerun": InvoiceRun.objects.create(month=date(2026, 1, 1)),
        "payments.payment": Payment.objects.create(
            order_id="T-1",
            payable_kind="family.invoice",
            payable_id=invoice.pk,
            label="Facture FAC-2026-01-00001",
            amount=Decimal("14.50"),
            backend="dummy",
        ),
    }


def existing_objects() -> dict[str, Any]:
    """One object of each model, for the change pages."""
    owner = make_user("owner@example.org", totp=True)
    space = make_space("centre-ville")
    account = SocialAccount.objects.create(user=owner, provider="franceconnect", uid="sub-1")
    potholes = Category.objects.create(name="Nids-de-poule", slug="nids-de-poule")
    task = deliver_email.enqueue({"to": ["owner@example.org"], "subject": "x", "body": "x"})
    return {
        "accounts.user": owner,
        "spaces.space": space,
        "spaces.spacepage": make_page(space),
        "spaces.spacemembership": make_member(space, owner, MemberRole.COUNCILLOR),
        "tags.tag": Tag.objects.create(name="Travaux", slug="travaux"),
        "moderation.decision": Decision.objects.create(action=DecisionAction.APPROVE),
        "moderation.wordlistentry": WordListEntry.objects.create(expression="arnaque"),
        "comments.comment": make_comment(make_page(space, "avis"), owner, "Bonne idée."),
        "news.article": make_article("new-library", space=space),
        "news.announcement": make_announcement(space=space),
        "reports.category": potholes,
        "reports.report": Report.objects.create(
            category=potholes, lat=46.81, lon=1.69, description="Trou.", author=owner
        ),
        "jobs.offer": Offer.objects.create(
            slug="jardinier",
            reference="2026-RH-1",
            title="Jardinier",
            department="Espaces verts",
            contract_type="civil_servant",
            place="Centre technique",
            description="x",
            profile="y",
            published_on=date(2026, 1, 5),
            closes_on=date(2026, 2, 5),
        ),
        "jobs.application": make_application(None),
        "agenda.registration": _registration(),
        **family_objects(),
        "jobs.replytemplate": ReplyTemplate.objects.create(
            name="Accusé", subject="Votre candidature", body="Bien reçue."
        ),
        "agenda.calendarsource": CalendarSource.objects.create(
            name="Office de tourisme", url="https://tourisme.example/agenda.ics"
        ),
        "roadworks.works": Works.objects.create(
            slug="voirie",
            title="Voirie",
            lat=46.81,
            lon=1.69,
            starts_on=date(2026, 1, 5),
            geometry={"type": "Point", "coordinates": [1.69, 46.81]},
        ),
        "addresses.addressimport": AddressImport.objects.create(file_name="adresses-36.csv"),
        **_agenda_objects(),
        **_campaign_objects(potholes, owner),
        "open311.apikey": ApiKey.objects.create(name="Appli", key_hash="0" * 64, prefix="abcdefgh"),
        **_directory_objects(owner),
        **_council_objects(),
        **_video_objects(),
        **_suggestion_objects(owner, space),
        **_consultation(space, owner),
        **_wiki_objects(),
        **_live_objects(),
        **_photo_objects(),
        **_podcast_objects(),
        "account.emailaddress": EmailAddress.objects.get(user=owner),
        "socialaccount.socialaccount": account,
        "mfa.authenticator": Authenticator.objects.get(user=owner),
        "django_tasks_database.dbtaskresult": DBTaskResult.objects.get(id=task.id),
        "core.auditentry": AuditEntry.objects.filter(action="space.create").get(),
    }


def _consultation(space: Any, owner: Any) -> dict[str, Any]:
    from parvis.votes.models import Candidacy, Method
    from parvis.votes.tests.factories import make_consultation

    election = make_consultation(space=space, method=Method.ELECTION, max_choices=2)
    candidacy = Candidacy.objects.create(
        consultation=election, user=owner, name="Léa", presentation="x", projects="y"
    )
    return {"votes.consultation": election, "votes.candidacy": candidacy}


def _registration() -> Registration:
    start = datetime(2030, 6, 15, 16, 30, tzinfo=UTC)
    event = Event.objects.create(
        slug="atelier",
        title="Atelier",
        starts_at=start,
        ends_at=start,
        place_name="Salle",
        registration_required=True,
    )
    return Registration.objects.create(
        event=event, name="Alice", email="alice@example.org", token_digest="0" * 64
    )


def _directory_objects(owner: Any) -> dict[str, Any]:
    category = DirectoryCategory.objects.create(name="Mairie", slug="mairie", kind="town")
    entry = Entry.objects.create(
        name="Mairie", slug="mairie", category=category, lat=46.81, lon=1.69
    )
    proposal = ChangeProposal.objects.create(
        entry=entry, proposer=owner, values={"phone": "02 54"}, base={"phone": ""}
    )
    return {
        "directory.directorycategory": category,
        "directory.entry": entry,
        "directory.changeproposal": proposal,
    }


def _wiki_objects() -> dict[str, Any]:
    from parvis.wiki.models import Redirect, WikiCategory
    from parvis.wiki.tests.factories import make_article

    article = make_article("Le Lavoir")
    return {
        "wiki.article": article,
        "wiki.revision": article.current,
        "wiki.wikicategory": WikiCategory.objects.create(name="Lieux", slug="lieux"),
        "wiki.redirect": Redirect.objects.create(old_slug="lavoir", article=article),
    }


def _photo_objects() -> dict[str, Any]:
    from parvis.photos.tests.factories import make_album, make_photo

    album = make_album()
    return {"photos.album": album, "photos.photo": make_photo(album=album, process=False)}


def _agenda_objects() -> dict[str, Any]:
    category = AgendaCategory.objects.create(name="Concerts", slug="concerts")
    event = event_create(title="Bal", category=category)
    return {"agenda.event": event, "agenda.category": category}


def _campaign_objects(category: Category, owner: Any) -> dict[str, Any]:
    campaign = Campaign.objects.create(
        name="Nez", slug="nez", category=category, starts_on=date(2026, 1, 1)
    )
    observation = Observation.objects.create(
        campaign=campaign,
        member=Member.objects.create(campaign=campaign, user=owner),
        observed_at=datetime(2026, 2, 1, 8, tzinfo=UTC),
        lat=46.81,
        lon=1.69,
    )
    return {"observations.campaign": campaign, "observations.observation": observation}


def url_of(page: str, objects: dict[str, Any]) -> str:
    if page == "index":
        return "/backoffice/"
    if page.startswith("app:"):
        return f"/backoffice/{page[4:]}/"
    model, view = page.split(":")
    app_label, model_name = model.split(".")
    base = f"/backoffice/{app_label}/{model_name}/"
    if view == "changelist":
        return base
    if view == "add":
        return f"{base}add/"
    return f"{base}{quote(str(objects[model].pk))}/change/"


def outcome(response: Any, url: str) -> Any:
    """What a page did, in the matrix's words."""
    if response.status_code == 302:
        assert response["Location"] == f"/accounts/login/?next={quote(url, safe='')}", url
        return LOG
    if response.status_code == 200 and url.endswith("/change/"):
        return RW if 'name="_save"' in response.content.decode() else RO
    return response.status_code


# One test per role (its column of the matrix): the role signs in once and opens every page;
# the whole column is compared at once, so a failure lists every page that differs.
@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_each_role_reaches_exactly_its_part_of_the_back_office(client, staff_member, role):
    objects = existing_objects()
    user = viewer(role, staff_member)
    if user is not None:
        sign_in(client, user)
    column = ROLES.index(role)

    found = {}
    for page in MATRIX:
        url = url_of(page, objects)
        found[page] = outcome(client.get(url), url)

    assert found == {page: row[column] for page, row in MATRIX.items()}


def test_the_matrix_covers_every_page_of_the_back_office():
    registered = {
        f"{model._meta.app_label}.{model._meta.model_name}" for model in admin.site._registry
    }
    in_matrix = {page.split(":")[0] for page in MATRIX if ":" in page and "." in page}
    apps = {page[4:] for page in MATRIX if page.startswith("app:")}

    assert in_matrix == registered
    assert apps == {label.split(".")[0] for label in registered}
    for model in registered:
        assert {f"{model}:{view}" for view in ("changelist", "add", "change")} <= set(MATRIX)


def _video_objects() -> dict[str, Any]:
    from parvis.videos.tests.factories import make_category, make_playlist, make_reference

    video = make_reference("matrix-video")
    return {
        "videos.video": video,
        "videos.category": make_category("matrix", "Matrix"),
        "videos.playlist": make_playlist("matrix", [video]),
    }


def _council_objects() -> dict[str, Any]:
    from parvis.council.tests.factories import make_deliberation, make_document, make_meeting

    meeting = make_meeting()
    document = make_document(meeting)
    return {
        "council.meeting": meeting,
        "council.document": document,
        "council.deliberation": make_deliberation(meeting, "2026-001", document=document),
    }


def _suggestion_objects(owner: Any, space: Any) -> dict[str, Any]:
    from parvis.suggestions.models import Category as SuggestionCategory
    from parvis.suggestions.models import Suggestion

    category = SuggestionCategory.objects.create(name="Cadre de vie", slug="cadre-de-vie")
    return {
        "suggestions.category": category,
        "suggestions.suggestion": Suggestion.objects.create(
            space=space, category=category, author=owner, title="Bancs", text="x"
        ),
    }


def _live_objects() -> dict[str, Any]:
    from conftest import make_user
    from parvis.live.tests.factories import question_create, session_create

    session = session_create()
    return {
        "live.livesession": session,
        "live.question": question_create(session, make_user("asker@example.org")),
    }


def _podcast_objects() -> dict[str, Any]:
    from parvis.podcasts.tests.factories import make_episode, make_show

    show = make_show()
    return {"podcasts.show": show, "podcasts.episode": make_episode(show)}


# What the index lists for each staff role: its own part and nothing else.
INDEX_MODELS = {
    "communication_officer": {
        "spaces.space",
        "spaces.spacepage",
        "spaces.spacemembership",
        "tags.tag",
        "news.article",
        "news.announcement",
        "roadworks.works",
        "agenda.event",
        "agenda.category",
        "agenda.registration",
        "agenda.calendarsource",
        "council.meeting",
        "council.document",
        "council.deliberation",
        "videos.video",
        "videos.category",
        "videos.playlist",
        "suggestions.category",
        "suggestions.suggestion",
        "votes.consultation",
        "votes.candidacy",
        "live.livesession",
        "live.question",
        "photos.album",
        "photos.photo",
        "podcasts.show",
        "podcasts.episode",
    },
    "hr_officer": {"jobs.offer", "jobs.application", "jobs.replytemplate"},
    "family_services_officer": {
        "family.school",
        "family.household",
        "family.service",
        "family.registration",
        "family.booking",
        "family.menuday",
        "family.invoice",
        "family.invoicerun",
        "payments.payment",
    },
    "technical_services_officer": {
        "reports.category",
        "reports.report",
        "roadworks.works",
        "observations.campaign",
    },
    "elected_official": {
        "spaces.space",
        "spaces.spacepage",
        "spaces.spacemembership",
        "suggestions.category",
        "suggestions.suggestion",
        "votes.consultation",
    },
    "moderator": {
        "accounts.user",
        "moderation.decision",
        "moderation.wordlistentry",
        "comments.comment",
        "directory.changeproposal",
        "suggestions.suggestion",
        "wiki.article",
        "wiki.revision",
        "live.question",
    },
    "administrator": {
        "accounts.user",
        "agenda.registration",
        "jobs.offer",
        "jobs.application",
        "jobs.replytemplate",
        "family.school",
        "family.household",
        "family.service",
        "family.registration",
        "family.booking",
        "family.menuday",
        "family.invoice",
        "family.invoicerun",
        "payments.payment",
        "spaces.space",
        "spaces.spacepage",
        "spaces.spacemembership",
        "tags.tag",
        "news.article",
        "news.announcement",
        "reports.category",
        "reports.report",
        "roadworks.works",
        "agenda.event",
        "agenda.category",
        "agenda.calendarsource",
        "addresses.addressimport",
        "council.meeting",
        "council.document",
        "council.deliberation",
        "videos.video",
        "videos.category",
        "videos.playlist",
        "suggestions.category",
        "suggestions.suggestion",
        "votes.consultation",
        "votes.candidacy",
        "live.livesession",
        "live.question",
        "podcasts.show",
        "podcasts.episode",
        "observations.campaign",
        "observations.observation",
        "open311.apikey",
        "directory.directorycategory",
        "directory.entry",
        "directory.changeproposal",
        "wiki.article",
        "wiki.revision",
        "wiki.wikicategory",
        "wiki.redirect",
        "photos.album",
        "photos.photo",
        "moderation.decision",
        "moderation.wordlistentry",
        "comments.comment",
        "account.emailaddress",
        "socialaccount.socialaccount",
        "mfa.authenticator",
        "django_tasks_database.dbtaskresult",
        "core.auditentry",
    },
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(INDEX_MODELS))
def test_the_index_lists_only_the_roles_own_part(client, staff_member, role):
    sign_in(client, staff_member(Role(role)))

    response = client.get("/backoffice/")

    listed = {
        ".".join(match)
        for match in re.findall(r'href="/backoffice/(\w+)/(\w+)/"', response.content.decode())
    }
    assert response.status_code == 200
    assert listed == INDEX_MODELS[role]
