# Probation Council Portal — the two commands that matter:
#   make run    start the portal with demo data at http://127.0.0.1:8000 (SQLite, no servers)
#   make test   lint and run the whole test suite

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
CSS := build/static/govuk/css/main.css

.PHONY: run test code-checks pytest typecheck install assets lint format migrate demo demo-code lock worker web check-deploy clean backup restore

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet --requirement requirements.lock
	touch $(STAMP)

install: $(STAMP) node_modules/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

$(CSS): node_modules/.installed frontend/main.scss $(wildcard frontend/*)
	npm run --silent build

assets: $(CSS)

migrate: $(STAMP)
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

# The web server and a Celery worker with embedded beat; Ctrl-C stops both.
run: install assets demo
	@echo "Starting the portal at http://127.0.0.1:8000 (Ctrl-C stops it)"
	@trap 'trap - INT TERM EXIT; kill 0' INT TERM EXIT; \
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-config.settings.local} \
	$(VENV)/bin/celery -A config worker -B --loglevel=INFO --concurrency=1 & \
	$(PY) manage.py runserver 127.0.0.1:8000

web: install assets migrate
	$(PY) manage.py runserver 127.0.0.1:8000

worker: $(STAMP)
	DJANGO_SETTINGS_MODULE=$${DJANGO_SETTINGS_MODULE:-config.settings.local} \
	$(VENV)/bin/celery -A config worker -B --loglevel=INFO --concurrency=1

demo-code: $(STAMP)
	@$(PY) manage.py demo_code $(or $(ACCOUNT),staff)

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

# Whole suite: lint, migrations up to date, Django checks, mypy, pytest (browser tests included
# when /usr/bin/chromium exists; .ci/run installs it and makes their absence an error).
test: install assets code-checks pytest

# The checks that read the code, not a database: lint, migrations up to date, Django checks, mypy.
code-checks: lint
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test
	$(PY) manage.py check --settings=config.settings.test
	$(VENV)/bin/mypy

# pytest alone (PYTEST_ARGS passes options, e.g. PYTEST_ARGS='-m "not browser"').
pytest: install assets
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest $(PYTEST_ARGS)

# The type checker alone (configured in pyproject.toml; needs no database).
typecheck: $(STAMP)
	$(VENV)/bin/mypy

check-deploy: $(STAMP)
	DJANGO_SETTINGS_MODULE=config.settings.production \
	DJANGO_SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(64))') \
	DJANGO_ALLOWED_HOSTS=portal.example.org \
	PORTAL_PSEUDONYM_KEY=check-deploy-only \
	PORTAL_BALLOT_KEY=check-deploy-only \
	MFA_ENCRYPTION_KEYS=$$($(PY) -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())') \
	REDIS_URL=redis://127.0.0.1:6379/0 \
	$(PY) manage.py check --deploy --fail-level WARNING

# Re-pin every dependency from pyproject.toml (run after changing it).
lock:
	rm -rf /tmp/portal-lock-venv
	$(PYTHON) -m venv /tmp/portal-lock-venv
	/tmp/portal-lock-venv/bin/pip install --quiet --upgrade pip
	/tmp/portal-lock-venv/bin/pip install --quiet '.[dev]'
	/tmp/portal-lock-venv/bin/pip freeze --exclude probation-council-portal > requirements.lock

# Backups (PostgreSQL only): the database and the uploads folder in one dated archive in
# backups/; see README "Backups". Restore replaces both, so it asks for CONFIRM=yes.
backup:
	ops/backup.sh

restore:
	@test -n "$(FILE)" || { echo "Say which backup: make restore FILE=backups/portal-....tar CONFIRM=yes" >&2; exit 2; }
	CONFIRM="$(CONFIRM)" ops/restore.sh "$(FILE)"

clean:
	rm -rf build staticfiles .local db.sqlite3
