"""A person going through the portal in a real browser: by keyboard alone or by pointer, with or
without JavaScript, on a desktop or a phone. Every step is photographed and, where scripts run,
checked with axe-core against WCAG 2.2 A and AA."""

import json
import re
from dataclasses import dataclass
from pathlib import Path

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# GOV.UK's focus colour ($govuk-focus-colour, #ffdd00) as the browser reports it.
FOCUS_YELLOW = "rgb(255, 221, 0)"
MOST_TABS_TO_REACH = 300


@dataclass(frozen=True)
class Variant:
    name: str
    width: int
    height: int
    keyboard: bool  # reach and use everything with Tab, Shift+Tab, Enter, Space and arrows only
    javascript: bool
    phone: bool = False

    def context_options(self):
        options = {"viewport": {"width": self.width, "height": self.height},
                   "java_script_enabled": self.javascript, "locale": "en-GB", "timezone_id": "Europe/London"}
        if self.phone:
            options.update(is_mobile=True, has_touch=True)
        return options


DESKTOP = Variant("desktop", 1280, 900, keyboard=True, javascript=True)
PHONE = Variant("phone", 390, 844, keyboard=False, javascript=True, phone=True)
NO_JAVASCRIPT = Variant("no-javascript", 1280, 900, keyboard=False, javascript=False)
DESKTOP_POINTER = Variant("desktop-pointer", 1280, 900, keyboard=False, javascript=True)
PHONE_NO_JAVASCRIPT = Variant("phone-no-javascript", 390, 844, keyboard=False, javascript=False, phone=True)


# Where focus is and what it looks like, in one call per key press. For GOV.UK radios and
# checkboxes the input itself is transparent: the ring is drawn on its label's ::before.
_FOCUS_STATE = """([target, yellow]) => {
  const el = document.activeElement;
  const none = !el || el === document.body || el === document.documentElement;
  const ringed = (cs) => (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0 && cs.outlineColor === yellow)
      || cs.boxShadow.includes(yellow) || cs.backgroundColor === yellow;
  let visible = none || ringed(getComputedStyle(el));
  if (!visible && el.matches('input[type=radio], input[type=checkbox]') && el.labels.length) {
    visible = ringed(getComputedStyle(el.labels[0], '::before'));
  }
  const sameGroup = target.type === 'radio' && !none && el.type === 'radio' && el.name === target.name
      && el.form === target.form;
  return {
    at: el === target || sameGroup,
    forward: none || !!(el.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING),
    visible,
    described: none ? 'nothing' : el.outerHTML.slice(0, 160),
  };
}"""


class Journey:
    def __init__(self, page, variant: Variant, *, artifacts: Path, steps, who: str, axe_source: str):
        self.page = page
        self.variant = variant
        self.artifacts = artifacts
        self.steps = steps  # shared by everyone in one test, so the screenshots read in order
        self.who = who
        self.axe_source = axe_source
        self.checked_with_axe = []

    # --- Going places ---------------------------------------------------------------------------

    def open(self, path: str, step: str):
        """Type an address, as anyone can."""
        self.page.goto(path)
        self.checkpoint(step)

    def follow(self, link: str, step: str, *, in_navigation=False, within=None):
        target = (within or self.page).get_by_role("link", name=link, exact=True)
        if in_navigation:
            self._open_menu_if_collapsed()
        self._activate(target, step)

    def press(self, button: str, step: str, *, within=None):
        target = (within or self.page).get_by_role("button", name=button, exact=True)
        self._activate(target, step)

    def submit_expecting_errors(self, button: str, step: str, *messages: str):
        """Send a form that is wrong on purpose: the GOV.UK error summary lists each message and,
        where scripts run, takes focus so that a screen reader announces it."""
        self.press(button, step)
        summary = self.page.locator(".govuk-error-summary")
        assert summary.is_visible(), f"no error summary after {step}"
        for message in messages:
            assert summary.get_by_role("link", name=message).count() == 1, f"{message!r} not in the summary"
        assert self.page.title().startswith("Error: ")
        if self.variant.javascript:
            self.page.wait_for_function(
                "() => document.activeElement && document.activeElement.classList.contains('govuk-error-summary')",
                timeout=5000)
            self._assert_focus_visible()

    @property
    def main(self):
        return self.page.get_by_role("main")

    def heading(self) -> str:
        return self.page.get_by_role("heading", level=1).inner_text()

    # --- Filling in forms -----------------------------------------------------------------------

    def fill(self, label: str, text: str, *, within=None):
        field = (within or self.page).get_by_label(label, exact=True)
        if self.variant.keyboard:
            self.tab_to(field)
            self.page.keyboard.press("Control+A")
            self.page.keyboard.press("Delete")
            self.page.keyboard.type(text)
        else:
            field.fill(text)
        assert field.input_value() == text

    def select(self, label: str, option: str, *, within=None):
        """Pick an option of a drop-down list, by its label: typed ahead from the keyboard, or
        picked from the list."""
        field = (within or self.page).get_by_label(label, exact=True)
        if self.variant.keyboard:
            self.tab_to(field)
            self.page.keyboard.type(option)
        else:
            field.select_option(label=option)
        assert field.evaluate("el => el.options[el.selectedIndex].text") == option

    def attach(self, label: str, path):
        """Choose a file for a file input, by its label."""
        self.page.get_by_label(label, exact=True).set_input_files(str(path))

    def choose(self, label: str):
        """Select a radio button or tick a checkbox, by its label."""
        field = self.page.get_by_label(label, exact=True)
        if not self.variant.keyboard:
            if not field.is_checked():
                field.tap() if self.variant.phone else field.check()
        elif field.get_attribute("type") == "radio":
            self.tab_to(field)
            # Arrow keys move through a radio group and select as they go.
            for _ in range(20):
                if field.is_checked():
                    break
                self.page.keyboard.press("ArrowDown")
                self._assert_focus_visible()
        else:
            self.tab_to(field)
            if not field.is_checked():
                self.page.keyboard.press("Space")
        assert field.is_checked(), f"{label!r} is not selected"

    # --- Each step: a screenshot and the accessibility rules ------------------------------------

    def checkpoint(self, step: str):
        name = re.sub(r"[^a-z0-9]+", "-", f"{self.who} {step}".lower()).strip("-")
        self.page.screenshot(path=self.artifacts / f"{next(self.steps):02d}-{name}.png", full_page=True)
        if self.variant.javascript:
            self._assert_no_axe_violations(step)

    def _assert_no_axe_violations(self, step: str):
        if not self.page.evaluate("() => typeof window.axe === 'object'"):
            # Evaluated through the browser's debugging protocol, so the page's content security
            # policy (no inline scripts) stays as it is.
            self.page.evaluate(self.axe_source)
        violations = self.page.evaluate(
            """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
                 .then(r => r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                                   nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))""",
            AXE_TAGS)
        self.checked_with_axe.append(self.page.url)
        assert not violations, (f"axe-core found WCAG 2.2 A/AA failures at step {step!r} ({self.page.url}):\n"
                                + json.dumps(violations, indent=2))

    # --- How a person acts ----------------------------------------------------------------------

    def _activate(self, target, step: str):
        with self.page.expect_navigation():
            if self.variant.keyboard:
                self.tab_to(target)
                self.page.keyboard.press("Enter")
            elif self.variant.phone:
                target.tap()
            else:
                target.click()
        self.checkpoint(step)

    def _open_menu_if_collapsed(self):
        # On a phone, with scripts, GOV.UK service navigation folds its links behind "Menu".
        menu = self.page.locator(".govuk-service-navigation__toggle")
        if menu.count() and menu.is_visible() and menu.get_attribute("aria-expanded") != "true":
            if self.variant.keyboard:
                self.tab_to(menu)
                self.page.keyboard.press("Enter")
            else:
                menu.tap() if self.variant.phone else menu.click()

    def tab_to(self, locator):
        """Tab (or Shift+Tab) until the element has focus, checking at every stop that the focus
        can be seen."""
        target = locator.element_handle()
        for _ in range(MOST_TABS_TO_REACH):
            state = self.page.evaluate(_FOCUS_STATE, [target, FOCUS_YELLOW])
            assert state["visible"], f"focus cannot be seen on {state['described']} at {self.page.url}"
            if state["at"]:
                return
            self.page.keyboard.press("Tab" if state["forward"] else "Shift+Tab")
        raise AssertionError(f"could not reach {locator} with the Tab key at {self.page.url}")

    def _assert_focus_visible(self):
        state = self.page.evaluate(_FOCUS_STATE, [self.page.locator("body").element_handle(), FOCUS_YELLOW])
        assert state["visible"], f"focus cannot be seen on {state['described']} at {self.page.url}"
