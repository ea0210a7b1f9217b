"""The class table's pages in the browser: a class larger than a page shows its first students
and "Show more students" under them, which brings the next page; a new filter starts again from
its first page. Its students (`lab2-…`, a second lab group's) have no jobs: a student without
any still has a row of their own.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.accounts import Accounts, add_users
from tests.e2e.test_sign_in import signed_in

GROUP = "lab2-"
STUDENTS = [f"{GROUP}s{n:02}" for n in range(23)]  # a page holds 20 (classQuery.ts PAGE_STUDENTS)


def test_show_more_students_brings_the_next_page(page: Page, accounts_server: Accounts) -> None:
    add_users(accounts_server, {"tess": "teacher", **dict.fromkeys(STUDENTS, "student")})
    editor = signed_in(page, accounts_server, "tess")
    editor.testid("nav-class").click()
    editor.testid("class-filter-student").fill(GROUP)
    rows = page.locator("tr[data-name]")
    expect(rows).to_have_count(20, timeout=15_000)
    expect(page.locator(f"tr[data-name]:not([data-name^='{GROUP}'])")).to_have_count(0)
    expect(editor.testid("class-shown")).to_have_text("20 of 23 students")

    editor.testid("class-more").click()
    expect(rows).to_have_count(23)
    expect(editor.testid("class-more")).to_have_count(0)  # nothing more to show
    shown = set(rows.evaluate_all("rows => rows.map(r => r.dataset.name)"))
    assert shown == set(STUDENTS), shown ^ set(STUDENTS)

    editor.testid("language").select_option("ja")  # the same words in Japanese
    editor.testid("class-filter-student").fill(f"{GROUP}s")  # a new filter: its first page again
    expect(editor.testid("class-shown")).to_have_text("学生 23 人中 20 人", timeout=15_000)
    expect(rows).to_have_count(20)
    expect(editor.testid("class-more")).to_have_text("学生をさらに表示")
