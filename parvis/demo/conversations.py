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


@dataclass(frozen=True)
class Saying:
    """What a resident says, with the answers that fit it (and nothing else gets them)."""

    text: str
    #: What other residents may answer.
    replies: tuple[str, ...] = ()
    #: What the town answers, when the resident asks something the town can answer.
    town_reply: str = ""
    #: Words one of which the title of the news must hold for this to be said under it (a
    #: question about the market goes under works near the market); none: any news.
    about: tuple[str, ...] = ()

    def fits(self, title: str) -> bool:
        return not self.about or any(words in title for words in self.about)


def _s(text: str, *replies: str, town: str = "", about: tuple[str, ...] = ()) -> Saying:
    signed = f"Bonjour, {town} — Le service communication" if town else ""
    return Saying(text, replies, signed, about)


#: What residents say under news, by subject of the news.
SAYINGS: dict[str, tuple[Saying, ...]] = {
    "roadworks": (
        _s("Enfin ! Les nids-de-poule devenaient dangereux pour les vélos.",
           "Oui, j'ai failli tomber le mois dernier à cause d'un trou.", about=("chaussée",)),
        _s("Est-ce que le marché du samedi est maintenu pendant le chantier ?",
           town="oui : le marché garde sa place et l'accès piéton est maintenu pendant tout "
           "le chantier.", about=("rue Nationale", "place du Marché", "boulevard des Remparts")),
        _s("Merci pour l'information, je prendrai un autre chemin pour aller au travail."),
        _s("Le bruit commence à quelle heure le matin ? Je travaille de nuit.",
           town="le chantier commence à 8 h et s'arrête à 17 h, sans travaux le week-end."),
        _s("Pourvu que les arbres soient replantés à la fin, la rue était plus agréable avec.",
           "C'est prévu d'après la réunion de quartier : des tilleuls, je crois.",
           about=("réseaux", "conduites", "trottoirs")),
        _s("Les livraisons pour les commerces pourront-elles passer ?",
           town="oui, les livraisons restent possibles de 6 h à 11 h."),
        _s("Très bien, mais pensez aux personnes en fauteuil pendant les travaux.",
           "Tout à fait, le trottoir provisoire est trop étroit devant la pharmacie."),
    ),
    "canteen": (
        _s("Mon fils adore le clafoutis de la cantine, il en parle tous les soirs !",
           "Le mien aussi, il réclame la recette !"),
        _s("Bravo pour le bio et le local, c'est un vrai progrès."),
        _s("Est-ce qu'il existe un menu sans porc ou sans viande tous les jours ?",
           town="un plat sans viande est proposé chaque jour ; les menus sont affichés à "
           "l'entrée des écoles."),
        _s("Les portions sont-elles adaptées aux plus grands ? Ma fille a toujours faim le soir.",
           "Les CM2 peuvent se resservir en légumes et en pain, d'après la directrice."),
        _s("Merci aux cuisiniers, on sent la différence avec le fait maison."),
    ),
    "school": (
        _s("Super projet, les enfants en parlent beaucoup à la maison."),
        _s("Merci aux enseignants et aux agents de l'école pour leur investissement."),
        _s("Est-ce que les parents pourront visiter ?",
           "La directrice parlait d'une matinée portes ouvertes avant les vacances.",
           about=("bibliothèque", "potager", "cour")),
        _s("J'y étais élève il y a trente ans, ça fait plaisir de la voir rénovée.",
           "Moi aussi ! La cour n'a plus rien à voir.", about=("rénove", "fenêtres")),
        _s("Enfin de l'ombre dans la cour, les étés sont devenus trop chauds.", about=("cour",)),
    ),
    "festival": (
        _s("Quelle belle soirée l'an dernier, on reviendra en famille !",
           "On s'est peut-être croisés, c'était très réussi.", about=("revient", "programme")),
        _s("Y aura-t-il des toilettes accessibles sur place ?",
           town="oui, des toilettes accessibles sont prévues près de la scène.",
           about=("revient", "programme")),
        _s("Je suis partant pour être bénévole, qui faut-il contacter ?",
           "Le service culturel, à l'hôtel de ville : j'y suis passée la semaine dernière.",
           about=("bénévoles",)),
        _s("Le programme est superbe cette année, bravo aux organisateurs.",
           about=("programme",)),
        _s("Pensez à prévoir plus d'arceaux pour les vélos, c'était plein.",
           "Bonne remarque, j'ai dû attacher le mien à une grille.", about=("retour",)),
        _s("Merci à tous les bénévoles, quelle ambiance !", about=("retour",)),
    ),
    "council": (
        _s("Merci pour ce résumé clair des décisions."),
        _s("Est-ce que les séances sont filmées ? Je ne peux pas me déplacer le soir.",
           town="les séances sont retransmises en direct et restent en ligne ensuite."),
        _s("Bonne nouvelle pour les familles."),
        _s("Où peut-on consulter le détail du budget ?",
           "Le document complet est consultable à l'accueil de la mairie."),
    ),
    "library": (
        _s("Ma fille adore l'heure du conte, merci à l'équipe !", about=("conte",)),
        _s("Merci à l'équipe de la médiathèque, toujours de bon conseil."),
        _s("Est-ce qu'il faut être inscrit pour participer ?",
           "Non, j'y suis allé sans carte, il suffit de réserver à l'accueil."),
        _s("La médiathèque est un vrai lieu de vie pour le quartier."),
    ),
    "sport": (
        _s("Bravo aux joueurs et aux entraîneurs, quelle saison !",
           about=("champion", "division")),
        _s("Les vestiaires auraient besoin d'un coup de neuf.",
           "C'est vrai, les douches du complexe sont souvent froides."),
        _s("Est-ce qu'il reste des places pour les enfants de 8 ans ?",
           "Il en restait au forum des associations, demandez au club.",
           about=("Portes ouvertes",)),
        _s("Félicitations, on était nombreux à les encourager dimanche.",
           about=("champion", "division")),
    ),
    "nature": (
        _s("Merci pour les plantations, le quartier change de visage.", about=("arbres", "plantés")),
        _s("Qui arrose les jeunes arbres pendant l'été ?",
           "Les jardiniers de la ville passent avec une citerne, je les ai vus en juillet.",
           about=("arbres", "plantés")),
        _s("Excellente initiative, on a besoin d'ombre en ville.", about=("arbres", "plantés")),
        _s("Peut-on proposer des emplacements pour de nouveaux arbres ?",
           "Oui, dans l'espace Transition écologique de ce site.", about=("arbres", "plantés")),
        _s("Bonne initiative, merci aux services de la ville."),
    ),
    "tram": (
        _s("Vivement 2029 ! Le bus est saturé le matin.",
           "Pareil sur la ligne 2, on voyage debout."),
        _s("Les travaux de nuit sont vraiment bruyants, y a-t-il des protections prévues ?",
           town="des écrans acoustiques sont installés près des logements pour les travaux de "
           "nuit."),
        _s("Le tracé passera-t-il devant la piscine ?",
           "Non, la piscine est à La Prairie, le tram passe plus au nord."),
        _s("Merci pour les informations régulières sur le chantier."),
        _s("Les commerçants du boulevard souffrent, l'aide arrive-t-elle bientôt ?",
           "La boulangerie a reçu la sienne le mois dernier, d'après la patronne.",
           about=("commerçants", "rails")),
    ),
    "solidarity": (
        _s("Merci aux bénévoles, c'est ça l'esprit de notre ville."),
        _s("Je peux donner quelques heures le samedi, comment s'inscrire ?",
           "J'ai appelé le CCAS, ils m'ont rappelée dans la journée.",
           about=("bénévoles", "Collecte", "transport")),
        _s("Ma voisine âgée ne lit pas internet : ce serait bien de l'afficher dans les halls.",
           "Bonne idée, je l'imprime pour le hall de notre immeuble.",
           about=("froid", "Canicule", "transport")),
        _s("Beau geste, bravo à toutes les équipes."),
    ),
}  # fmt: skip

#: What residents say under announcements, by topic (`bulletins.Template.topic`).
ANNOUNCEMENT_SAYINGS: dict[str, tuple[Saying, ...]] = {
    "event": (
        _s("On y sera en famille, merci pour l'annonce !"),
        _s("Faut-il réserver ?", "Non, on y était l'an dernier sans réservation."),
        _s("Super idée, il en faudrait plus souvent."),
    ),
    "meeting": (
        _s("Merci, je viendrai avec mes questions sur le stationnement."),
        _s("Est-ce que ce sera aussi diffusé en ligne ?"),
    ),
    "works": (
        _s("Merci de prévenir à l'avance, c'est précieux."),
        _s("Combien de temps exactement ? Je dois sortir la voiture le matin.",
           "Ils ont mis des panneaux avec les horaires au bout de la rue."),
    ),
    "closure": (
        _s("Merci pour l'information, je repasserai un autre jour."),
        _s("Dommage, mais c'est compréhensible."),
    ),
    "service": (
        _s("Très pratique, merci pour ce service."),
        _s("Est-ce ouvert à tous les habitants ?", "Oui, il suffit d'habiter la ville."),
    ),
    "signup": (
        _s("Inscription faite, merci pour le rappel !"),
        _s("Jusqu'à quand peut-on s'inscrire ?", "C'est indiqué sur la fiche à l'accueil."),
    ),
    "solidarity": (
        _s("Merci aux bénévoles, c'est ça l'esprit de notre ville."),
        _s("Je déposerai quelque chose samedi."),
    ),
    "canteen": (
        _s("Mon fils va être ravi !"),
        _s("Merci pour ces menus variés."),
    ),
    "news": (
        _s("Bonne nouvelle, merci !"),
        _s("Je ne savais pas, merci pour l'info."),
    ),
}  # fmt: skip

#: What residents say on space pages, by page slug.
PAGE_SAYINGS: dict[str, tuple[Saying, ...]] = {
    "histoire": (
        _s("Mon grand-père me racontait cette époque, merci de la faire revivre."),
        _s("Y a-t-il des photos anciennes aux archives municipales ?",
           "Oui, les archives en ont des boîtes entières : demandez à la salle de lecture."),
        _s("Passionnant ! On pourrait organiser une visite commentée du quartier."),
    ),
    "infos-pratiques": (
        _s("Les horaires de l'accueil ont changé, non ? Ils étaient différents le mois dernier."),
        _s("Merci pour ce récapitulatif bien utile pour les nouveaux arrivants."),
    ),
    "vie-du-quartier": (
        _s("La fête des voisins de l'an dernier était formidable."),
        _s("Le repair café m'a sauvé mon grille-pain, merci aux bénévoles !"),
    ),
    "impacts-des-travaux": (
        _s("Le boulevard sera-t-il fermé aussi le week-end ?"),
        _s("Merci pour la carte des déviations, c'est clair."),
    ),
    "questions-frequentes": (_s("Les vélos seront-ils acceptés dans le tram ?"),),
}  # fmt: skip

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
    sayings: tuple[Saying, ...],
    top_count: int,
    start_hours: float = 2.0,
) -> None:
    """Append `top_count` comments on `target`, some with a reply that answers them."""
    authors = rng.sample(RESIDENTS, top_count)
    town_answered = False  # the town answers once per thread
    for author, saying in zip(authors, rng.sample(sayings, top_count), strict=True):
        index = len(out)
        out.append(CommentText(target, author, saying.text, hours=start_hours + rng.uniform(0, 48)))
        if saying.town_reply and not town_answered and rng.random() < 0.6:
            out.append(
                CommentText(target, TOWN_ACCOUNT, saying.town_reply, index, rng.uniform(2, 20))
            )
            town_answered = True
        elif saying.replies and rng.random() < 0.45:
            replier = rng.choice([r for r in RESIDENTS if r != author])
            body = rng.choice(saying.replies)
            out.append(CommentText(target, replier, body, index, rng.uniform(1, 30)))


@cache
def comments() -> tuple[CommentText, ...]:
    """Every comment of the demo town, parents before their replies."""
    rng = random.Random("parvis-demo-comments")
    out: list[CommentText] = []
    published = [a for a in stories.articles() if a.status == "published"]
    open_articles = [a for a in published if a.space not in _BEFORE]
    for article in open_articles:
        count = rng.choices((0, 1, 2, 3, 4), weights=(45, 22, 16, 11, 6))[0]
        sayings = tuple(s for s in SAYINGS[article.subject] if s.fits(article.title))
        if count and sayings:
            _thread(
                rng,
                out,
                target=("article", article.slug),
                sayings=sayings,
                top_count=min(count, len(sayings)),
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
            sayings=ANNOUNCEMENT_SAYINGS[announcement.topic],
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
