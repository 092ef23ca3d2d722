"""A feature app that exists only for the tests: a notice board where residents pin notices
in their neighbourhood's space.

It proves the app contract (docs/where-things-go.md): it lives entirely in this folder, and
everything it brings to the shared mechanisms and pages (comments, moderation, search,
follow and e-mail, feeds, sections of the home page and of a space's page, its own pages) is
declared in its `manifest.py`; not a line outside this folder names it. `settings.py` here
installs it on top of Parvis's settings; `scenario.py` shows each part working, run by
`tests/test_sample_app.py` in a pytest of its own.
"""
