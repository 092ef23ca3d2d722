from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parvis.accounts.roles import STAFF_ROLES, Role


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        """Used by Django's createsuperuser; Parvis's own command is `parvis createadmin`."""
        user = self.create_user(email, password, **fields)
        RoleAssignment.objects.create(user=user, role=Role.ADMINISTRATOR)
        return user


class User(AbstractBaseUser):
    """A person with an account: a resident, and possibly staff through roles.

    `first_name`/`last_name` are private (from an identity provider or set by staff) and never
    shown publicly; `display_name` is what others see next to a contribution.
    """

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    display_name = models.CharField(
        _("public name"),
        max_length=80,
        blank=True,
        help_text=_("Shown next to what you write. Leave empty to appear as “a resident”."),
    )
    first_name = models.CharField(_("first name"), max_length=150, blank=True)
    last_name = models.CharField(_("last name"), max_length=150, blank=True)
    # The one place a person's age is known: set from the identity provider's `birthdate`
    # claim at each login through it (accounts.adapter), never typed in by the person.
    # Private, like the names; read by votes limited to an age range (parvis.votes).
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # Set by moderators' decisions only (parvis.moderation.services); read through
    # parvis.moderation.permissions, which every contribution service asks.
    suspended_until = models.DateTimeField(
        _("suspended until"),
        null=True,
        blank=True,
        help_text=_("Until then, the person can read but not write anything on the site."),
    )
    watched_until = models.DateTimeField(
        _("contributions held for review until"),
        null=True,
        blank=True,
        help_text=_("Until then, what the person writes waits for a moderator."),
    )

    objects = UserManager()
    # Cached by RolePermissionBackend (accounts.backends), dropped by forget_roles().
    _role_permissions: frozenset[str]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    # --- roles ------------------------------------------------------------------------------
    @property
    def roles(self) -> frozenset[Role]:
        """The roles held, read once per instance (one query, then cached)."""
        cached = getattr(self, "_roles_cache", None)
        if cached is None:
            if self.pk is None:
                cached = frozenset()
            else:
                cached = frozenset(
                    Role(value) for value in self.role_assignments.values_list("role", flat=True)
                )
            self._roles_cache = cached
        return cached

    def forget_roles(self) -> None:
        """Drop the cached roles and permissions after a change of roles."""
        self.__dict__.pop("_roles_cache", None)
        self.__dict__.pop("_role_permissions", None)

    @property
    def is_staff(self) -> bool:
        """Staff are those holding a staff role; Django's admin asks this."""
        return self.is_active and bool(self.roles & STAFF_ROLES)

    @property
    def is_superuser(self) -> bool:
        return self.is_active and Role.ADMINISTRATOR in self.roles

    @property
    def is_verified_resident(self) -> bool:
        return Role.VERIFIED_RESIDENT in self.roles

    @property
    def public_name(self) -> str:
        return self.display_name or str(_("a resident"))

    # --- permissions, answered by the authentication backends (RolePermissionBackend) --------
    def get_all_permissions(self, obj: Any = None) -> set[str]:
        permissions: set[str] = set()
        for backend in auth.get_backends():
            if hasattr(backend, "get_all_permissions"):
                permissions |= set(backend.get_all_permissions(self, obj))
        return permissions

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return any(
            hasattr(backend, "has_perm") and backend.has_perm(self, perm, obj)
            for backend in auth.get_backends()
        )

    def has_perms(self, perm_list: Any, obj: Any = None) -> bool:
        return all(self.has_perm(perm, obj) for perm in perm_list)

    def has_module_perms(self, app_label: str) -> bool:
        return any(
            hasattr(backend, "has_module_perms") and backend.has_module_perms(self, app_label)
            for backend in auth.get_backends()
        )


class RoleAssignment(models.Model):
    """One role held by one person; changed only through `accounts.services`."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    granted_at = models.DateTimeField(_("granted on"), default=timezone.now)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="accounts_role_once_per_user"),
            models.CheckConstraint(
                condition=models.Q(role__in=Role.values), name="accounts_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"
