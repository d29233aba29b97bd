"""The built HTML book in a real browser: Debian's Chromium, headless, driven by Selenium.

The book is built exactly as ``tests/test_book.py`` builds it (``-n -W --keep-going`` into
a temporary folder) and served over http from 127.0.0.1, so pages load as on a web server,
not from ``file://``. Every page is visited once, in a fresh browser profile (as a
first-time reader), and the test fails on any console error, on any image that did not
load, on any request the server could not answer, and if article text ever sits inside a
``<script>`` element. Full-page screenshots of the landing page and the framing chapter
are saved under ``<out>/_build/screenshots/`` and copied to the repository's
``_build/screenshots/`` (git-ignored) for review.

Nothing is downloaded: Chromium and chromedriver are Debian's (``tools/ensure_chromium.sh``
installs them; ``make setup`` runs it), the driver path is given explicitly so that
Selenium Manager never runs, and Chromium's own background networking is switched off.
"""

from __future__ import annotations

import functools
import html
import os
import re
import shutil
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bookbuild import ROOT, SEEDS, build
from selenium import webdriver
from selenium.common.exceptions import SessionNotCreatedException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

from newsframes.book import render

pytestmark = pytest.mark.book

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
WIDTH = 1280
SKIPPED_PAGES = {"genindex.html", "search.html"}
SKIPPED_FOLDERS = {"_static", "_sources"}
SCREENSHOTS = {"landing.png": "index.html", "05_framing.png": "notebooks/05_framing.html"}
MIN_SCREENSHOT_BYTES = 10_000
# Console entries that are not errors of the book itself and cannot be avoided: each needs
# a comment saying why. There are none: a missing favicon, a theme script error or a
# duplicated inline script is the book's to fix, not the test's to ignore.
IGNORED_CONSOLE: tuple[re.Pattern[str], ...] = ()
REFRESH = re.compile(r"http-equiv=[\"']refresh[\"'][^>]*url=([^\"'>\s]+)", re.IGNORECASE)


def require_chromium() -> None:
    """Fail (never skip: CI must not pass silently) if Debian's Chromium is missing."""
    missing = [p for p in (CHROMIUM, CHROMEDRIVER) if not os.access(p, os.X_OK)]
    if missing:
        pytest.fail(
            f"missing {', '.join(missing)}: run tools/ensure_chromium.sh (make setup runs it), "
            "which installs Debian's chromium and chromium-driver",
            pytrace=False,
        )


def site_pages(html: Path) -> list[str]:
    """Every page of the site (paths relative to ``html``), but the index and search pages."""
    pages = []
    for page in html.rglob("*.html"):
        rel = page.relative_to(html)
        if rel.parts[0] not in SKIPPED_FOLDERS and rel.as_posix() not in SKIPPED_PAGES:
            pages.append(rel.as_posix())
    return sorted(pages)


def article_probes() -> list[str]:
    """Article text to look for in ``<script>`` elements: a place name of the seed article
    and the first words of every paragraph of every seed article (whitespace collapsed)."""
    probes = ["Vladivostok"]
    for seed in sorted(SEEDS.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        for paragraph in re.split(r"\n\s*\n", text):
            words = paragraph.split()
            if words[:1] == ["date"]:  # the "date YYYY-MM-DD" header line, then the text
                words = words[2:]
            if len(words) >= 6:
                probes.append(" ".join(words[:6]))
    return probes


class QuietHandler(SimpleHTTPRequestHandler):
    """Serves the site without logging to stderr; records every failed request."""

    failures: list[str]

    def log_message(self, *args):
        pass

    def log_request(self, code="-", size="-"):
        if isinstance(code, int) and code >= 400:
            referer = self.headers.get("Referer", "no referer")
            self.failures.append(f"{code} {self.command} {self.path} (from {referer})")


@dataclass
class Site:
    build_dir: Path  # <out>/_build
    base_url: str  # http://127.0.0.1:<port>/
    failed_requests: list[str] = field(default_factory=list)

    @property
    def html(self) -> Path:
        return self.build_dir / "html"


@dataclass
class Visit:
    page: str
    url: str  # where the browser ended (after a redirect page)
    errors: list[str]  # SEVERE console entries
    broken_images: list[str]
    scripts_with_article_text: list[str]
    shows_article_text: bool
    n_images: int


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The book built into a tmp folder and served on a free port of 127.0.0.1."""
    require_chromium()
    out = tmp_path_factory.mktemp("book")
    build(out, cache=tmp_path_factory.mktemp("cache"))
    built = Site(build_dir=out / "_build", base_url="")
    handler = type("Handler", (QuietHandler,), {"failures": built.failed_requests})
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=built.html))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="book-http", daemon=True)
    thread.start()
    built.base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    try:
        yield built
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(site, tmp_path_factory):
    """Headless Debian Chromium in a fresh profile; Selenium Manager never runs."""
    profile = tmp_path_factory.mktemp("chromium-profile")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*CHROMIUM_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(
        executable_path=CHROMEDRIVER, log_output=str(site.build_dir / "chromedriver.log")
    )
    with pytest.MonkeyPatch.context() as env:
        # With the driver path given, Selenium does not call Selenium Manager at all; were it
        # ever to, SE_OFFLINE makes the selenium-manager binary (not the Python package,
        # which does not read it) refuse any network request or download. A stray
        # SE_CHROMEDRIVER would take precedence over executable_path, so pin it too.
        env.setenv("SE_OFFLINE", "true")
        env.setenv("SE_CHROMEDRIVER", CHROMEDRIVER)
        try:
            driver = webdriver.Chrome(options=options, service=service)
        except SessionNotCreatedException as err:  # e.g. chromium and chromedriver differ
            pytest.fail(f"{err.msg}\nrun tools/ensure_chromium.sh", pytrace=False)
    try:
        yield driver
    finally:
        driver.quit()


def settle(driver) -> None:
    """Wait until the page (after any meta-refresh redirect) has loaded, then two frames."""
    WebDriverWait(driver, 30).until(
        lambda d: d.execute_script("return document.readyState") == "complete"
    )
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 100)));"
    )


def open_page(driver, site: Site, page: str) -> str:
    """Load ``page``; if it is a meta-refresh redirect (index.html), wait for the target.
    Returns the final URL."""
    url = site.base_url + page
    driver.get(url)
    if match := REFRESH.search((site.html / page).read_text(encoding="utf-8")):
        target = urljoin(url, match.group(1))
        WebDriverWait(driver, 30).until(lambda d: d.current_url == target)
        url = target
    settle(driver)
    return url


def console_errors(driver) -> list[str]:
    """The SEVERE console entries logged since the last call, but the ignored ones."""
    return [
        f"[{entry.get('source')}] {entry['message']}"
        for entry in driver.get_log("browser")
        if entry["level"] == "SEVERE"
        and not any(p.search(entry["message"]) for p in IGNORED_CONSOLE)
    ]


BROKEN_IMAGES_JS = """
return Array.from(document.images)
    .filter(img => !img.complete || img.naturalWidth === 0)
    .map(img => img.currentSrc || img.src || img.outerHTML);
"""
SCRIPTS_WITH_TEXT_JS = """
const probes = arguments[0];
return Array.from(document.querySelectorAll("script"))
    .filter(s => probes.some(p => s.text.replace(/\\s+/g, " ").includes(p)))
    .map(s => s.outerHTML.slice(0, 300));
"""


@pytest.fixture(scope="module")
def visits(site, browser) -> list[Visit]:
    """Every page visited once, in order, by the fresh browser (the first visit of a new
    reader is the one that shows first-visit errors, e.g. a missing favicon)."""
    browser.set_window_size(WIDTH, 900)
    probes = article_probes()
    result = []
    for page in site_pages(site.html):
        url = open_page(browser, site, page)
        result.append(
            Visit(
                page=page,
                url=url,
                errors=console_errors(browser),
                broken_images=browser.execute_script(BROKEN_IMAGES_JS),
                scripts_with_article_text=browser.execute_script(SCRIPTS_WITH_TEXT_JS, probes),
                shows_article_text=browser.execute_script(
                    "return document.body.innerText.includes(arguments[0])", probes[0]
                ),
                n_images=browser.execute_script("return document.images.length"),
            )
        )
    late = console_errors(browser)  # anything logged after the last page had settled
    if late:
        result[-1].errors.extend(late)
    return result


def report(visits: list[Visit], attribute: str) -> list[str]:
    return [f"{v.page}: {item}" for v in visits for item in getattr(v, attribute)]


def test_every_page_is_visited(visits):
    pages = {v.page for v in visits}
    for page in ["index.html", "book/intro.html", "notebooks/01_corpus.html",
                 "notebooks/05_framing.html", "book/references.html"]:  # fmt: skip
        assert page in pages, page
    assert not pages & SKIPPED_PAGES
    landing = next(v for v in visits if v.page == "index.html")
    assert landing.url.endswith("/book/intro.html"), landing.url  # the redirect was followed


def test_no_console_errors(visits):
    errors = report(visits, "errors")
    assert errors == [], "console errors:\n" + "\n".join(errors)


def test_every_request_is_served(site, visits):
    assert site.failed_requests == [], "failed requests:\n" + "\n".join(site.failed_requests)


def test_every_image_loads(visits):
    assert sum(v.n_images for v in visits) >= 7  # tokens 2, terms 3, entities 1, framing 1
    broken = report(visits, "broken_images")
    assert broken == [], "images that did not load:\n" + "\n".join(broken)


def test_article_text_is_never_in_a_script(visits):
    # The check is not vacuous: the article text is on the pages, as text.
    assert any(v.shows_article_text for v in visits)
    found = report(visits, "scripts_with_article_text")
    assert found == [], "<script> elements holding article text:\n" + "\n".join(found)


def full_page_screenshot(driver, path: Path) -> None:
    """Resize the window to the whole document's height, then take a screenshot."""
    chrome = driver.execute_script("return window.outerHeight - window.innerHeight")
    height = 0
    for _ in range(5):  # the layout can reflow at a new size; stop once the height holds
        new = driver.execute_script(
            "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)"
        )
        if new == height:
            break
        height = new
        driver.set_window_size(WIDTH, height + chrome)
        settle(driver)
    assert driver.save_screenshot(str(path)), path


def test_screenshots(site, browser, visits):
    """Full-page PNGs of the landing page and the framing chapter, for review."""
    folder = site.build_dir / "screenshots"
    folder.mkdir(exist_ok=True)
    for name, page in SCREENSHOTS.items():
        browser.set_window_size(WIDTH, 900)
        open_page(browser, site, page)
        full_page_screenshot(browser, folder / name)
    repo_build = ROOT / "_build"
    if repo_build.is_dir():  # git-ignored; only if a book was built there already
        (repo_build / "screenshots").mkdir(exist_ok=True)
        for name in SCREENSHOTS:
            shutil.copy2(folder / name, repo_build / "screenshots" / name)
    for name in SCREENSHOTS:
        png = (folder / name).read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n"), name
        assert len(png) > MIN_SCREENSHOT_BYTES, (name, len(png))


def first_table_rows(page: Path) -> list[list[str]]:
    """The cells (text) of every row of the first interactive table of a built page, as
    written in its HTML."""
    text = page.read_text(encoding="utf-8")
    table = re.search(r'<table class="table nf-itable".*?</table>', text, re.S)[0]
    body = table.split("<tbody>", 1)[1]
    return [
        [
            html.unescape(re.sub(r"<[^>]+>", "", cell))
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_tables_search_sort_and_page_over_every_row(site, browser, visits):
    """The terms table holds every row in the page and shows one page of them; its
    search box finds a term beyond the first page, and a click on a header sorts every
    row (numbers by value), offline (itables' DataTables bundle from the site)."""
    from selenium.webdriver.common.by import By

    rows = first_table_rows(site.html / "notebooks/03_terms.html")
    assert len(rows) > 3 * render.PAGE_LENGTH  # every row is in the page
    open_page(browser, site, "notebooks/03_terms.html")
    box = browser.find_elements(By.CSS_SELECTOR, ".nf-table .dt-container")[0]
    table = box.find_element(By.CSS_SELECTOR, "table.nf-itable")

    def shown() -> list[list[str]]:
        return [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
                for tr in table.find_elements(By.CSS_SELECTOR, "tbody tr")]  # fmt: skip

    first_page = shown()
    assert first_page == rows[: render.PAGE_LENGTH]  # the analysis's order, one page
    assert f"of {len(rows):,} entries" in box.find_element(By.CSS_SELECTOR, ".dt-info").text
    term = rows[-1][0]  # on the last page
    assert term not in {r[0] for r in first_page}
    box.find_element(By.CSS_SELECTOR, ".dt-search input").send_keys(term)
    WebDriverWait(browser, 10).until(lambda _: any(r[0] == term for r in shown()))
    assert 1 <= len(shown()) < render.PAGE_LENGTH
    box.find_element(By.CSS_SELECTOR, ".dt-search input").clear()
    n_header = table.find_elements(By.CSS_SELECTOR, "thead th")[1]  # n, a count
    n_header.click()  # ascending
    WebDriverWait(browser, 10).until(lambda _: shown() != first_page)
    counts = [int(r[1].replace(",", "")) for r in shown()]
    assert counts == sorted(counts) and counts[0] == min(int(r[1].replace(",", "")) for r in rows)
    assert console_errors(browser) == []
