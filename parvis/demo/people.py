"""The demo town's accounts: one per staff role and a few residents.

DEMO ONLY. These passwords and TOTP secrets are published in the code, in `docs/demo.md` and
on the terminal: anyone can sign in with them. `parvis demo` refuses to run for a real town
(TOWN_NAME set) unless forced.
"""

from __future__ import annotations

from dataclasses import dataclass

from parvis.accounts.roles import Role
from parvis.demo.content import EMAIL_DOMAIN


def demo_totp_secret(word: str) -> str:
    """A 32-character base32 secret (160 bits, as authenticator apps expect) that reads as
    a demo one: "PARVISDEMO" + the word, padded with "TOTP"."""
    return f"PARVISDEMO{word}{'TOTP' * 8}"[:32]


@dataclass(frozen=True)
class DemoAccount:
    email_local: str
    first_name: str
    last_name: str
    display_name: str
    password: str
    roles: tuple[Role, ...] = ()
    totp_secret: str = ""
    #: Slugs of the spaces this person follows.
    follows: tuple[str, ...] = ()

    @property
    def email(self) -> str:
        return f"{self.email_local}@{EMAIL_DOMAIN}"

    @property
    def label(self) -> str:
        """What the account is for, in the printed table."""
        staff = [role for role in self.roles if role != Role.VERIFIED_RESIDENT]
        if staff:
            return str(staff[0].label)
        if Role.VERIFIED_RESIDENT in self.roles:
            return str(Role.VERIFIED_RESIDENT.label)
        return "Resident"


STAFF_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "admin", "Martine", "Colin", "Martine Colin",
        password="demo-beffroi-azur-17",  # noqa: S106 (a published demo password)
        roles=(Role.ADMINISTRATOR,), totp_secret=demo_totp_secret("ADMIN"),
    ),
    DemoAccount(
        "communication", "Sarah", "Lemoine", "Sarah Lemoine",
        password="demo-affiche-tilleul-23",  # noqa: S106
        roles=(Role.COMMUNICATION_OFFICER,), totp_secret=demo_totp_secret("COMMUNICATION"),
    ),
    DemoAccount(
        "rh", "Paul", "Garnier", "Paul Garnier",
        password="demo-registre-cerise-38",  # noqa: S106
        roles=(Role.HR_OFFICER,), totp_secret=demo_totp_secret("RESSOURCESHUMAINES"),
    ),
    DemoAccount(
        "famille", "Inès", "Barbier", "Inès Barbier",
        password="demo-cantine-lilas-52",  # noqa: S106
        roles=(Role.FAMILY_SERVICES_OFFICER,), totp_secret=demo_totp_secret("FAMILLE"),
    ),
    DemoAccount(
        "technique", "Antoine", "Dumas", "Antoine Dumas",
        password="demo-chaussee-platane-45",  # noqa: S106
        roles=(Role.TECHNICAL_SERVICES_OFFICER,), totp_secret=demo_totp_secret("TECHNIQUE"),
    ),
    DemoAccount(
        "elue", "Hélène", "Rousseau", "Hélène Rousseau",
        password="demo-echarpe-mirabelle-64",  # noqa: S106
        roles=(Role.ELECTED_OFFICIAL,), totp_secret=demo_totp_secret("ELUE"),
    ),
    DemoAccount(
        "moderation", "Lucas", "Roche", "Lucas Roche",
        password="demo-boussole-noisette-71",  # noqa: S106
        roles=(Role.MODERATOR,), totp_secret=demo_totp_secret("MODERATION"),
    ),
)  # fmt: skip

RESIDENT_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "camille.martin", "Camille", "Martin", "Camille M.",
        password="demo-marche-prune-12",  # noqa: S106
        roles=(Role.VERIFIED_RESIDENT,),
        follows=("centre-ville", "les-tilleuls", "tram-t1"),
    ),
    DemoAccount(
        "leo.bernard", "Léo", "Bernard", "Léo B.",
        password="demo-velo-glycine-29",  # noqa: S106
        follows=("gare", "tram-t1"),
    ),
    DemoAccount(
        "aicha.diallo", "Aïcha", "Diallo", "Aïcha",
        password="demo-kiosque-menthe-45",  # noqa: S106
        follows=("les-hauts", "conseil-municipal-des-jeunes", "transition-ecologique"),
    ),
    DemoAccount(
        "jean.petit", "Jean", "Petit", "",
        password="demo-jardin-figue-86",  # noqa: S106
        follows=("la-prairie",),
    ),
)  # fmt: skip

ACCOUNTS: tuple[DemoAccount, ...] = STAFF_ACCOUNTS + RESIDENT_ACCOUNTS


@dataclass(frozen=True)
class Voice:
    """A resident who comments in the demo town; no password, so nobody signs in as them."""

    email_local: str
    first_name: str
    last_name: str
    display_name: str

    @property
    def email(self) -> str:
        return f"{self.email_local}@{EMAIL_DOMAIN}"


#: More residents, so that discussions are not among four people only.
VOICES: tuple[Voice, ...] = (
    Voice("marie-claude.durand", "Marie-Claude", "Durand", "Marie-Claude D."),
    Voice("karim.benali", "Karim", "Benali", "Karim B."),
    Voice("sophie.lambert", "Sophie", "Lambert", "Sophie L."),
    Voice("gerard.faure", "Gérard", "Faure", "Gérard F."),
    Voice("lina.morel", "Lina", "Morel", "Lina"),
    Voice("hugo.blanc", "Hugo", "Blanc", "Hugo B."),
    Voice("fatou.ndiaye", "Fatou", "Ndiaye", "Fatou N."),
    Voice("pierre.roux", "Pierre", "Roux", ""),
)

#: The staff account that answers for the Centre-Ville and speaks for the tram project.
ELECTED_OFFICIAL_EMAIL_LOCAL = "elue"
#: The staff account that writes the town's news and announcements.
COMMUNICATION_EMAIL_LOCAL = "communication"
#: The staff account that runs the youth council.
YOUTH_COUNCIL_FACILITATOR_EMAIL_LOCAL = "famille"
#: The staff account of the technical services, who handle the residents' reports; it is
#: also the hiring manager of the gardener's post.
TECHNICAL_SERVICES_EMAIL_LOCAL = "technique"
#: The staff account of human resources: job offers and applications.
HR_EMAIL_LOCAL = "rh"
