# Shortcuts; the README's two commands are the reference.
.PHONY: run test lint format bench

run:
	python3 dev.py run

test:
	python3 dev.py test

lint:
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/python -m mypy parvis

format:
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

bench:
	.venv/bin/python bench/run.py
