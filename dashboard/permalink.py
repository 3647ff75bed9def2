"""Filters live in the URL (widgets bound with ``bind="query-params"``), so a copied link reopens
the same view. A value in the link that the widget does not know is dropped by Streamlit; here
the user is told, in a short notice, that the default is shown instead."""

from __future__ import annotations

from collections.abc import Callable, Collection

import streamlit as st


def as_code(value: str) -> str:
    """A value from whoever made the link, as an inline code span: shown as typed, never as a link,
    markup or formatting (markdown escapes alone still let a bare URL become a link)."""
    return "`" + value.replace("`", "'").replace("\n", " ") + "`"


def check_param(key: str, valid: Collection[str] | Callable[[str], bool], label: str) -> None:
    """Show a notice when the link carries a value for ``key`` that is not valid."""
    values = st.query_params.get_all(key)
    is_valid = valid if callable(valid) else (lambda v: v in valid)
    bad = [v for v in values if not is_valid(v)]
    if bad:
        st.info(
            f"De link bevat een onbekende waarde voor ‘{label}’ ({as_code(bad[0][:60])}); "
            "de standaardweergave wordt getoond.",
            icon=":material/info:",
        )


def is_int_between(low: int, high: int) -> Callable[[str], bool]:
    def check(value: str) -> bool:
        return value.strip().lstrip("-").isdigit() and low <= int(value) <= high

    return check
