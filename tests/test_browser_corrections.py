"""Corrections in headless Chromium on the demo database (the examples, coded by `eventwire run`): an
analyst changes the date of seed 000's January meeting, deletes a wrong event, adds a missed one,
merges two actors and marks a paragraph boilerplate; the events table, the timeline and the actors
list show it; a re-run keeps all of it; `eventwire corrections export` + `eventwire eval` score the
machine against it.

Screenshots go to $EVENTWIRE_SCREENSHOTS (docs/screenshots for the docs), else to a temporary directory."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import BACKENDS, EXAMPLES, new_store
from test_browser import CHROMEDRIVER, CHROMIUM, api, browser, serve, shots, webdriver  # noqa: F401 (fixtures)
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER), reason="needs Chromium and chromedriver")
TOKEN = "demo-token"
ARTICLE = "seed-000"
MEETING = "On Friday, January 19, a delegation from the Palestinian terrorist organization Hamas"
WRONG = 'Following the tragic events of "Black Saturday" on October 7, 2023'
MISSED = "have repeatedly reached out to the Russian Foreign Ministry"
LAST = "Many analysts observe that the Russian authorities have benefitted"
SELECT = """const [start, end] = arguments; const box = document.getElementById('text');
const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT); const r = document.createRange();
let n, seen = 0, started = false;
while ((n = walker.nextNode())) {
  if (!started && seen + n.length > start) { r.setStart(n, start - seen); started = true; }
  if (started && seen + n.length >= end) { r.setEnd(n, end - seen); break; }
  seen += n.length; }
getSelection().removeAllRanges(); getSelection().addRange(r); window.scrollTo(0, 0);"""


@pytest.fixture(scope="module", params=BACKENDS)
def demo(request, tmp_path_factory) -> Path | str:
    """A writable copy of the examples database (the shared one is read-only for tests); on PostgreSQL, the
    examples coded by `eventwire run` into a new database (its URL)."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("demo") / "demo.db"
        shutil.copy(request.getfixturevalue("examples_db"), path)
        return path
    from click.testing import CliRunner
    from eventwire.cli import main
    url = new_store(request, "postgresql", Path())
    r = CliRunner().invoke(main, ["run", str(EXAMPLES), "--db", url])
    assert r.exit_code == 0, r.output
    return url


@pytest.fixture(scope="module")
def server(demo):
    """`eventwire serve --token-file` over the demo copy, on a free loopback port in a thread."""
    from eventwire.web import create_app
    yield from serve(create_app(demo, tokens={TOKEN: "ana"}))


def correct(browser, server: str, start: int, end: int, fill, shot: Path | None = None) -> None:
    """Open the article, select [start, end), press Ctrl+Enter, let FILL fill the form, save, wait for the reload."""
    browser.get(f"{server}/articles/{ARTICLE}")
    browser.execute_script(SELECT, start, end)
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.CONTROL, Keys.ENTER)
    form = browser.find_element(By.ID, "correct")
    assert form.is_displayed()
    fill(form)
    if not form.find_element(By.NAME, "token").get_attribute("value"):
        form.find_element(By.NAME, "token").send_keys(TOKEN)
    if shot is not None:
        browser.save_screenshot(str(shot))
    old = browser.find_element(By.TAG_NAME, "html")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 20, ignored_exceptions=(StaleElementReferenceException,)).until(
        lambda d: _stale(old) or _error_text(d))
    assert _stale(old), browser.find_element(By.ID, "correct-error").text
    WebDriverWait(browser, 20).until(lambda d: d.execute_script("return document.readyState") == "complete")


def _error_text(driver) -> str:
    """The form's error line, or "" while the page is being replaced (the element then belongs to
    the old document, and Chromium says so with a WebDriverException of its own)."""
    try:
        return driver.find_element(By.ID, "correct-error").text
    except StaleElementReferenceException:
        return ""
    except WebDriverException as e:
        if "does not belong to the document" in (e.msg or ""):
            return ""
        raise


def _stale(element) -> bool:
    try:
        element.tag_name
        return False
    except StaleElementReferenceException:
        return True
    except WebDriverException as e:      # Chromium's other word for it, while the old page is replaced
        if "does not belong to the document" in (e.msg or ""):
            return True
        raise


def test_an_analyst_corrects_seed_000(server, browser, shots, demo, tmp_path):
    text = api(server, f"/api/articles/{ARTICLE}")["text"]
    machine = api(server, f"/api/articles/{ARTICLE}")["events"]
    meeting = next(e for e in machine if e["evidence"].startswith(MEETING) and e["type"] == "CONSULT")
    wrong = next(e for e in machine if e["evidence"].startswith(WRONG))
    s = text.index(MEETING)

    def new_date(form):          # the meeting event is chosen for the selection; its date is changed
        chosen = Select(form.find_element(By.NAME, "event_id")).first_selected_option
        assert chosen.get_attribute("value") == meeting["id"]
        form.find_element(By.NAME, "date").send_keys("2024-01-18")
        form.find_element(By.NAME, "note").send_keys("the talks began on Thursday, January 18")
    correct(browser, server, s, text.index(".", s) + 1, new_date, shots / "correction-form.png")
    item = browser.find_element(By.ID, f"ev-{meeting['id']}")
    assert "2024-01-18" in item.text and "Moscow" in item.text

    def delete(form):
        Select(form.find_element(By.NAME, "action")).select_by_value("delete_event")
        assert not form.find_element(By.NAME, "date").is_displayed()           # only the fields of the action
        Select(form.find_element(By.NAME, "event_id")).select_by_value(wrong["id"])
        form.find_element(By.NAME, "note").send_keys("the delegations came after October 7, not on it")
    s = text.index(WRONG)
    correct(browser, server, s, s + len(WRONG), delete)
    assert not browser.find_elements(By.ID, f"ev-{wrong['id']}")

    def add(form):
        Select(form.find_element(By.NAME, "action")).select_by_value("add_event")
        Select(form.find_element(By.NAME, "type")).select_by_visible_text("REQUEST")
        form.find_element(By.NAME, "actors").send_keys("News of Israel")
        form.find_element(By.NAME, "recipients").send_keys("Russian Foreign Ministry, State Duma")
    s = text.index(MISSED)
    correct(browser, server, s, s + len(MISSED), add)
    added = browser.find_element(By.CSS_SELECTOR, 'li[data-event^="user-"]')
    assert "REQUEST" in added.text and "News of Israel" in added.text

    def merge(form):             # the selection is a mention: its actor comes pre-filled
        Select(form.find_element(By.NAME, "action")).select_by_value("merge_actors")
        assert form.find_element(By.NAME, "actor").get_attribute("value") == "org:hamas-politburo"
        form.find_element(By.NAME, "into").send_keys("Hamas")
        form.find_element(By.NAME, "note").send_keys("<script>alert('x')</script> coded as Hamas")
    s = text.index("the Hamas Politburo") + 4
    correct(browser, server, s, s + len("Hamas Politburo"), merge, shots / "correction-merge.png")
    link = browser.find_element(By.XPATH, "//div[@id='text']//a[text()='the Hamas Politburo']")
    assert link.get_attribute("href").endswith("/actors/org%3Ahamas")           # the merge is shown

    def boilerplate(form):
        Select(form.find_element(By.NAME, "action")).select_by_value("mark_boilerplate")
        assert not form.find_element(By.NAME, "event_id").is_displayed()
    s = text.index(LAST)
    correct(browser, server, s, len(text.rstrip()), boilerplate)
    assert browser.find_element(By.XPATH, f"//div[@id='text']//span[contains(@class, 'dropped')]"
                                          f"[starts-with(., '{LAST[:20]}')]").is_displayed()
    browser.find_element(By.TAG_NAME, "summary").click()
    log = browser.find_element(By.ID, "correct-log").text
    assert len(browser.find_elements(By.CSS_SELECTOR, "#correct-log li button")) == 5
    assert "<script>alert('x')</script>" in log                             # shown as text, never run
    browser.execute_script("document.getElementById('correct-log').scrollIntoView({block: 'center'})")
    browser.save_screenshot(str(shots / "corrections.png"))

    # the events table and the timeline show the new date; the actors list lost the merged actor
    browser.get(f"{server}/events?actor=Bogdanov&type=CONSULT")
    rows = [r.text for r in browser.find_elements(By.CSS_SELECTOR, "table.events tbody tr")]
    assert any(r.startswith("2024-01-18") for r in rows) and not any("2024-01-19" in r and "Moscow" in r
                                                                       and "January 19" in r for r in rows)
    browser.get(f"{server}/timeline?actor=Russia&with=Hamas")
    items = [i.text for i in browser.find_elements(By.CSS_SELECTOR, "li.tl-item")]
    assert any(i.startswith("2024-01-18 CONSULT") and "Moscow" in i for i in items)
    browser.get(f"{server}/actors")
    assert "Hamas Politburo" not in browser.find_element(By.TAG_NAME, "main").text
    errors = [e["message"] for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors

    # a re-run of the same files keeps all of it, also when the article is coded again
    from click.testing import CliRunner
    from eventwire.cli import main
    from eventwire.store import connect
    examples = Path(__file__).resolve().parents[1] / "examples"
    conn = connect(demo)
    conn.execute("UPDATE articles SET content_hash='older-version' WHERE id=?", (ARTICLE,))
    conn.close()
    run = CliRunner().invoke(main, ["run", str(examples), "--db", str(demo)])
    assert run.exit_code == 0 and "1 replaced" in run.output, run.output
    after = api(server, f"/api/articles/{ARTICLE}")["events"]
    assert next(e for e in after if e["id"] == meeting["id"])["date"] == "2024-01-18"
    assert wrong["id"] not in {e["id"] for e in after}
    assert any(e["id"].startswith("user-") and e["type"] == "REQUEST" for e in after)
    assert "org:hamas-politburo" not in json.dumps(after)
    states = {c["action"]: c["state"] for c in api(server, "/api/corrections")["items"]}
    assert set(states.values()) == {"applied"} and len(states) == 5

    # the corrections become gold that eval scores the machine against
    out = CliRunner().invoke(main, ["corrections", "export", "--db", str(demo), "--format", "yaml"])
    assert out.exit_code == 0, out.output
    gold = tmp_path / "my_gold.yaml"
    gold.write_text(out.output, encoding="utf-8")
    [art] = yaml.safe_load(out.output)["articles"]
    assert art["id"] == ARTICLE and art["text"] == text
    assert any(e["type"] == "CONSULT" and e.get("date") == "2024-01-18" and e.get("location") == "Moscow"
               for e in art["events"])
    assert any(e["type"] == "REQUEST" and (e.get("source") or "").endswith("News of Israel")   # the KB's name
               for e in art["events"])
    assert [m["type"] for m in art["must_not"]] == ["CONSULT"] and "after October 7" in art["must_not"][0]["why"]
    assert [b[:len(LAST)] for b in art["boilerplate"]] == [LAST]
    scored = CliRunner().invoke(main, ["eval", str(gold), "--format", "json"])
    assert scored.exit_code == 0, scored.output
    scores = json.loads(scored.output)
    assert 0 < scores["events"]["recall"] <= 1
    assert scores["must_not"]["hits"] == 1 and scores["must_not"]["total"] == 1    # the deleted machine event


def test_undo_from_the_article_page(server, browser):
    """After the analyst's session above: Undo on the boilerplate mark is one more log entry, and the
    paragraph is article text again."""
    browser.get(f"{server}/articles/{ARTICLE}")
    browser.find_element(By.TAG_NAME, "summary").click()
    WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#correct-log li button"))
    last = browser.find_elements(By.CSS_SELECTOR, "#correct-log li")[-1]
    assert "mark_boilerplate" in last.text
    browser.execute_script("sessionStorage.setItem('eventwire-token', arguments[0])", TOKEN)
    old = browser.find_element(By.TAG_NAME, "html")
    last.find_element(By.TAG_NAME, "button").click()
    WebDriverWait(browser, 20).until(lambda d: _stale(old))
    assert not browser.find_elements(By.XPATH, f"//div[@id='text']//span[contains(@class, 'dropped')]"
                                               f"[starts-with(., '{LAST[:20]}')]")
    items = api(server, f"/api/corrections?article={ARTICLE}")["items"]
    assert [c["action"] for c in items][-1] == "undo" and items[-2]["state"] == "undone" and len(items) == 6
