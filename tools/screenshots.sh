#!/usr/bin/env bash
# Makes the screenshots in docs/screenshots/ again: each page of the web app, desk and phone width, with demo data.
# Needs Chromium at /usr/bin/chromium (apt-get install -y chromium).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
LINKWORKER_SCREENSHOTS=1 LINKWORKER_REQUIRE_BROWSER=1 dotnet test tests/LinkWorker.Web.Tests --filter "Category=Screenshots"
ls docs/screenshots
