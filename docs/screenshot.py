"""Make docs/review.png: the review page of the sample stories, scrolled to the dialogue, with one
correction made. Run from the repository: .venv/bin/python docs/screenshot.py (needs chromium)."""
import shutil
import tempfile
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

import audiobook

ROOT = Path(__file__).resolve().parent.parent
work = Path(tempfile.mkdtemp())
shutil.copytree(ROOT / "stories", work / "stories")
audiobook.build([work / "stories"], ROOT / "voices.toml", work / "output", cache_dir=work / "cache")
page = audiobook.review([work / "stories"], ROOT / "voices.toml", work / "output", cache_dir=work / "cache")
options = webdriver.ChromeOptions()
options.binary_location = shutil.which("chromium")
for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
             "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1200,700",
             f"--user-data-dir={work / 'chromium'}"):
    options.add_argument(flag)
driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
driver.get(page.as_uri())
row = driver.find_element(By.CSS_SELECTOR, ".segment.dialogue")
Select(row.find_element(By.CSS_SELECTOR, "select")).select_by_visible_text("Kaneko Dufresne")
driver.find_element(By.TAG_NAME, "body").send_keys("n")
driver.save_screenshot(str(ROOT / "docs" / "review.png"))
driver.quit()
shutil.rmtree(work)
