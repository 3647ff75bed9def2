"""Filters live in the URL, so a copied link reopens the same view; their state belongs to the
page that shows them.

One rule, in this module: a filter widget's session key is scoped to its page
(:func:`page_key`, e.g. ``bevolking.jaar``), while its URL parameter keeps the short name
(``?jaar=2024``). Two pages may thus both have a ``jaar`` or a ``q`` without one pre-filling or
breaking the other (Streamlit's own ``bind="query-params"`` uses the key as the URL name and
carries a bound value to every page with the same key). The URL is read when the page opens or
when it changed outside the page (a pasted link, the browser's back button); after that the
widget leads and the URL follows. A value in the link that the widget does not know is dropped
and the user is told, in a short notice, that the default is shown instead.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from pathlib import Path
from typing import Any, TypeVar

import streamlit as st

T = TypeVar("T")

# Streamlit's own placeholders are English ("Choose an option").
PLACEHOLDER = "Kies een optie"
PLACEHOLDER_MULTI = "Kies een of meer opties"
_RECORD = "_permalink"  # session key: which page last wrote which URL parameters


def as_code(value: str) -> str:
    """A value from whoever made the link, as an inline code span: shown as typed, never as a link,
    markup or formatting (markdown escapes alone still let a bare URL become a link)."""
    return "`" + value.replace("`", "'").replace("\n", " ") + "`"


def _notice(label: str, bad: str) -> None:
    st.info(
        f"De link bevat een onbekende waarde voor ‘{label}’ ({as_code(bad[:60])}); de standaardweergave wordt getoond.",
        icon=":material/info:",
    )


def check_param(key: str, valid: Collection[str] | Callable[[str], bool], label: str) -> None:
    """Show a notice when the link carries a value for ``key`` that is not valid (for URL
    parameters that are not a widget's, such as the catalogue's ``dataset``)."""
    values = st.query_params.get_all(key)
    is_valid = valid if callable(valid) else (lambda v: v in valid)
    bad = [v for v in values if not is_valid(v)]
    if bad:
        _notice(label, bad[0])


def is_int_between(low: int, high: int) -> Callable[[str], bool]:
    def check(value: str) -> bool:
        return value.strip().lstrip("-").isdigit() and low <= int(value) <= high

    return check


def current_page() -> str:
    """The name of the page this script run shows: its URL path (``bevolking``), or for the
    default page (whose URL path is empty) its file's name (``open_data``)."""
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    if ctx is None:
        return "app"
    info = ctx.pages_manager.get_pages().get(ctx.page_script_hash) or {}
    return str(info.get("url_pathname") or Path(info.get("script_path") or "").stem or ctx.page_script_hash)


def page_key(name: str) -> str:
    """The session key of the filter ``name`` on the current page."""
    return f"{current_page()}.{name}"


def _written() -> dict[str, list[str]]:
    """What the current page last wrote to the URL, per parameter."""
    record = st.session_state.setdefault(_RECORD, {"page": None, "written": {}})
    if record["page"] != current_page():
        record.update(page=current_page(), written={})
    return record["written"]


def enter_page() -> None:
    """Called by the router before a page runs: after a page switch, drop from the URL the
    filters the previous page left there (unless a link set them to something else)."""
    record = st.session_state.get(_RECORD)
    if record is None or record["page"] == current_page():
        return
    for name, text in record["written"].items():
        if text and st.query_params.get_all(name) == text:
            del st.query_params[name]
    st.session_state[_RECORD] = {"page": current_page(), "written": {}}


def pending(name: str, many: bool = False) -> object | None:
    """The value the filter ``name`` of the current page takes in this run, before its widget is
    made (for another filter's default that depends on it, or a label that tells it): the
    widget's own, or when the link changed (or the page just opened) the link's last value, as
    text (with ``many``, all its values: a filter of several choices); None when neither has one."""
    key, url = page_key(name), st.query_params.get_all(name)
    if key in st.session_state and url == _written().get(name):
        return st.session_state[key]
    if many:
        return url
    return url[-1] if url else None


def narrowing_label(chosen: str, zoek: str) -> str:
    """The label of a button that holds a page's filters (a popover: its widgets are not drawn
    while it is closed): what is chosen, and the search in force, so both are in sight."""
    zoek = zoek.strip()
    return chosen + (f" · zoekterm {as_code(zoek[:40])}" if zoek else "")


def _url_filter(
    name: str,
    label: str,
    default: T,
    parse: Callable[[list[str]], T | None],
    dump: Callable[[T], list[str]],
    make: Callable[[str], T],
    always: bool = False,
) -> T:
    """Sync one widget (made by ``make(key)``) with the URL parameter ``name``; the default
    leaves the URL clean unless ``always``."""
    key, written = page_key(name), _written()
    url = st.query_params.get_all(name)
    if key not in st.session_state or url != written.get(name):
        value = parse(url) if url else default
        if value is None:
            _notice(label, url[0])
            value = default
        st.session_state[key] = value
    value = make(key)
    text = [] if value == default and not always else dump(value)
    if url != text:
        st.query_params[name] = text
    written[name] = text
    return value


def selectbox(
    where: Any,
    label: str,
    options: Sequence[T],
    name: str,
    link_label: str | None = None,
    format_func: Callable[[T], str] = str,
    always: bool = False,
    default: T | None = None,
    **kwargs: Any,
) -> T:
    """A select box whose choice is in the URL as ``name=<option>`` (the option itself, not its
    label); the default (the first option unless given) leaves the URL clean, unless ``always``."""
    return _one_of(
        options,
        name,
        link_label or label.lower(),
        lambda key: where.selectbox(
            label, options, key=key, format_func=format_func, placeholder=PLACEHOLDER, **kwargs
        ),
        always,
        default,
    )


def segmented(where: Any, label: str, options: Sequence[T], name: str, format_func: Callable[[T], str] = str) -> T:
    """Buttons side by side, one always chosen (a view of the page), in the URL as ``name=<option>``;
    the first option is the default and leaves the URL clean."""
    return _one_of(
        options,
        name,
        label.lower(),
        lambda key: where.segmented_control(label, options, key=key, format_func=format_func, required=True),
    )


def _one_of(
    options: Sequence[T],
    name: str,
    link_label: str,
    make: Callable[[str], T],
    always: bool = False,
    default: T | None = None,
) -> T:
    by_text = {str(o): o for o in options}
    first = options[0] if default is None else default
    return _url_filter(name, link_label, first, lambda url: by_text.get(url[-1]), lambda v: [str(v)], make, always)


def pills(where: Any, label: str, options: Sequence[str], name: str, link_label: str | None = None) -> list[str]:
    """Buttons that switch on and off, several at once, all in sight (for a few options; cheaper
    for the browser than a multiselect); the choices are in the URL as ``name=a&name=b``, none
    chosen is the default. A kept choice that is no longer an option (another filter changed
    them) is dropped, as a multiselect does."""
    key = page_key(name)
    if isinstance(kept := st.session_state.get(key), list):
        st.session_state[key] = [v for v in kept if v in options]

    def parse(url: list[str]) -> list[str] | None:
        return None if any(v not in options for v in url) else list(dict.fromkeys(url))

    return _url_filter(
        name,
        link_label or label.lower(),
        [],
        parse,
        list,
        lambda key: where.pills(label, options, key=key, selection_mode="multi"),
    )


def text_input(where: Any, label: str, name: str, max_chars: int = 200, **kwargs: Any) -> str:
    """A text box (a search) whose text is in the URL; empty is the default."""
    return _url_filter(
        name,
        label.lower(),
        "",
        lambda url: url[-1][:max_chars],
        lambda v: [v],
        lambda key: where.text_input(label, key=key, max_chars=max_chars, **kwargs),
    )


def slider(where: Any, label: str, low: int, high: int, name: str, default: int, **kwargs: Any) -> int:
    """A whole-number slider whose value is in the URL; ``default`` leaves the URL clean."""
    valid = is_int_between(low, high)
    return _url_filter(
        name,
        label.lower(),
        default,
        lambda url: int(url[-1]) if valid(url[-1]) else None,
        lambda v: [str(v)],
        lambda key: where.slider(label, low, high, key=key, **kwargs),
    )
