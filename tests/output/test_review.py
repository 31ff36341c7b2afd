"""`audiobook review`: the data the page gets, its errors, and the page itself in a real
browser (Debian's chromium, driven by selenium): every line shown, a line played from its
start, a correction turned into a [[pin]], and story text that never runs as markup."""
from __future__ import annotations

import json
import re
import shutil

import pytest

import audiobook
from audiobook.errors import AudiobookError
from audiobook.model import Cast, Character, Script, Segment, Story, Voice
from audiobook.output.review import Heard, embedded_json, page_data
from conftest import ROOT

HOSTILE = ('Nora opened the letter. "It says </script><script>document.title = \'pwned\'</script> and more," '
           'said Nora.\n\n"And this: <img src=x onerror=\\"document.title=\'pwned\'\\">," said Tom, "or '
           '<a href=\'javascript:document.title=1\'>this</a>."\n')


def small_script() -> Script:
    text = '"Hello there," said Ann. "Hello there, friend."\n'
    story = Story("a.txt", "A", text, ())
    segments = [Segment(0, 14, "dialogue", "Hello there,", 0, "Ann", "explicit", confidence=0.95),
                Segment(15, 23, "narration", "said Ann.", 0),
                Segment(24, 47, "dialogue", "Hello there, friend.", 0, "Bo", "alternation", confidence=0.3),
                Segment(47, 48, "narration", "", 0, skip="no words")]
    characters = [Character("Ann", lines=1), Character("Bo", lines=1)]
    return Script(story, segments, characters, Cast(Voice("en"), {"Ann": Voice("en+f2"), "Bo": Voice("en+m3")}))


def test_page_data_holds_every_spoken_segment_with_speaker_voice_and_times():
    data = page_data("A", [small_script()], [{0: Heard(0.75, 1.5, "a.mp3"), 2: Heard(2.0, 3.25, "a2.mp3")}])
    (story,) = data["stories"]
    assert [(s["kind"], s["speaker"], s["voice"], s["audio"], s["start"]) for s in story["segments"]] == [
        ("dialogue", "Ann", "en+f2", "a.mp3", 0.75), ("narration", None, "en", None, None),
        ("dialogue", "Bo", "en+m3", "a2.mp3", 2.0)]
    assert story["pinStory"] == "a.txt"
    # a pin names a quotation by opening words no other quotation starts with
    assert [s["quote"] for s in story["segments"] if s["kind"] == "dialogue"] == ["Hello there,", "Hello there, friend."]
    assert data["doubt"] == 0.3  # the least sure fifth of two lines: the first
    assert [(c["name"], c["lines"], c["sample"]) for c in data["characters"]] == [("Ann", 1, [0, 0]), ("Bo", 1, [0, 2])]


def test_embedded_json_cannot_end_its_script_element():
    value = {"text": "</script><script>alert(1)</script> & \u2028"}
    text = embedded_json(value)
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == value


@pytest.mark.audio
def test_reviewing_a_book_not_built_is_one_line_naming_the_file(tmp_path):
    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "tale.txt").write_text('"Hello," said Ann.\n', encoding="utf-8")
    with pytest.raises(AudiobookError, match="has not been built") as e:
        audiobook.review([tmp_path / "stories"], None, tmp_path / "out", cache_dir=tmp_path / "cache")
    assert e.value.where.endswith("tale.mp3")
    audiobook.build([tmp_path / "stories"], None, tmp_path / "out", cache_dir=tmp_path / "cache")
    (tmp_path / "stories" / "tale.txt").write_text('"Goodbye," said Ann.\n', encoding="utf-8")
    with pytest.raises(AudiobookError, match="built from other text"):
        audiobook.review([tmp_path / "stories"], None, tmp_path / "out", cache_dir=tmp_path / "cache")


@pytest.mark.audio
def test_a_book_built_as_one_file_or_a_file_per_chapter_is_reviewed_from_those_files(tmp_path):
    stories = tmp_path / "stories"
    stories.mkdir()
    (stories / "1 first.txt").write_text('"Good morning," said Ann.\n', encoding="utf-8")
    (stories / "2 second.txt").write_text('# Second\n\n## One\n\n"Hi," said Bo.\n\n## Two\n\n"Bye," said Ann.\n',
                                          encoding="utf-8")
    for options, files in (({"single_file": True}, {"first.mp3"}),
                           ({"preset": "acx"}, {"first.mp3", "second-01-one.mp3", "second-02-two.mp3"})):
        out = tmp_path / "-".join(options)
        built = audiobook.build([stories], None, out, cache_dir=tmp_path / "cache", **options)
        assert {r.path.name for r in built} == files
        page = audiobook.review([stories], None, out, cache_dir=tmp_path / "cache").read_text(encoding="utf-8")
        data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.S)[1])
        heard = [(seg["text"], seg["audio"]) for story in data["stories"] for seg in story["segments"]
                 if seg["kind"] == "dialogue"]
        if "single_file" in options:
            assert heard == [("Good morning,", "first.mp3"), ("Hi,", "first.mp3"), ("Bye,", "first.mp3")]
        else:
            assert heard == [("Good morning,", "first.mp3"), ("Hi,", "second-01-one.mp3"),
                             ("Bye,", "second-02-two.mp3")]
        starts = [seg["start"] for story in data["stories"] for seg in story["segments"] if seg["kind"] == "dialogue"]
        assert all(isinstance(t, float) for t in starts)


# --- in a real browser ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1200,900",
                 "--autoplay-policy=no-user-gesture-required", "--mute-audio",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    yield driver
    driver.quit()


@pytest.fixture(scope="module")
def sample_review(tmp_path_factory):
    work = tmp_path_factory.mktemp("review")
    shutil.copytree(ROOT / "stories", work / "stories")
    shutil.copy(ROOT / "voices.toml", work / "voices.toml")
    audiobook.build([work / "stories"], work / "voices.toml", work / "output", cache_dir=work / "cache")
    page = audiobook.review([work / "stories"], work / "voices.toml", work / "output", cache_dir=work / "cache")
    script = [audiobook.script(p, work / "voices.toml") for p in sorted((work / "stories").iterdir())]
    return work, page, script


@pytest.mark.audio
def test_the_page_shows_every_dialogue_line_with_its_speaker(browser, sample_review):
    from selenium.webdriver.common.by import By

    work, page, scripts = sample_review
    browser.get(page.as_uri())
    rows = browser.find_elements(By.CSS_SELECTOR, ".segment.dialogue")
    shown = [(r.find_element(By.CSS_SELECTOR, ".who").text, r.find_element(By.CSS_SELECTOR, ".text").text) for r in rows]
    expected = [(s.speaker or "unknown", s.text) for sc in scripts for s in sc.segments if s.kind == "dialogue" and s.text]
    assert shown == expected and shown
    browser.save_screenshot(str(work / "review.png"))
    assert (work / "review.png").stat().st_size > 10_000


@pytest.mark.audio
def test_play_starts_the_line_where_the_transcript_says_and_a_correction_makes_a_pin(browser, sample_review):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    work, page, _ = sample_review
    browser.get(page.as_uri())
    row = browser.find_elements(By.CSS_SELECTOR, ".segment.dialogue")[0]
    story, index = int(row.get_attribute("data-story")), int(row.get_attribute("data-index"))
    data = json.loads(browser.find_element(By.ID, "data").get_attribute("textContent"))
    line = data["stories"][story]["segments"][index]
    row.find_element(By.CSS_SELECTOR, "button.play").click()
    WebDriverWait(browser, 20).until(lambda d: d.execute_script("const p = document.getElementById('player');"
                                                                 "return p.readyState >= 1 && !p.seeking;"))
    at = browser.execute_script("return document.getElementById('player').currentTime")
    assert line["start"] <= at < line["start"] + 0.5, (at, line)
    assert browser.execute_script("return document.getElementById('player').getAttribute('src')") == line["audio"]
    someone_else = next(c["name"] for c in data["characters"] if c["name"] != line["speaker"])
    Select(row.find_element(By.CSS_SELECTOR, "select")).select_by_visible_text(someone_else)
    block = browser.find_element(By.ID, "pin-block").text
    assert block == (f'[[pin]]\nstory = "{data["stories"][story]["pinStory"]}"\nquote = "{line["quote"]}"\n'
                     f'speaker = "{someone_else}"')
    assert browser.find_element(By.ID, "copy").is_enabled()


@pytest.mark.audio
def test_story_text_is_shown_as_text_and_never_runs(browser, tmp_path):
    from selenium.webdriver.common.by import By

    (tmp_path / "stories").mkdir()
    (tmp_path / "stories" / "letter.txt").write_text(HOSTILE, encoding="utf-8")
    audiobook.build([tmp_path / "stories"], None, tmp_path / "out", cache_dir=tmp_path / "cache")
    page = audiobook.review([tmp_path / "stories"], None, tmp_path / "out", cache_dir=tmp_path / "cache")
    browser.get(page.as_uri())
    texts = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".segment .text")]
    assert any("</script><script>document.title = 'pwned'</script>" in t for t in texts)
    assert any("<img src=x onerror=" in t for t in texts) and any("javascript:" in t for t in texts)
    assert browser.title == "letter" and "pwned" not in browser.title
    assert browser.find_elements(By.CSS_SELECTOR, "#script img, #script a") == []
    csp = browser.find_element(By.CSS_SELECTOR, "meta[http-equiv='Content-Security-Policy']").get_attribute("content")
    assert re.search(r"script-src 'sha256-[^']+';", csp) and "unsafe-inline" not in csp and "http" not in csp


@pytest.mark.audio
def test_review_command_writes_the_page(tmp_path):
    from click.testing import CliRunner

    from audiobook.cli import main

    shutil.copytree(ROOT / "stories", tmp_path / "stories")
    args = ["--output", str(tmp_path / "out"), "--cache-dir", str(tmp_path / "cache"), "--voices",
            str(ROOT / "voices.toml"), str(tmp_path / "stories")]
    assert CliRunner().invoke(main, ["build", *args]).exit_code == 0
    result = CliRunner().invoke(main, ["review", *args])
    assert result.exit_code == 0 and (tmp_path / "out" / "review.html").exists()
    assert result.output.strip() == f"wrote {tmp_path / 'out' / 'review.html'}"


@pytest.mark.audio
def test_the_keys_reach_the_doubtful_lines_and_the_page_fits_a_phone(browser, sample_review):
    from selenium.webdriver.common.by import By

    work, page, _ = sample_review
    browser.set_window_size(400, 800)
    try:
        browser.get(page.as_uri())
        body = browser.find_element(By.TAG_NAME, "body")
        body.send_keys("n")
        current = browser.find_elements(By.CSS_SELECTOR, ".segment.current")
        assert len(current) == 1 and current[0].get_attribute("data-doubtful") == "true"
        body.send_keys("a")
        assert browser.switch_to.active_element.get_attribute("class") == "assign"
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= browser.execute_script("return window.innerWidth")  # nothing wider than the phone
        browser.save_screenshot(str(work / "review-phone.png"))
    finally:
        browser.set_window_size(1200, 900)
