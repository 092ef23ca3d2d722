"""Everything the agenda brings to the shared mechanisms, in one place."""

from __future__ import annotations
