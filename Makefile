# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install run test lint typecheck bench clean

install: $(STAMP) .env

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Development settings for every command in README.md: DEBUG on and a random key of this
# machine's own. Written once (an existing .env is kept); git ignores it; never for production.
.env:
	@printf '%s\n' \
	    '# Development settings written by `make install`: never use this file in production.' \
	    '# Environment variables win over these lines; see docs/deployment.md.' \
	    'DEBUG=true' \
	    "SECRET_KEY=dev-$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(40))')" > $@
	@echo "Wrote .env: DEBUG=true and a development SECRET_KEY"

# A development server: DEBUG on, SQLite unless DATABASE_URL says otherwise.
run: export DEBUG ?= true
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty
	@echo
	@echo "  Open http://127.0.0.1:8000/ and sign in as 'performance' with password demo-password-2025"
	@echo "  (the other demo logins are listed in README.md)"
	@echo
	@# The task worker builds committee packs in the background; it stops with the server.
	$(PY) manage.py db_worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver 127.0.0.1:8000

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/mypy

test: install lint
	@test -x "$${CHROMIUM:-/usr/bin/chromium}" || echo "NOTE: Chromium not installed: browser tests skipped (apt-get install chromium)"
	$(VENV)/bin/pytest

# The county at scale, timed: import and pages, medians against a floor (docs/performance.md).
# Fresh SQLite files in .bench/; add PostgreSQL with
#   BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_wt make bench
# Options (repeats, --skip-import...): make bench BENCH_ARGS="--repeats 9". Not part of `make test`.
bench: install
	$(PY) -m perfmgmt.bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) db.sqlite3 .pytest_cache .mypy_cache .ruff_cache .bench bench-results.md
