"""A small Open311 GeoReport v2 client written from the specification
(http://wiki.open311.org/GeoReport_v2), kept apart from the server it tests: it speaks
HTTP with `requests` and parses JSON and XML with its own code.

No client from PyPI fits: `georeport` 0.3.1 cannot post requests nor read tokens, and pins
xmltodict below 0.15 where the project's tests pin 1.0.4; `open311` and `three` are
Python 2 era wrappers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from xml.etree import ElementTree as ET

import requests

#: Elements whose children form a list, whatever their number.
_LISTS = {
    "services",
    "service_requests",
    "errors",
    "attributes",
    "values",
    "endpoints",
    "formats",
}


class Open311Error(Exception):
    def __init__(self, status: int, errors: list[dict[str, Any]]) -> None:
        super().__init__(status, errors)
        self.status = status
        self.errors = errors


def _element(element: ET.Element) -> Any:
    if element.tag in _LISTS:
        return [_element(child) for child in element]
    if len(element) == 0:
        return element.text or ""
    return {child.tag: _element(child) for child in element}


def parse_xml(body: bytes) -> Any:
    return _element(ET.fromstring(body))  # noqa: S314 (the server under test)


@dataclass
class Client:
    root: str
    fmt: str = "json"
    api_key: str = ""
    jurisdiction_id: str = ""

    def _decode(self, response: requests.Response) -> Any:
        if self.fmt == "xml":
            assert response.headers["Content-Type"].startswith("text/xml")
            data = parse_xml(response.content)
        else:
            assert response.headers["Content-Type"].startswith("application/json")
            data = response.json()
        if response.status_code >= 400:
            raise Open311Error(response.status_code, data)
        return data

    def _params(self, **params: Any) -> dict[str, Any]:
        if self.jurisdiction_id:
            params["jurisdiction_id"] = self.jurisdiction_id
        return {k: v for k, v in params.items() if v not in (None, "")}

    def get(self, path: str, **params: Any) -> Any:
        response = requests.get(
            f"{self.root}/{path}.{self.fmt}", params=self._params(**params), timeout=30
        )
        return self._decode(response)

    def discovery(self) -> Any:
        return self.get("discovery")

    def services(self) -> list[dict[str, Any]]:
        return self.get("services")

    def service_definition(self, code: str) -> dict[str, Any]:
        return self.get(f"services/{code}")

    def requests(self, **filters: Any) -> list[dict[str, Any]]:
        return self.get("requests", **filters)

    def request(self, service_request_id: str) -> dict[str, Any]:
        return self.get(f"requests/{service_request_id}")[0]

    def token(self, token: str) -> dict[str, Any]:
        return self.get(f"tokens/{token}")[0]

    def post_request(self, *, attributes: dict[str, str] | None = None, **fields: Any) -> Any:
        data = self._params(api_key=self.api_key, **fields)
        for code, value in (attributes or {}).items():
            data[f"attribute[{code}]"] = value
        response = requests.post(f"{self.root}/requests.{self.fmt}", data=data, timeout=30)
        return self._decode(response)[0]
