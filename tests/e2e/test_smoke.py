"""The browser starts and opens the app: when this fails, the others cannot tell you why."""

from __future__ import annotations

from playwright.sync_api import Page, expect


def test_browser_opens_the_editor_page(page: Page, server: str) -> None:
    page.goto(f"{server}/")
    expect(page).to_have_title("NetCanvas")
