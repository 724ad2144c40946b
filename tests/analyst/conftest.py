"""Fixtures for the analysts' tests: the shipped sample corpus run once through the nightly flow
into a private warehouse (with its report), and the system's Chromium with networking off."""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BROWSERS = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
DRIVERS = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")
LOCAL_SCHEMES = ("file:", "data:", "blob:", "about:", "chrome:", "devtools:")


@pytest.fixture(scope="session")
def sample_warehouse(tmp_path_factory) -> Path:
    """The sample corpus of raw/ through `zhengchai run`: the published warehouse, report beside it."""
    from flows.nightly import run
    from zhengchai.config import Settings

    if not any((REPO / "raw").rglob("sample-*")):
        pytest.skip("no sample corpus in raw/ (zhengchai sample --out raw)")
    root = tmp_path_factory.mktemp("analyst")
    settings = Settings(raw_dir=REPO / "raw", warehouse=root / "warehouse" / "warehouse.duckdb", workers=2)
    run(settings)
    return settings.warehouse


@pytest.fixture(scope="session")
def report_dir(sample_warehouse) -> Path:
    return sample_warehouse.parent / "report"


def duckdb_cli() -> str | None:
    here = Path(sys.executable).with_name("duckdb")
    return str(here) if here.exists() else shutil.which("duckdb")


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


CHARTS_DRAWN = """
const charts = [...document.querySelectorAll('div.chart')];
return charts.length > 0 && charts.every(c => c.querySelector('svg.main-svg'));
"""
# marks the library draws: lines and points of line charts, bars of bar charts
MARKS = """
return document.querySelectorAll(
  'svg.main-svg .scatterlayer path.js-line, svg.main-svg .scatterlayer path.point, svg.main-svg .barlayer path'
).length;
"""


class Browser:
    """One offline Chromium session: open a report page, see what it asked for and logged."""

    def __init__(self, session, shots: Path) -> None:
        self.session, self.shots = session, shots

    def open(self, page: Path, *, charts: bool = False) -> dict:
        from selenium.webdriver.support.ui import WebDriverWait

        requests_made(self.session), console_errors(self.session)  # drop what earlier pages left
        self.session.set_window_size(1360, 1000)
        self.session.get(page.resolve().as_uri())
        if charts:
            WebDriverWait(self.session, 20).until(lambda s: s.execute_script(CHARTS_DRAWN))
        urls = requests_made(self.session)
        return {"requests": urls, "remote": remote(urls), "errors": console_errors(self.session),
                "marks": self.session.execute_script(MARKS)}

    def screenshot(self, name: str) -> Path:
        height = self.session.execute_script("return document.body.scrollHeight")
        self.session.set_window_size(1360, min(max(height, 800) + 100, 6000))
        path = self.shots / f"{name}.png"
        self.session.save_screenshot(str(path))
        return path


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """Headless Chromium from the Debian packages (nothing downloaded), networking off.
    Screenshots go to $ZHENGCHAI_SCREENSHOTS or a temporary folder, printed at the end (pytest -s)."""
    found = find_browser()
    if isinstance(found, str):
        pytest.skip(found)
    wanted = os.environ.get("ZHENGCHAI_SCREENSHOTS")  # a folder to keep them in, else a temporary one
    shots = Path(wanted) if wanted else tmp_path_factory.mktemp("screenshots")
    shots.mkdir(parents=True, exist_ok=True)
    with offline_chromium(*found) as session:
        yield Browser(session, shots)
    print(f"\nreport screenshots: {shots}")
