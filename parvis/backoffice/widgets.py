"""Form widgets of the back office."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.functional import Promise


class LabelledAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete select for an optional relation, its empty choice labelled.

    Django writes the empty choice as `<option value=""></option>`: invalid HTML (an option
    needs a label unless it is the placeholder of a required select) and read as nothing
    without JavaScript. Here it says what the empty choice means, in the list and, with
    JavaScript, as the placeholder of the search box.
    """

    def __init__(self, *args: Any, empty_label: str | Promise, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.empty_label = empty_label

    def build_attrs(self, base_attrs: dict, extra_attrs: dict | None = None) -> dict:
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-placeholder"] = str(self.empty_label)
        return attrs

    def optgroups(self, name: str, value: Sequence[str], attr: dict | None = None) -> list:
        groups = super().optgroups(name, value, attr)
        for _group, options, _index in groups:
            for option in options:
                if option["value"] == "":
                    option["label"] = str(self.empty_label)
        return groups
