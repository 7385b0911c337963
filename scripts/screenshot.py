"""Retake docs/screenshot.png: the home page with the procedure steps, 1280x800, in Debian's Chromium.

Run from the repository: ``.venv/bin/python scripts/screenshot.py``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from simulator import create_app  # noqa: E402
from tests.conftest import CHROMIUM_ARGS  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE": str(Path(tmp) / "simulator.db"), "SECRET_KEY": "screenshot"})
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=os.environ.get("CHROMIUM_PATH") or shutil.which("chromium"),
                    args=CHROMIUM_ARGS,
                )
                page = browser.new_page(viewport={"width": 1280, "height": 800})
                page.goto(f"http://127.0.0.1:{server.server_port}/")
                page.get_by_role("button", name="Voir les étapes de la procédure").click()
                page.locator("#procedure-steps").wait_for()
                page.screenshot(path=str(ROOT / "docs" / "screenshot.png"))
                browser.close()
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
