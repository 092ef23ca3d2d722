"""Parvis's settings with the notice board installed: the only change a town makes to add a
feature app is to install it."""

from parvis.settings import *  # noqa: F403
from parvis.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.sampleapp"]
