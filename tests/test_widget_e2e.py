"""The chat widget in a real browser: Debian's headless Chromium through Python Playwright."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect, sync_playwright
from web_server import live_server

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
HOSTILE = "<img src=x onerror=alert(1)>"
OTHER_SITE = "http://hotline.example"


@pytest.fixture(scope="module")
def server(founding_db, tmp_path_factory):
    state = tmp_path_factory.mktemp("widget") / "state.sqlite"
    with live_server(founding_db, state, workers=2, cors=OTHER_SITE) as url:
        yield url


@pytest.fixture(scope="module")
def playwright():
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="module")
def browser(playwright):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
    yield browser
    browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN")
    page = context.new_page()
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    errors = []  # script errors and CSP violations of the demo page's strict policy land here
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield page
    context.close()
    assert errors == []


def open_widget(page: Page, url: str) -> None:
    page.goto(url)
    page.get_by_role("button", name="打开预算问答").click()
    expect(page.get_by_role("dialog", name="预算问答")).to_be_visible()


def ask(page: Page, question: str) -> None:
    box = page.get_by_label("输入问题")
    box.fill(question)
    box.press("Enter")
    expect(page.locator(".msg.wait")).to_have_count(0)


def last_answer(page: Page):
    return page.locator(".log .msg.bot").last


def test_visitor_asks_follows_up_and_clicks_a_suggestion(page, server, tmp_path):
    open_widget(page, server + "/")
    ask(page, "三公经费是多少")
    expect(last_answer(page)).to_contain_text("3.93万元")
    expect(last_answer(page).locator(".source")).to_contain_text("来源：")
    ask(page, "其中公务接待费呢")
    expect(last_answer(page)).to_contain_text("1.90")
    chips = page.get_by_role("group", name="推荐问题").get_by_role("button")
    expect(chips.first).to_be_visible()
    suggestion = chips.first.text_content()
    chips.first.click()
    expect(page.locator(".log .msg.me").last).to_have_text(suggestion)
    expect(page.locator(".log .msg.bot")).to_have_count(4)  # welcome and three answers
    page.screenshot(path=tmp_path / "widget.png")
    assert (tmp_path / "widget.png").stat().st_size > 10_000


def test_conversation_survives_moving_to_another_page(page, server):
    open_widget(page, server + "/")
    ask(page, "三公经费是多少")
    page.get_by_role("link", name="预算公开").first.click()
    page.wait_for_url("**/budget")
    expect(page.get_by_role("dialog", name="预算问答")).to_be_visible()  # still open on the new page
    expect(page.locator(".log .msg.me").first).to_have_text("三公经费是多少")
    ask(page, "其中公务接待费呢")
    expect(last_answer(page)).to_contain_text("1.90")


def test_markup_in_a_question_is_shown_as_text_and_runs_nothing(page, server):
    open_widget(page, server + "/")
    ask(page, HOSTILE + "三公经费是多少")
    expect(page.locator(".log .msg.me").last).to_have_text(HOSTILE + "三公经费是多少")
    expect(page.locator(".log img")).to_have_count(0)
    assert page.dialogs == []


def test_markup_in_a_reply_is_shown_as_text_and_a_chart_is_drawn(page, server):
    reply = {"answer": HOSTILE + "答复", "intent": "amount", "confidence": 1.0, "session": "x" * 16,
             "sources": [{"document": HOSTILE, "place": "表7", "row": None, "column": None}],
             "suggestions": [HOSTILE],
             "chart": {"kind": "bar", "title": HOSTILE, "labels": [HOSTILE, "公务用车"], "values": [1.9, 2.03],
                       "unit": "万元"}}
    page.route("**/api/ask", lambda route: route.fulfill(json=reply))
    open_widget(page, server + "/")
    ask(page, "三公经费是多少")
    answer = last_answer(page)
    expect(answer.locator(".text")).to_have_text(HOSTILE + "答复")
    expect(answer.locator(".source")).to_have_text(f"来源：{HOSTILE} 表7")
    expect(answer.locator("svg rect")).to_have_count(2)
    expect(page.get_by_role("group", name="推荐问题").get_by_role("button")).to_have_text([HOSTILE])
    expect(page.locator(".log img")).to_have_count(0)
    assert page.dialogs == []


def test_a_breakdown_comes_with_a_bar_chart(page, server, tmp_path):
    open_widget(page, server + "/")
    ask(page, "三公经费构成")
    chart = last_answer(page).get_by_role("img", name="2024年“三公”经费构成")
    expect(chart.locator("rect")).to_have_count(3)
    expect(chart).to_contain_text("公务接待费")
    chart.screenshot(path=tmp_path / "chart.png")


def test_keyboard_alone_opens_asks_and_closes(page, server):
    page.goto(server + "/")
    page.get_by_role("button", name="打开预算问答").focus()
    page.keyboard.press("Enter")
    page.keyboard.type("三公经费是多少")
    page.keyboard.press("Enter")
    expect(last_answer(page)).to_contain_text("3.93万元")
    page.keyboard.press("Escape")
    expect(page.get_by_role("dialog", name="预算问答")).to_be_hidden()
    focused = page.evaluate("document.querySelector('[data-budgetbot]').shadowRoot.activeElement.className")
    assert focused == "bubble"


def test_on_a_phone_the_panel_fills_the_screen(browser, server):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server + "/")
    page.get_by_role("button", name="打开预算问答").tap()
    panel = page.get_by_role("dialog", name="预算问答")
    expect(panel).to_be_visible()
    box = panel.bounding_box()
    assert box["width"] == 390 and box["height"] == 844
    assert page.get_by_label("输入问题").bounding_box()["y"] < 844
    context.close()


def other_site(page: Page, origin: str, server: str) -> None:
    """Serve a foreign page at `origin` that embeds the widget and tries to restyle every button."""
    html = f"""<!doctype html><html><head><meta charset="utf-8">
        <style>button {{ background: lime !important; font-size: 40px; }}</style></head><body><h1>另一个网站</h1>
        <script src="{server}/widget.js" data-title="热线问答" data-color="#0b4f9c" async></script></body></html>"""
    page.route(origin + "/", lambda route: route.fulfill(body=html, content_type="text/html; charset=utf-8"))
    page.goto(origin + "/")
    page.get_by_role("button", name="打开热线问答").click()


def test_widget_works_on_an_allowed_site_only_and_keeps_its_own_styles(playwright, server):
    # Chromium's local-network rules stop a public page from reaching a loopback server;
    # here both stand on loopback, so those rules are turned off to play a real deployment.
    local_ok = "--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests"
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*ARGS, local_ok])
    try:
        page = browser.new_page()
        other_site(page, OTHER_SITE, server)
        bubble = page.get_by_role("button", name="打开热线问答")
        assert bubble.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(11, 79, 156)"
        ask(page, "三公经费是多少")
        expect(last_answer(page)).to_contain_text("3.93万元")
        stored = page.evaluate("Object.entries(localStorage).find(([k]) => k.startsWith('budgetbot:'))[1]")
        assert json.loads(stored)["items"][0]["text"] == "三公经费是多少"

        other_site(page, "http://not-allowed.example", server)  # not in BUDGETBOT_CORS_ORIGINS
        ask(page, "三公经费是多少")
        expect(page.locator(".log .msg.err").last).to_have_text("网络连接失败，请稍后再试。")
    finally:
        browser.close()
