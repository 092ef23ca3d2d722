"""Public datasets: what each app offers the open-data catalogue, declared in its manifest.

    dataset(
        "spaces",
        title=_("Neighbourhoods, projects, councils and themes"),
        description=_("The spaces of the town's site, with their address."),
        columns=("slug", "name", "kind", "summary", "url"),
        rows=public_space_rows,
    )

`rows()` yields one dict per public row (never a draft, a hidden contribution or a person's
data), keyed by `columns`, plain values only (text, numbers, dates): the catalogue writes
them as CSV and JSON and describes them in DCAT-AP. `schema` is the address of the Table
Schema the rows follow when one exists (the French SCDL schemas, in the design repository's
`shared/data/`); `licence` defaults to the Licence Ouverte 2.0 of Etalab.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from parvis.core.registry import Registry

ETALAB_2 = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"


@dataclass(frozen=True)
class Dataset:
    key: str
    title: Any
    description: Any
    columns: tuple[str, ...]
    rows: Callable[[], Iterable[dict[str, Any]]]
    schema: str = ""
    licence: str = ETALAB_2


_datasets: Registry[Dataset] = Registry("dataset")


def dataset(
    key: str,
    *,
    title: Any,
    description: Any,
    columns: tuple[str, ...],
    rows: Callable[[], Iterable[dict[str, Any]]],
    schema: str = "",
    licence: str = ETALAB_2,
) -> Dataset:
    """Offer a public dataset to the open-data catalogue."""
    if not key or not key.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"{key!r} is not a dataset key (letters, digits, - and _).")
    if len(set(columns)) != len(columns) or not columns:
        raise ValueError(f"The columns of {key!r} must be distinct, and at least one.")
    entry = Dataset(
        key=key,
        title=title,
        description=description,
        columns=tuple(columns),
        rows=rows,
        schema=schema,
        licence=licence,
    )
    return _datasets.add(key, entry)


def datasets() -> list[Dataset]:
    return _datasets.values()


def dataset_rows(key: str) -> list[dict[str, Any]]:
    """The rows of dataset `key`, each with exactly its columns, in their order."""
    entry = _datasets[key]
    return [{column: row.get(column) for column in entry.columns} for row in entry.rows()]
