"""Parvis: a town's whole public digital presence, in one place it owns."""

__version__ = "0.1.0"
