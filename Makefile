# The two commands a person needs: `make run` opens the player, `make test` runs the tests.
# Both set everything up first (tools/bootstrap.sh): system packages, then .venv.
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint typecheck check-imports bench clean sounds

$(VENV)/.installed: pyproject.toml tools/bootstrap.sh
	tools/bootstrap.sh

run: $(VENV)/.installed
	$(BIN)/mindful

test: $(VENV)/.installed
	$(BIN)/pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(VENV)/.installed
	$(BIN)/mypy

check-imports: $(VENV)/.installed
	$(BIN)/lint-imports

bench: $(VENV)/.installed
	$(BIN)/python benchmarks/run.py

sounds: $(VENV)/.installed
	$(BIN)/python tools/make_sounds.py

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache

.PHONY: fuzz bench-long
bench-long: $(VENV)/.installed
	$(BIN)/python benchmarks/long_session.py --minutes 60

fuzz: $(VENV)/.installed
	$(BIN)/python benchmarks/fuzz.py --examples 100000
