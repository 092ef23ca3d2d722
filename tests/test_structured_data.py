"""What search engines and link previews read in a page's <head>, parsed as they parse it.

`extruct` (the parser of Scrapy's ecosystem) reads the JSON-LD and OpenGraph data; the
<title>, the meta description, Twitter card tags and <link> elements are read with
BeautifulSoup. Every public page type is checked in French and in English.
"""

from __future__ import annotations

import extruct
import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders
from PIL import Image

from parvis.news.models import Announcement
from parvis.news.services import announcement_publish, announcement_save
from parvis.spaces.tests.factories import make_space

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
TOWN = "Villeneuve-du-Parvis"
SHARE_IMAGE = f"{SITE}/static/parvis/img/share.png"

# path (French), the JSON-LD types it carries, its og:type.
PAGES = {
    "home": ("/", ["GovernmentOrganization"], "website"),
    "news list": ("/news/", ["BreadcrumbList"], "website"),
    "article": ("/news/new-library/", ["NewsArticle", "BreadcrumbList"], "article"),
    "announcement list": ("/announcements/", ["BreadcrumbList"], "website"),
    "announcement": ("/announcements/{announcement}/", ["BreadcrumbList"], "website"),
    "space list": ("/spaces/", [], "website"),
    "space kind list": ("/spaces/kind/neighbourhood/", ["BreadcrumbList"], "website"),
    "space kind list, page 2": ("/spaces/kind/project/?page=2", ["BreadcrumbList"], "website"),
    "space": ("/spaces/vieux-bourg/", ["BreadcrumbList"], "website"),
    "space page": ("/spaces/vieux-bourg/pages/histoire/", ["BreadcrumbList"], "website"),
    "space news": ("/spaces/vieux-bourg/news/", ["BreadcrumbList"], "website"),
    "space announcements": ("/spaces/vieux-bourg/announcements/", ["BreadcrumbList"], "website"),
    "tag": ("/tags/travaux/", ["BreadcrumbList"], "website"),
    "search": ("/search/?q=bourg", [], "website"),
    "report list": ("/reports/", ["BreadcrumbList"], "website"),
    "report": ("/reports/VB0001/", ["Report", "BreadcrumbList"], "article"),
    "roadworks list": ("/roadworks/", ["BreadcrumbList"], "website"),
    "works": ("/roadworks/rue-de-la-halle/", ["Event", "BreadcrumbList"], "article"),
    "roadworks map": ("/roadworks/map/", ["BreadcrumbList"], "website"),
    "roadworks near": ("/roadworks/near/", ["BreadcrumbList"], "website"),
    "jobs": ("/jobs/", ["BreadcrumbList"], "website"),
    "job offer": ("/jobs/agent-des-espaces-verts/", ["JobPosting", "BreadcrumbList"], "article"),
    "job application form": ("/jobs/agent-des-espaces-verts/apply/", ["BreadcrumbList"], "website"),
    "spontaneous application": ("/jobs/applications/new/", ["BreadcrumbList"], "website"),
    "canteen menus": ("/family/menus/", ["Menu", "BreadcrumbList"], "website"),
    "directory": ("/directory/", ["BreadcrumbList"], "website"),
    "directory entry": ("/directory/mairie/", ["GovernmentOffice", "BreadcrumbList"], "place"),
    "directory entry history": ("/directory/mairie/history/", ["BreadcrumbList"], "website"),
    "directory map": ("/directory/map/", ["BreadcrumbList"], "website"),
    "directory near": ("/directory/near/", ["BreadcrumbList"], "website"),
    "photos": ("/photos/", ["BreadcrumbList"], "website"),
    "photo albums": ("/photos/albums/", ["BreadcrumbList"], "website"),
    "photo album": ("/photos/albums/le-marche/", ["BreadcrumbList"], "website"),
    "photos by month": ("/photos/months/", ["BreadcrumbList"], "website"),
    "photos of a month": ("/photos/months/2026/5/", ["BreadcrumbList"], "website"),
    "photo": ("/photos/{photo}/", ["ImageObject", "BreadcrumbList"], "website"),
    "wiki": ("/wiki/", ["BreadcrumbList"], "website"),
    "videos": ("/videos/", ["BreadcrumbList"], "website"),
    "video category": ("/videos/categories/conseil/", ["BreadcrumbList"], "website"),
    "video playlist": ("/videos/playlists/le-mandat/", ["BreadcrumbList"], "website"),
    "uploaded video": (
        "/videos/seance-du-conseil/",
        ["VideoObject", "BreadcrumbList"],
        "video.other",
    ),
    "video elsewhere": ("/videos/concert-d-ete/", ["VideoObject", "BreadcrumbList"], "video.other"),
    "wiki article": ("/wiki/le-lavoir/", ["Article", "BreadcrumbList"], "article"),
    "wiki history": ("/wiki/le-lavoir/history/", ["BreadcrumbList"], "website"),
    "wiki differences": ("/wiki/le-lavoir/diff/", ["BreadcrumbList"], "website"),
    "wiki talk": ("/wiki/le-lavoir/talk/", ["BreadcrumbList"], "website"),
    "wiki recent changes": ("/wiki/recent/", ["BreadcrumbList"], "website"),
    "wiki category": ("/wiki/category/lieux/", ["BreadcrumbList"], "website"),
    "podcasts": ("/podcasts/", ["BreadcrumbList"], "website"),
    "podcast show": ("/podcasts/la-voix-du-bourg/", ["PodcastSeries", "BreadcrumbList"], "website"),
    "podcast episode": (
        "/podcasts/la-voix-du-bourg/le-marche/",
        ["PodcastEpisode", "BreadcrumbList"],
        "article",
    ),
    "observation campaigns": ("/observations/", ["BreadcrumbList"], "website"),
    "observation campaign": (
        "/observations/nez-du-bourg/",
        ["Dataset", "BreadcrumbList"],
        "website",
    ),
    "consultations": ("/consultations/", ["BreadcrumbList"], "website"),
    "consultation": (
        "/consultations/budget-du-bourg/",
        ["Question", "BreadcrumbList"],
        "website",
    ),
    "consultation results": (
        "/consultations/nom-de-la-halle/results/",
        ["BreadcrumbList"],
        "website",
    ),
    "legal notice": ("/legal/notice/", [], "website"),
    "accessibility": ("/legal/accessibility/", [], "website"),
    "privacy": ("/legal/privacy/", [], "website"),
}


def english(path: str) -> str:
    return f"/en{path}"


def read(client, path: str) -> tuple[BeautifulSoup, dict]:
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    data = extruct.extract(html, base_url=SITE + path, syntaxes=["json-ld", "opengraph"])
    return BeautifulSoup(html, "html.parser"), data


def og(data: dict) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for block in data["opengraph"]:
        for key, value in block["properties"]:
            found.setdefault(key, []).append(value)
    return found


def path_of(name: str, town_content) -> str:
    return PAGES[name][0].format(
        announcement=town_content.announcement.pk, photo=town_content.photo.pk
    )


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_public_page_describes_itself_with_absolute_addresses(
    client, town_content, name, language
):
    french = path_of(name, town_content)
    path = french if language == "fr" else english(french)
    _, types, og_type = PAGES[name]

    soup, data = read(client, path)

    assert [block["@type"] for block in data["json-ld"]] == types
    tags = og(data)
    assert tags["og:site_name"] == [TOWN]
    assert tags["og:type"] == [og_type]
    assert tags["og:url"] == [SITE + path]
    assert tags["og:locale"] == [{"fr": "fr_FR", "en": "en_GB"}[language]]
    assert tags["og:locale:alternate"] == [{"fr": "en_GB", "en": "fr_FR"}[language]]
    assert len(tags["og:title"]) == 1 and tags["og:title"][0]
    assert len(tags["og:description"]) == 1 and tags["og:description"][0]
    # A picture of the page's own, or else the town's: every preview shows one.
    (image,) = tags["og:image"]
    assert image.startswith(f"{SITE}/media/") or image == SHARE_IMAGE
    assert soup.select_one('meta[name="twitter:image"]')["content"] == image
    description = soup.select('meta[name="description"]')
    assert [m["content"] for m in description] == tags["og:description"]
    assert soup.select_one('meta[name="twitter:card"]')["content"] in (
        "summary",
        "summary_large_image",
    )
    assert soup.select_one('meta[name="twitter:title"]')["content"] == tags["og:title"][0]
    assert [link["href"] for link in soup.select('link[rel="canonical"]')] == [SITE + path]
    alternates = {link["hreflang"]: link["href"] for link in soup.select("link[hreflang]")}
    assert alternates == {
        "fr": SITE + french,
        "en": SITE + english(french),
        "x-default": SITE + french,
    }


def test_the_home_page_presents_the_town_as_a_government_organization(client):
    _, data = read(client, "/")

    assert data["json-ld"] == [
        {
            "@context": "https://schema.org",
            "@type": "GovernmentOrganization",
            "name": TOWN,
            "url": f"{SITE}/",
            "logo": f"{SITE}/static/parvis/img/town-logo.svg",
            "address": {
                "@type": "PostalAddress",
                "streetAddress": "1 place de la Mairie",
                "postalCode": "36000",
                "addressLocality": TOWN,
                "addressCountry": "FR",
            },
            "email": "mairie@villeneuve-du-parvis.example",
            "telephone": "+33 2 00 00 00 00",
        }
    ]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    "name", sorted(n for n, page in PAGES.items() if "BreadcrumbList" in page[1])
)
def test_the_breadcrumb_list_says_what_the_visible_trail_says(client, town_content, name, language):
    french = path_of(name, town_content)
    path = french if language == "fr" else english(french)

    soup, data = read(client, path)

    (trail,) = [block for block in data["json-ld"] if block["@type"] == "BreadcrumbList"]
    visible = [(a.text, SITE + a["href"]) for a in soup.select("nav.breadcrumbs a")]
    assert [(item["name"], item["item"]) for item in trail["itemListElement"]] == visible
    assert [item["position"] for item in trail["itemListElement"]] == list(
        range(1, len(visible) + 1)
    )
    # The last crumb is the page itself (a list's first page, for its later pages).
    assert visible[-1][1] == SITE + path.split("?")[0]
    assert soup.select("nav.breadcrumbs a")[-1]["aria-current"] == "page"


def test_an_article_s_trail_goes_through_its_space(client, town_content):
    _, data = read(client, "/en/news/new-library/")

    (trail,) = [block for block in data["json-ld"] if block["@type"] == "BreadcrumbList"]
    assert [(item["name"], item["item"]) for item in trail["itemListElement"]] == [
        ("Home", f"{SITE}/en/"),
        ("Vieux-Bourg", f"{SITE}/en/spaces/vieux-bourg/"),
        ("News", f"{SITE}/en/spaces/vieux-bourg/news/"),
        ("The library opens in the old presbytery", f"{SITE}/en/news/new-library/"),
    ]
    tags = og(data)
    assert tags["og:title"] == ["The library opens in the old presbytery"]
    assert tags["og:description"] == [
        "After two years of works, the library welcomes readers on Saturday."
    ]
    assert tags["og:image"] == [f"{SITE}{town_content.article.image.url}"]
    assert tags["og:image:alt"] == ["The new reading room, with its oak shelves"]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_page_titles_are_unique_and_name_the_town_once(client, town_content, language):
    titles = {}
    for name in PAGES:
        french = path_of(name, town_content)
        soup, _ = read(client, french if language == "fr" else english(french))
        titles[name] = soup.title.string

    assert sorted(set(titles.values())) == sorted(titles.values())
    assert all(title.count(TOWN) == 1 for title in titles.values()), titles
    assert titles["home"] == TOWN
    assert (
        titles["space kind list, page 2"]
        == {
            "fr": f"Projets — page 2 — {TOWN}",
            "en": f"Projects — page 2 — {TOWN}",
        }[language]
    )


def test_a_town_wide_announcement_does_not_name_the_town_twice(client, officer):
    announcement = announcement_save(
        announcement=Announcement(text="Town hall closed on Monday."), actor=officer, tags=[]
    )
    announcement_publish(announcement=announcement, actor=officer)

    soup, _ = read(client, f"/announcements/{announcement.pk}/")

    assert soup.title.string == f"Town hall closed on Monday. — {TOWN}"


def test_the_canonical_address_keeps_only_what_chooses_the_content(client, town_content):
    soup, data = read(client, "/spaces/kind/project/?utm_source=letter&page=1")

    assert soup.select_one('link[rel="canonical"]')["href"] == f"{SITE}/spaces/kind/project/"
    assert og(data)["og:url"] == [f"{SITE}/spaces/kind/project/"]
    alternates = {link["hreflang"]: link["href"] for link in soup.select("link[hreflang]")}
    assert alternates["en"] == f"{SITE}/en/spaces/kind/project/"


def test_a_space_with_a_cover_shows_it_in_link_previews(client, town_content):
    soup, data = read(client, "/spaces/vieux-bourg/")

    tags = og(data)
    assert tags["og:image"] == [f"{SITE}{town_content.neighbourhood.cover.url}"]
    assert tags["og:description"] == ["The old town around the church and the market hall."]
    assert soup.select_one('meta[name="twitter:card"]')["content"] == "summary_large_image"


@pytest.mark.parametrize(
    ("path", "alt"),
    [("/", f"L’emblème de {TOWN}"), ("/en/news/", f"The emblem of {TOWN}")],
)
def test_a_page_without_a_picture_shows_the_town_s_emblem_as_a_png(client, path, alt):
    soup, data = read(client, path)

    tags = og(data)
    assert tags["og:image"] == [SHARE_IMAGE]
    assert tags["og:image:width"] == ["1200"]
    assert tags["og:image:height"] == ["630"]
    assert tags["og:image:alt"] == [alt]
    assert soup.select_one('meta[name="twitter:image"]')["content"] == SHARE_IMAGE
    assert soup.select_one('meta[name="twitter:image:alt"]')["content"] == alt
    assert soup.select_one('meta[name="twitter:card"]')["content"] == "summary"
    # What the tags say of it is true of the static file shipped.
    with Image.open(finders.find("parvis/img/share.png")) as image:
        assert (image.format, image.size) == ("PNG", (1200, 630))


def test_a_town_s_own_share_picture_is_shown_with_its_own_alternative(client, settings):
    settings.PARVIS_TOWN = {
        **settings.PARVIS_TOWN,
        "share_image": "https://ville.example/partage.jpg",
        "share_image_alt": "La mairie vue depuis la place",
    }

    _, data = read(client, "/en/")

    tags = og(data)
    assert tags["og:image"] == ["https://ville.example/partage.jpg"]
    # An address of its own is not fetched to learn its size: no size is said.
    assert "og:image:width" not in tags and "og:image:height" not in tags
    assert tags["og:image:alt"] == ["La mairie vue depuis la place"]


def test_an_error_page_names_no_canonical_address(client):
    response = client.get("/news/nothing-here/")

    soup = BeautifulSoup(response.content, "html.parser")
    assert response.status_code == 404
    assert soup.select('link[rel="canonical"]') == []
    assert soup.title.string.count(TOWN) == 1


@pytest.mark.parametrize(
    ("path", "description"),
    [
        ("/news/", f"Les dernières actualités publiées par {TOWN}."),
        ("/en/news/", f"The latest news published by {TOWN}."),
        (
            "/tags/travaux/",
            f"Tout ce qui porte le mot-clé «\u00a0Travaux\u00a0» sur le site de {TOWN}.",
        ),
        (
            "/spaces/vieux-bourg/news/",
            f"Les dernières actualités de l’espace «\u00a0Vieux-Bourg\u00a0», publiées par {TOWN}.",
        ),
        (
            "/spaces/vieux-bourg/announcements/",
            "Les dernières annonces de l’espace «\u00a0Vieux-Bourg\u00a0».",
        ),
        (
            "/announcements/{announcement}/",
            "The market moves to the church square this Saturday.",
        ),
        (
            "/spaces/vieux-bourg/pages/histoire/",
            (
                # The page's Markdown as plain text: its headings, its sentences, its table.
                "Origins A village around a priory, walled in 1350. "
                "Today Year Residents 1900 1 200 2020 2 450"
            ),
        ),
    ],
)
def test_lists_and_pages_describe_what_they_hold(client, town_content, path, description):
    _, data = read(client, path.format(announcement=town_content.announcement.pk))

    assert og(data)["og:description"] == [description]


@pytest.mark.parametrize(
    ("town", "space", "title"),
    [
        (TOWN, f"Conseil municipal de {TOWN}", f"Conseil municipal de {TOWN}"),
        (TOWN, "Les Rives", f"Les Rives — {TOWN}"),
        # The town's name as a whole word: "Vic" is not named by "Victoire".
        ("Vic", "Quartier Victoire", "Quartier Victoire — Vic"),
        ("Vic", "Le port de Vic", "Le port de Vic"),
    ],
)
def test_the_town_is_named_once_in_a_title(client, settings, town, space, title):
    settings.PARVIS_TOWN = {**settings.PARVIS_TOWN, "name": town}
    make_space("s", name=space)

    soup, data = read(client, "/spaces/s/")

    assert soup.title.string == title
    assert og(data)["og:title"] == [space]
    assert og(data)["og:site_name"] == [town]
