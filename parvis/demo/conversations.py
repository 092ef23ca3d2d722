"""What the demo town's residents say: comments on news, announcements and space pages.

Drawn from a seeded generator, like `stories`: the same comments on every run. Most are
published at once (their spaces are moderated after publication); a few wait for a
moderator, so that the moderation dashboard has something to show:

- comments in the youth council's space, which is moderated before publication;
- one comment containing an expression of the demo's word list (`WORD_LIST`);
- and one published comment is flagged by another resident as off topic.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

from parvis.demo import bulletins, content, people, stories

#: The demo's word list: (expression, note for moderators). No other demo text uses them.
WORD_LIST: tuple[tuple[str, str], ...] = (
    ("arnaque", "Accusation sans preuve : à vérifier avant publication."),
    ("escroc", "Accusation visant une personne."),
    ("abruti", "Insulte."),
    ("crétin", "Insulte."),
)


@dataclass(frozen=True)
class CommentText:
    #: ("article", slug), ("announcement", text) or ("page", "space-slug/page-slug").
    target: tuple[str, str]
    #: The e-mail local part of the demo account that writes it.
    author: str
    body: str
    #: The index, in `comments()`, of the comment this one answers (one level of replies).
    reply_to: int | None = None
    #: Hours after the target's publication (or its parent comment) it was written; for
    #: comments waiting for a moderator, hours before the build (they read as fresh).
    hours: float = 0.0
    #: Written to wait for a moderator: "policy" (a space moderated before publication) or
    #: "word list"; "" for a comment published at once.
    held: str = ""
    #: Someone who flags it (a published comment), with a reason of `FlagReason`.
    flagged_by: str = ""
    flag_reason: str = ""


#: What residents say under news, by subject of the news.
SAYINGS: dict[str, tuple[str, ...]] = {
    "roadworks": (
        "Enfin ! Les nids-de-poule devenaient dangereux pour les vélos.",
        "Est-ce que le marché du samedi est maintenu pendant le chantier ?",
        "Merci pour l'information, je prendrai un autre chemin pour aller au travail.",
        "Le bruit commence à quelle heure le matin ? Je travaille de nuit.",
        "Pourvu que les arbres soient replantés à la fin, la rue était plus agréable avec.",
        "Les livraisons pour les commerces pourront-elles passer ?",
        "Très bien, mais pensez aux personnes en fauteuil pendant les travaux.",
    ),
    "canteen": (
        "Mon fils adore le clafoutis de la cantine, il en parle tous les soirs !",
        "Bravo pour le bio et le local, c'est un vrai progrès.",
        "Est-ce qu'il existe un menu sans porc ou sans viande tous les jours ?",
        "Les portions sont-elles adaptées aux plus grands ? Ma fille a toujours faim le soir.",
        "Merci aux cuisiniers, on sent la différence avec le fait maison.",
    ),
    "school": (
        "Super projet, les enfants en parlent beaucoup à la maison.",
        "Merci aux enseignants et aux agents de l'école pour leur investissement.",
        "Est-ce que les parents pourront visiter ?",
        "J'y étais élève il y a trente ans, ça fait plaisir de la voir rénovée.",
        "Enfin de l'ombre dans la cour, les étés sont devenus trop chauds.",
    ),
    "festival": (
        "Quelle belle soirée l'an dernier, on reviendra en famille !",
        "Y aura-t-il des toilettes accessibles sur place ?",
        "Je suis partant pour être bénévole, qui faut-il contacter ?",
        "Le programme est superbe cette année, bravo aux organisateurs.",
        "Pensez à prévoir plus d'arceaux pour les vélos, c'était plein.",
    ),
    "council": (
        "Merci pour ce résumé clair des décisions.",
        "Est-ce que les séances sont filmées ? Je ne peux pas me déplacer le soir.",
        "Bonne nouvelle pour les familles.",
        "Où peut-on consulter le détail du budget ?",
    ),
    "library": (
        "Ma fille adore l'heure du conte, merci à l'équipe !",
        "Les nouveaux horaires sont bien pratiques pour ceux qui travaillent.",
        "Est-ce qu'il faut être inscrit pour participer ?",
        "La médiathèque est un vrai lieu de vie pour le quartier.",
    ),
    "sport": (
        "Bravo aux joueurs et aux entraîneurs, quelle saison !",
        "Les vestiaires auraient besoin d'un coup de neuf.",
        "Est-ce qu'il reste des places pour les enfants de 8 ans ?",
        "Félicitations, on était nombreux à les encourager dimanche.",
    ),
    "nature": (
        "Merci pour les plantations, le quartier change de visage.",
        "Qui arrose les jeunes arbres pendant l'été ?",
        "Excellente initiative, on a besoin d'ombre en ville.",
        "Peut-on proposer des emplacements pour de nouveaux arbres ?",
    ),
    "tram": (
        "Vivement 2028 ! Le bus est saturé le matin.",
        "Les travaux de nuit sont vraiment bruyants, y a-t-il des protections prévues ?",
        "Le tracé passera-t-il devant la piscine ?",
        "Merci pour les informations régulières sur le chantier.",
        "Les commerçants du boulevard souffrent, l'aide arrive-t-elle bientôt ?",
    ),
    "solidarity": (
        "Merci aux bénévoles, c'est ça l'esprit de notre ville.",
        "Je peux donner quelques heures le samedi, comment s'inscrire ?",
        "Ma voisine âgée ne lit pas internet : ce serait bien de l'afficher dans les halls.",
        "Beau geste, bravo à toutes les équipes.",
    ),
}

#: Answers between residents.
REPLIES: tuple[str, ...] = (
    "Je me posais la même question, merci de l'avoir posée.",
    "D'après le panneau sur place, oui.",
    "Tout à fait d'accord avec vous.",
    "On s'est croisés sur place, c'était très réussi.",
    "Il me semble que l'accueil de la mairie peut renseigner.",
    "Bonne remarque, je n'y avais pas pensé.",
)

#: Answers from the communication officer, by subject of the news.
TOWN_REPLIES: dict[str, str] = {
    "roadworks": "Bonjour, oui : l'accès piéton est maintenu pendant tout le chantier et le "
    "marché garde sa place. — Le service communication",
    "canteen": "Bonjour, un plat sans viande est proposé chaque jour ; les menus sont affichés "
    "à l'entrée des écoles. — Le service communication",
    "council": "Bonjour, les séances sont retransmises en direct et restent en ligne ensuite. "
    "— Le service communication",
    "tram": "Bonjour, des écrans acoustiques sont installés près des logements pour les "
    "travaux de nuit. — Le service communication",
    "festival": "Bonjour, oui, des toilettes accessibles sont prévues près de la scène. — Le "
    "service communication",
}

#: What residents say on space pages, by page slug ("" for any page).
PAGE_SAYINGS: dict[str, tuple[str, ...]] = {
    "histoire": (
        "Mon grand-père me racontait cette époque, merci de la faire revivre.",
        "Y a-t-il des photos anciennes aux archives municipales ?",
        "Passionnant ! On pourrait organiser une visite commentée du quartier.",
    ),
    "infos-pratiques": (
        "Les horaires de l'accueil ont changé, non ? Ils étaient différents le mois dernier.",
        "Merci pour ce récapitulatif bien utile pour les nouveaux arrivants.",
    ),
    "vie-du-quartier": (
        "La fête des voisins de l'an dernier était formidable.",
        "Le repair café m'a sauvé mon grille-pain, merci aux bénévoles !",
    ),
    "impacts-des-travaux": (
        "Le boulevard sera-t-il fermé aussi le week-end ?",
        "Merci pour la carte des déviations, c'est clair.",
    ),
    "questions-frequentes": ("Les vélos seront-ils acceptés dans le tram ?",),
}

#: Who writes the comments: the demo's residents who can sign in, and the voices.
RESIDENTS: tuple[str, ...] = tuple(a.email_local for a in people.RESIDENT_ACCOUNTS) + tuple(
    v.email_local for v in people.VOICES
)
TOWN_ACCOUNT = people.COMMUNICATION_EMAIL_LOCAL

_BEFORE = (
    {content.YOUTH_COUNCIL.slug} if content.YOUTH_COUNCIL.moderation_policy == "before" else set()
)


def _thread(
    rng: random.Random,
    out: list[CommentText],
    *,
    target: tuple[str, str],
    sayings: tuple[str, ...],
    top_count: int,
    town_reply: str = "",
    start_hours: float = 2.0,
) -> None:
    """Append `top_count` comments on `target`, some with a reply."""
    authors = rng.sample(RESIDENTS, top_count)
    bodies = rng.sample(sayings, top_count)
    for author, body in zip(authors, bodies, strict=True):
        index = len(out)
        out.append(CommentText(target, author, body, hours=start_hours + rng.uniform(0, 48)))
        if town_reply and rng.random() < 0.5:
            out.append(CommentText(target, TOWN_ACCOUNT, town_reply, index, rng.uniform(2, 20)))
            town_reply = ""  # the town answers once per thread
        elif rng.random() < 0.3:
            replier = rng.choice([r for r in RESIDENTS if r != author])
            out.append(CommentText(target, replier, rng.choice(REPLIES), index, rng.uniform(1, 30)))


@cache
def comments() -> tuple[CommentText, ...]:
    """Every comment of the demo town, parents before their replies."""
    rng = random.Random("parvis-demo-comments")
    out: list[CommentText] = []
    published = [a for a in stories.articles() if a.status == "published"]
    open_articles = [a for a in published if a.space not in _BEFORE]
    for article in open_articles:
        count = rng.choices((0, 1, 2, 3, 4), weights=(45, 22, 16, 11, 6))[0]
        if count:
            _thread(
                rng,
                out,
                target=("article", article.slug),
                sayings=SAYINGS[article.subject],
                top_count=min(count, len(SAYINGS[article.subject])),
                town_reply=TOWN_REPLIES.get(article.subject, ""),
            )

    for neighbourhood in content.NEIGHBOURHOODS:
        for page in neighbourhood.pages():
            if rng.random() < 0.45:
                _thread(
                    rng,
                    out,
                    target=("page", f"{neighbourhood.slug}/{page.slug}"),
                    sayings=PAGE_SAYINGS[page.slug],
                    top_count=1,
                    start_hours=rng.uniform(24, 24 * 200),
                )
    for page_slug in ("impacts-des-travaux", "questions-frequentes"):
        sayings = PAGE_SAYINGS[page_slug]
        _thread(
            rng,
            out,
            target=("page", f"{content.TRAM.slug}/{page_slug}"),
            sayings=sayings,
            top_count=len(sayings),
            start_hours=rng.uniform(24, 24 * 60),
        )

    open_announcements = [
        a for a in bulletins.announcements() if a.published and a.space not in _BEFORE
    ]
    for announcement in rng.sample(open_announcements, 25):
        _thread(
            rng,
            out,
            target=("announcement", announcement.text),
            sayings=REPLIES[2:] + SAYINGS["solidarity"][3:] + SAYINGS["festival"][3:],
            top_count=1,
        )

    # One off-topic comment, flagged by another resident.
    article = open_articles[3]
    out.append(
        CommentText(
            ("article", article.slug),
            "pierre.roux",
            "Je vends un vélo d'enfant en bon état, 40 euros, me contacter.",
            hours=6.0,
            flagged_by="camille.martin",
            flag_reason="off_topic",
        )
    )
    # Held for review: one caught by the word list, in a space moderated after publication…
    roadworks = next(a for a in open_articles if a.subject == "roadworks")
    out.append(
        CommentText(
            ("article", roadworks.slug),
            "leo.bernard",
            "Trois mois pour refaire cent mètres de trottoir : c'est une arnaque, ce chantier !",
            hours=3.0,
            held="word list",
        )
    )
    # …and three in the youth council's space, moderated before publication.
    youth = content.YOUTH_COUNCIL.slug
    youth_article = next(a for a in published if a.space == youth)
    for target, author, body, hours in (
        (("page", f"{youth}/fonctionnement"), "aicha.diallo",
         "Est-ce que les collégiens de cinquième peuvent se présenter aussi ?", 5.0),
        (("page", f"{youth}/elections"), "karim.benali",
         "Mon fils voudrait être candidat : où trouve-t-on le formulaire ?", 20.0),
        (("article", youth_article.slug), "camille.martin",
         "Super projet, bravo aux jeunes élus !", 30.0),
    ):  # fmt: skip
        out.append(CommentText(target, author, body, hours=hours, held="policy"))
    return tuple(out)
