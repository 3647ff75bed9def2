"""The page menu in the sidebar, as plain HTML: a ``<nav>`` of links, one list per section.

Streamlit's own menu (``st.navigation`` in the sidebar) is a widget that the browser builds anew on
every visit: with fifteen pages in six sections it cost 45–65 ms of each warm page load, measured in
Chromium against the same page with the menu hidden (README, "Snelheid meten"). So the router keeps
Streamlit's navigation for what it does on the server (which pages exist, the URL of each, the
default page) with ``position="hidden"``, and this module draws the menu.

A click on a link switches the page inside the running app, as Streamlit's menu does: the link's
URL is pushed onto the history and the browser's "back" event is sent, which Streamlit answers by
running the page at that URL (how the back button works). A click with a modifier key (a new tab,
a new window) is left to the browser, and without script each link is an ordinary link. Should a
Streamlit version not answer the event (``streamlit>=1.67,<2`` in pyproject.toml), the click falls
back to an ordinary link: a full load of the page (tests/e2e/test_pages_browser.py checks both).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Protocol

import streamlit as st

LABEL = "Pagina's"

MENU_CSS = """<style>
.mc-nav { margin: 0 0 1rem; }
.mc-nav-section { font-size: 0.875rem; font-weight: 600; color: #595959; margin: 0.75rem 0 0.25rem 0.5rem; }
.mc-nav-section:first-child { margin-top: 0; }
.mc-nav ul { list-style: none; margin: 0; padding: 0; }
.mc-nav li { margin: 0; padding: 0; }
.mc-nav a { display: flex; align-items: center; gap: 0.5rem; padding: 0.25rem 0.5rem; border-radius: 0.5rem;
  color: #31333f; text-decoration: none; line-height: 1.6; }
.mc-nav a:hover { background: rgba(151, 166, 195, 0.15); }
.mc-nav a[aria-current="page"] { background: rgba(151, 166, 195, 0.25); font-weight: 600; }
.mc-nav a:focus-visible { outline: 2px solid #0072B2; outline-offset: 1px; }
.mc-nav-icon { font-family: "Material Symbols Rounded"; font-size: 1.25rem; line-height: 1; color: #595959;
  font-feature-settings: "liga"; -webkit-font-smoothing: antialiased; user-select: none; }
</style>"""

MENU_JS = """<script>
(() => {
  if (window.mechelenMenu) return;
  window.mechelenMenu = true;
  // Should a Streamlit version not answer the event with a run of the page, the link is followed
  // as an ordinary link (a full load of that page) rather than leaving the click without effect.
  const followIfUnanswered = (href) => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return;
    let answered = false;
    const watch = new MutationObserver(() => {
      if (app.getAttribute("data-test-script-state") !== "notRunning") answered = true;
    });
    watch.observe(app, { attributes: true, attributeFilter: ["data-test-script-state"] });
    setTimeout(() => {
      watch.disconnect();
      if (!answered && location.href === href) location.assign(href);
    }, 3000);
  };
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a.mc-nav-link");
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey
        || event.shiftKey || event.altKey) return;
    event.preventDefault();
    if (link.href !== location.href) {
      followIfUnanswered(link.href);  // watching before the event: no answer can come before the watch
      history.pushState(null, "", link.href);
      window.dispatchEvent(new PopStateEvent("popstate"));
    }
    // On a phone the sidebar lies over the page: it closes after a choice, as Streamlit's menu does.
    if (navigator.userAgentData?.mobile ?? /Mobi|Android|iPhone|iPad/i.test(navigator.userAgent)) {
      document.querySelector('[data-testid="stSidebarCollapseButton"] button')?.click();
    }
  });
})();
</script>"""


class MenuPage(Protocol):
    """What the menu reads of a page (``st.Page``)."""

    @property
    def title(self) -> str: ...
    @property
    def url_path(self) -> str: ...
    @property
    def icon(self) -> str: ...
    @property
    def visibility(self) -> str: ...


def _icon(icon: str) -> str:
    """A page's icon as the menu shows it: a Material symbol by its name, an emoji as itself."""
    if not icon:
        return ""
    name = icon.removeprefix(":material/").removesuffix(":") if icon.startswith(":material/") else None
    return f'<span class="mc-nav-icon" aria-hidden="true">{escape(name or icon)}</span>'


def menu_html(sections: Mapping[str, Sequence[MenuPage]], current: MenuPage) -> str:
    """The menu of ``sections`` (as given to ``st.navigation``, after it ran: the default page's
    URL is then the app's root), ``current`` marked as the page shown. Hidden pages are left out.
    Each link is the page's URL under the server's base path (``server.baseUrlPath``)."""
    base = "/".join(part for part in str(st.get_option("server.baseUrlPath")).split("/") if part)
    root = f"/{base}/" if base else "/"
    parts = [f'<nav class="mc-nav" aria-label="{escape(LABEL)}">']
    for number, (title, pages) in enumerate(sections.items()):
        links = [
            f'<li><a class="mc-nav-link" href="{escape(root + page.url_path)}"'
            + (' aria-current="page"' if page is current else "")
            + f">{_icon(page.icon)}<span>{escape(page.title)}</span></a></li>"
            for page in pages
            if page.visibility != "hidden"
        ]
        if links:
            heading = f"mc-nav-{number}"
            parts.append(f'<p class="mc-nav-section" id="{heading}">{escape(title)}</p>')
            parts.append(f'<ul aria-labelledby="{heading}">{"".join(links)}</ul>')
    parts.append("</nav>")
    return MENU_CSS + "".join(parts) + MENU_JS
