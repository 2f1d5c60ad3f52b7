"""`make screenshots`: each role's start page and a client's page, at 1280 px (a laptop) and
375 px (a phone), as PNG files in docs/screenshots/. The portal runs with the demo data in a
thread of this process, and Chromium (Debian's package) takes the pictures through Playwright."""

from __future__ import annotations

import shutil
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from portal import create_app
from portal.app import clock
from portal.app.config import TestingConfig
from portal.app.extensions import db
from portal.demo.data import DEMO_PASSWORD, load_demo_data
from portal.hooks.manager import fire

OUT = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
ROLES = ["admin", "coach", "employer", "client", "teacher"]
WIDTHS = {1280: 800, 375: 812}
#: Pages beyond the start pages: (who looks, file name, address).
PAGES = [("coach", "client-page", "/clients/1")]


def _serve(database: Path) -> tuple[str, object]:
    app = create_app(
        {
            "CONFIG_CLASS": TestingConfig,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{database}",
            "MFA_REQUIRED_ROLES": (),
        }
    )
    with app.app_context():
        db.create_all()
        load_demo_data()
        fire("portal_demo_data", today=clock.today())
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}", server


def _sign_in(page, base: str, email: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Sähköposti").fill(email)
    page.get_by_label("Salasana").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Kirjaudu sisään").click()
    page.wait_for_load_state()


def main() -> int:
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        base, server = _serve(Path(tmp) / "screens.sqlite3")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            for role in ROLES:
                for width, height in WIDTHS.items():
                    context = browser.new_context(
                        viewport={"width": width, "height": height}, locale="fi-FI"
                    )
                    page = context.new_page()
                    _sign_in(page, base, f"{role}@polku.test")
                    page.screenshot(path=OUT / f"{role}-start-{width}.png")
                    for who, name, path in PAGES:
                        if who == role:
                            page.goto(f"{base}{path}")
                            page.screenshot(path=OUT / f"{name}-{width}.png")
                    context.close()
            browser.close()
        server.shutdown()
    print(f"Screenshots in {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
