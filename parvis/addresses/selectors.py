"""Reads about addresses: the autocomplete's search and resolving what someone typed.

Every function here issues a fixed number of queries, whatever the size of the table: the
words are found by a range on their index, at most `limit` streets or addresses are read,
and their neighbourhoods come in one more query (`parvis.spaces.selectors.spaces_at`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from parvis.addresses.matching import fold_name, parse_query, prefix_end
from parvis.addresses.models import Address, Street, StreetWord
from parvis.spaces.models import Space
from parvis.spaces.selectors import spaces_at

#: Results of the autocomplete.
LIMIT = 10


def _streets_matching(words: tuple[str, ...], prefix: str) -> QuerySet[Street]:
    """Streets that have every one of `words` and a word beginning with `prefix`."""
    streets = Street.objects.all()
    for word in sorted(set(words)):
        streets = streets.filter(id__in=StreetWord.objects.filter(word=word).values("street_id"))
    return streets.filter(
        id__in=StreetWord.objects.filter(word__gte=prefix, word__lt=prefix_end(prefix)).values(
            "street_id"
        )
    )


def address_search(text: str, *, limit: int = LIMIT) -> list[Address]:
    """Up to `limit` addresses for what someone is typing ("12 rue de la ga"), street
    included: with a house number, that number in each matching street (its suffix too, if
    typed); without one, the first numbers of the first matching streets. Ordered by street
    name, then number. Two queries."""
    query = parse_query(text)
    if query.is_empty:
        return []
    streets = _streets_matching(query.words, query.prefix)
    addresses = Address.objects.select_related("street")
    if query.number is not None:
        addresses = addresses.filter(number=query.number, street__in=streets)
        if query.suffix:
            addresses = addresses.filter(suffix=query.suffix)
    else:
        first = list(streets.order_by("name_folded", "id").values_list("id", flat=True)[:limit])
        addresses = addresses.filter(street_id__in=first)
    return list(
        addresses.order_by("street__name_folded", "street_id", "number", "suffix", "id")[:limit]
    )


@dataclass(frozen=True)
class Found:
    address: Address
    neighbourhood: Space | None


def address_search_with_neighbourhoods(text: str, *, limit: int = LIMIT) -> list[Found]:
    """`address_search` with the neighbourhood each address lies in (one more query)."""
    addresses = address_search(text, limit=limit)
    neighbourhoods = spaces_at([(address.lat, address.lon) for address in addresses])
    return [
        Found(address=address, neighbourhood=space)
        for address, space in zip(addresses, neighbourhoods, strict=True)
    ]


@dataclass(frozen=True)
class Resolution:
    """What a typed address stands for: one address, or the candidates to choose from."""

    address: Address | None
    candidates: list[Address]


def address_resolve(text: str, *, choice: str = "") -> Resolution:
    """The address someone typed or chose. `choice`, a BAN id picked among candidates, wins
    if it is known. Otherwise the text must match one address: its whole label (as the
    autocomplete fills it in) or the only result of the search."""
    if choice:
        chosen = Address.objects.select_related("street").filter(ban_id=choice).first()
        if chosen is not None:
            return Resolution(address=chosen, candidates=[])
    candidates = address_search(text)
    typed = fold_name(text)
    exact = [address for address in candidates if fold_name(address.label) == typed]
    if len(exact) == 1:
        return Resolution(address=exact[0], candidates=[])
    if len(candidates) == 1:
        return Resolution(address=candidates[0], candidates=[])
    return Resolution(address=None, candidates=candidates)
