"""The web container's health check (docker-compose.yml): GET /healthz from inside it.

It asks as the first host in DJANGO_ALLOWED_HOSTS and as if through the TLS proxy, so the
host check and the HTTPS redirect let it through. Exit 0 when /healthz says 200; otherwise
print what it said (which part is down) and exit 1.
"""

import os
import sys
import urllib.error
import urllib.request

hosts = [h.strip().lstrip(".") for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",")]
host = next((h for h in hosts if h and h != "*"), "localhost")
url = os.environ.get("PORTAL_HEALTHCHECK_URL", "http://127.0.0.1:8000/healthz")
if not url.startswith(("http://", "https://")):
    sys.exit("PORTAL_HEALTHCHECK_URL must be an http:// address")
headers = {"Host": host, "X-Forwarded-Proto": "https"}
request = urllib.request.Request(url, headers=headers)  # noqa: S310 (checked above)
try:
    with urllib.request.urlopen(request, timeout=4) as response:  # noqa: S310 (our own URL)
        sys.exit(0 if response.status == 200 else 1)
except urllib.error.HTTPError as exc:
    sys.stdout.write(f"{exc.code} {exc.read(500).decode(errors='replace')}\n")
except OSError as exc:
    sys.stdout.write(f"no answer: {exc}\n")
sys.exit(1)
