"""The web UI in headless Chromium (Debian's chromium + chromedriver, driven by Selenium): what a person
sees on the examples database.  Skipped when Selenium, Chromium or chromedriver is missing.

Screenshots go to $EVENTWIRE_SCREENSHOTS, else to a pytest temporary directory."""
from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
import urllib.request
from pathlib import Path

import pytest


webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install -e '.[dev]')")
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

CHROMIUM = next(filter(None, map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))), None)
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="needs Chromium and chromedriver (apt-get install chromium chromium-driver)")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-dev-shm-usage", "--window-size=1400,1000")


def serve(app):
    """Serve a web app on a free loopback port in a thread (as `eventwire serve` does); yields its URL."""
    import uvicorn
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    srv = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    thread = threading.Thread(target=srv.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline and thread.is_alive(), "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    srv.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def server(examples_db):
    """`eventwire serve`'s app over the examples database, on a free loopback port in a thread."""
    from eventwire.web import create_app
    yield from serve(create_app(examples_db))


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    try:
        driver = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=CHROMEDRIVER))
    except WebDriverException as e:
        pytest.skip(f"Chromium would not start: {e.msg}")
    driver.set_page_load_timeout(20)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory) -> Path:
    where = os.environ.get("EVENTWIRE_SCREENSHOTS")
    path = Path(where) if where else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def api(server: str, path: str):
    with urllib.request.urlopen(server + path, timeout=10) as r:
        return json.load(r)


def no_console_errors(browser) -> None:
    """Nothing the browser refused (a CSP violation, a missing file) on the page."""
    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


def test_article_shows_the_moscow_meeting_highlighted(server, browser, shots):
    a = api(server, "/api/articles/seed-000")
    meeting = next(e for e in a["events"] if e["date"] == "2024-01-19" and e["location"] == "Moscow"
                   and e["type"] == "CONSULT" and "January 19" in e["evidence"])
    browser.get(server + "/articles/seed-000")
    trigger = browser.find_element(By.CSS_SELECTOR, f'#text a.trigger[href="#ev-{meeting["id"]}"]')
    assert trigger.is_displayed() and trigger.text == meeting["trigger"]
    assert trigger.value_of_css_property("font-weight") == "700"
    assert trigger.value_of_css_property("border-bottom-style") == "solid"
    lavrov = browser.find_element(By.CSS_SELECTOR, '#text a.ent-PERSON[href="/actors/person%3Asergei-lavrov"]')
    assert lavrov.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
    trigger.click()                                          # jumps to the event in the side list
    item = browser.find_element(By.ID, f"ev-{meeting['id']}")
    assert browser.current_url.endswith(f"#ev-{meeting['id']}")
    assert "Moscow" in item.text and "2024-01-19" in item.text and item.is_displayed()
    assert item.value_of_css_property("background-color") == "rgba(255, 248, 214, 1)"     # :target
    browser.execute_script("window.scrollTo(0, 0)")
    browser.save_screenshot(str(shots / "article.png"))
    no_console_errors(browser)


def test_three_clicks_to_the_russia_hamas_timeline(server, browser, shots):
    browser.get(server + "/")
    browser.find_element(By.LINK_TEXT, "Russia").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Russia"
    hamas = browser.find_element(By.XPATH, "//ul[@class='contacts']/li[a[text()='Hamas']]")
    hamas.find_element(By.LINK_TEXT, "timeline").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Timeline: Russia – Hamas"
    items = browser.find_elements(By.CSS_SELECTOR, "li.tl-item")
    starts = [i.find_element(By.CLASS_NAME, "when").text.split("/")[0].split(" ")[0] for i in items]
    assert len(starts) > 10 and starts == sorted(starts) and starts[0].startswith("2006")
    moscow = [i for i in items if i.text.startswith("2024-01-19 CONSULT") and "Moscow" in i.text]
    assert moscow and "On Friday, January 19" in moscow[0].find_element(By.TAG_NAME, "mark").text
    browser.save_screenshot(str(shots / "timeline.png"))
    no_console_errors(browser)


def test_network_draws_the_expected_actors(server, browser, shots):
    browser.get(server + "/network")
    svg = browser.find_element(By.ID, "network")
    assert svg.size["width"] > 500 and svg.size["height"] > 300
    labels = {t.text for t in browser.find_elements(By.CSS_SELECTOR, "#network g.nodes text")}
    assert {"Hamas", "Russia", "Sergei Lavrov", "Mikhail Bogdanov", "Khaled Mashal"} <= labels
    edges = browser.find_elements(By.CSS_SELECTOR, "#network line.edge")
    assert edges and edges[0].value_of_css_property("stroke") != "none"
    browser.save_screenshot(str(shots / "network.png"))
    no_console_errors(browser)


def test_events_filters_from_the_form(server, browser, shots):
    browser.get(server + "/events")
    browser.find_element(By.NAME, "actor").send_keys("Russia")
    browser.find_element(By.NAME, "with").send_keys("Hamas")
    browser.find_element(By.CSS_SELECTOR, "form.filters button").click()
    WebDriverWait(browser, 10).until(lambda d: "actor=Russia" in d.current_url)
    rows = browser.find_elements(By.CSS_SELECTOR, "table.events tbody tr")
    want = api(server, "/api/events?actor=Russia&with=Hamas")["total"]
    assert len(rows) == want > 10
    csv_link = browser.find_element(By.LINK_TEXT, "CSV").get_attribute("href")
    assert "format=csv" in csv_link and "actor=Russia" in csv_link
    browser.save_screenshot(str(shots / "events.png"))
    no_console_errors(browser)
