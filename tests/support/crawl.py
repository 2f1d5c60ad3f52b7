"""A signed-in crawl of the portal in a real browser, for checks that hold on every page: what
each role reaches by following links from its start page, one page per address shape (the
numbers in an address are ids: /clients/3 and /clients/4 are the same page), with the HTML
the server sent and how far the page scrolls sideways."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

#: Addresses that are not pages to look at: downloads, printouts' files, signing out.
SKIP = re.compile(
    r"(\.(csv|xlsx|json|pdf|png|svg|zip)$)|/(download|export|logout)\b|^/static/|/my-data/file"
)
#: Enough pages per role to reach every kind of page the demo data has.
MAX_PAGES = 150
VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules/vnu-jar/build/dist/vnu.jar"

#: What sticks out of the page on either side (a right-to-left page overflows to the left),
#: apart from the skip link that waits off-screen and the header that moves with the page.
WIDE = """() => {
  const width = document.documentElement.clientWidth;
  return [...document.querySelectorAll("body *")]
    .filter(e => e.checkVisibility() && e.className !== "skip-link" && !e.closest(".site-header"))
    .filter(e => {
      const r = e.getBoundingClientRect();
      return r.right > width + 1 || r.left < -1;
    })
    .slice(0, 4).map(e => e.tagName + "." + e.className + " " + (e.textContent || "").slice(0, 30));
}"""


@dataclass
class Visit:
    path: str
    status: int
    html: str
    overflow: int
    widest: list[str]
    #: What ``audit`` found on the page (for example axe's violations), if the crawl had one.
    problems: list[str] = field(default_factory=list)


def shape(path: str) -> str:
    """The address with its ids as N and its query values dropped: one page of each kind."""
    parts = urlsplit(path)
    keys = sorted(k.split("=")[0] for k in parts.query.split("&") if k)
    return re.sub(r"\d+", "N", parts.path) + ("?" + "&".join(keys) if keys else "")


def _links(page, base: str) -> list[str]:
    hrefs = page.locator("a[href]").evaluate_all("els => els.map(e => e.href)")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != base or SKIP.search(parts.path):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def crawl(
    page,
    base: str,
    also: tuple[str, ...] = (),
    limit: int = MAX_PAGES,
    audit: Callable[[object], list[str]] | None = None,
) -> list[Visit]:
    """Follow links breadth first from the start page, one page per shape, at most ``limit``;
    ``also`` are pages of a shape already seen that show other states (other forms);
    ``audit`` looks at each page in the browser and names what it finds wrong."""
    queue, seen, visits = ["/", *also], {"/"}, []
    while queue and len(visits) < limit:
        path = queue.pop(0)
        response = page.goto(f"{base}{path}")
        if response is None or "html" not in (response.headers.get("content-type") or ""):
            continue
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        widest = page.evaluate(WIDE) if overflow > 0 else []
        problems = audit(page) if audit is not None else []
        visits.append(Visit(path, response.status, response.text(), overflow, widest, problems))
        for link in _links(page, base):
            if shape(link) not in seen:
                seen.add(shape(link))
                queue.append(link)
    return visits


def vnu_available() -> bool:
    return VNU_JAR.exists() and shutil.which("java") is not None


def vnu_errors(pages: dict[str, str], workdir: Path) -> dict[str, list[str]]:
    """The Nu Html Checker's errors per page, all pages checked in one run of the checker."""
    import json

    files = {}
    for n, (name, html) in enumerate(pages.items()):
        file = workdir / f"page{n}.html"
        file.write_text(html, encoding="utf-8")
        files[str(file.resolve())] = name
    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    errors: dict[str, list[str]] = {}
    for message in json.loads(result.stderr or '{"messages": []}')["messages"]:
        url = message.get("url", "")
        name = files.get("/" + url.removeprefix("file:").lstrip("/"), url)
        errors.setdefault(name, []).append(
            f"{message.get('lastLine')}: {message['message']} [{message.get('extract', '')}]"
        )
    return errors
