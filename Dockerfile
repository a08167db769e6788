# Build the GOV.UK Frontend assets with Node, then run the portal on Python only.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend ./frontend
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production
WORKDIR /app
RUN useradd --create-home --uid 1000 portal
COPY requirements.lock ./
RUN pip install --no-cache-dir --requirement requirements.lock
COPY . .
COPY --from=assets /app/build ./build
# .local/media holds uploads (action evidence, expense receipts): a volume in compose, never
# served as static files; the portal serves each file only through a permission check.
RUN DJANGO_SETTINGS_MODULE=config.settings.local python manage.py collectstatic --noinput \
    && mkdir -p /app/.local/media && chown -R portal /app
USER portal
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
