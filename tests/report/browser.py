"""Headless Chromium (the system's, driven through its chromedriver) with networking off.

Nothing is downloaded: the browser and driver come from the Debian packages chromium and
chromium-driver; without them the tests that need a browser skip with that reason.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

BROWSERS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
DRIVERS = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:", "chrome:", "devtools:")


def find_browser() -> tuple[str, str] | str:
    """(browser, driver), or the reason there is none."""
    browser = next((b for b in BROWSERS if Path(b).exists()), None) or shutil.which("chromium")
    driver = next((d for d in DRIVERS if Path(d).exists()), None) or shutil.which("chromedriver")
    if not browser or not driver:
        return "no Chromium here: apt-get install chromium chromium-driver (as .ci/run does)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -c constraints.txt -e '.[dev]')"
    return browser, driver


@contextmanager
def offline_chromium(browser: str, driver: str, width: int = 1360, height: int = 1000):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="zhengchai-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", f"--window-size={width},{height}",
                 '--host-resolver-rules=MAP * ~NOTFOUND', "--allow-file-access-from-files"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    session = webdriver.Chrome(options=options, service=Service(executable_path=driver))
    try:
        session.execute_cdp_cmd("Network.enable", {})
        session.execute_cdp_cmd("Network.emulateNetworkConditions", {
            "offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
        yield session
    finally:
        session.quit()
        shutil.rmtree(profile, ignore_errors=True)


def requests_made(session) -> list[str]:
    """URLs the page asked for since the last call (from the DevTools network log)."""
    urls = []
    for entry in session.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def remote(urls: list[str]) -> list[str]:
    return [u for u in urls if not u.startswith(LOCAL_SCHEMES)]


def console_errors(session) -> list[str]:
    return [e["message"] for e in session.get_log("browser") if e.get("level") == "SEVERE"]
