#!/usr/bin/env python3
"""Django's manage.py, for developers' habits; administrators use the `parvis` command."""

from parvis.__main__ import main

if __name__ == "__main__":
    main()
