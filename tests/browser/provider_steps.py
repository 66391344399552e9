"""The provider's pages, in one place: what a provider clicks and types, by label text and role.

When the provider's pages change, this is the file to update. Today the steps are: sign in; the
organisation; "Add an entry" (what to add and its name); the GOV.UK task list, one section page
at a time with "Save and continue"; check your answers; "Submit for review"."""

from tests.factories import PASSWORD

# A service listing, section by section as the task list shows them: the section's link text,
# then what to do on its page. ("fill", label, text) types; ("choose", label) selects a radio
# button or ticks a checkbox. Sections with nothing to do are still passed through.
SERVICE_ANSWERS = [
    ("About the service", [("fill", "Description", "Weekly drop-in sessions for parents."),
                           ("choose", "Health")]),
    ("Who it is for", [("choose", "Autism")]),
    ("How to use it", [("fill", "How families can use it or be referred", "Just come along."),
                       ("choose", "Online or by phone")]),
    ("Costs", [("choose", "Yes, it is free")]),
    ("Contact details", [("fill", "Email address", "team@example.org")]),
    ("Where and when", [("fill", "Postcode", "DH1 5UQ")]),
    ("Leaflet or more information", []),
]
WRONG_POSTCODE = ("Where and when", "Postcode", "DH1", "Enter a full UK postcode, like DH1 5UQ")

# A service families go to, open twice on a Tuesday: opening times are a row per session, and
# "Add another session" brings a second row (without scripts too). ("session", n, day, opens,
# closes) fills session n; ("press", button) presses a button that stays on the section.
IN_PERSON_ANSWERS = [
    SERVICE_ANSWERS[0], SERVICE_ANSWERS[1],
    ("How to use it", [("fill", "How families can use it or be referred", "Just come along."),
                       ("choose", "In person")]),
    SERVICE_ANSWERS[3], SERVICE_ANSWERS[4],
    ("Where and when", [("fill", "Postcode", "DH1 5UQ"), ("session", 1, "Tuesday", "09:05", "11:30"),
                        ("press", "Add another session"), ("session", 2, "Tuesday", "13:00", "15:00")]),
    SERVICE_ANSWERS[6],
]


def sign_in(person, email, *, with_a_mistake=False):
    """From the public Local Offer, through the navigation, to the portal."""
    person.open("/", "the Local Offer")
    person.follow("Provider sign in", "sign in", in_navigation=True)
    if with_a_mistake:
        person.submit_expecting_errors("Sign in", "sign in left empty",
                                       "Enter your email address", "Enter your password")
    person.fill("Email address", email)
    person.fill("Password", PASSWORD)
    person.press("Sign in", "signed in")


def add_service(person, provider_name, name, *, with_mistakes=False):
    """From the portal's home page to the task list of a new service listing."""
    person.follow(provider_name, "the organisation", within=person.main)
    person.press("Add an entry", "add an entry")
    if with_mistakes:
        person.submit_expecting_errors("Continue", "add an entry left empty",
                                       "Select what you want to add", "Enter a name")
    person.choose("A service")
    person.fill("Name", name)
    person.press("Continue", "the sections to complete")


def complete_sections(person, answers=SERVICE_ANSWERS, *, with_mistakes=False):
    """Every section in order, from the first section's link on the task list, "Save and continue"
    leading from each to the next and, after the last, to check your answers."""
    person.follow(answers[0][0], f"section {answers[0][0]}", within=person.main)
    for number, (section, actions) in enumerate(answers):
        if with_mistakes and section == WRONG_POSTCODE[0]:
            _section, label, text, message = WRONG_POSTCODE
            person.fill(label, text)
            person.submit_expecting_errors("Save and continue", f"section {section} with a wrong postcode", message)
        for action, label, *text in actions:
            if action == "fill":
                person.fill(label, *text)
            elif action == "session":
                day, opens, closes = text
                row = person.page.get_by_role("group", name=f"Session {label}", exact=True)
                person.select("Day", day, within=row)
                person.fill("Opens", opens, within=row)
                person.fill("Closes", closes, within=row)
            elif action == "press":
                person.press(label, f"section {section}, {label.lower()}")
            else:
                person.choose(label)
        following = answers[number + 1][0] if number + 1 < len(answers) else "check your answers"
        person.press("Save and continue", f"section {following}")
    assert person.heading() == "Check your answers before you submit"


def submit(person):
    """On check your answers: send the entry for review."""
    person.press("Submit for review", "submitted for review")
    assert "has been submitted for review" in person.main.inner_text()


def resubmit_after_changes(person, provider_name, entry_name, section, label, text):
    """After a moderator asked for changes: find the entry, change one answer, submit again."""
    person.follow("Your entries", "your entries", in_navigation=True)
    person.follow(provider_name, "the organisation", within=person.main)
    person.follow(entry_name, "the entry", within=person.main)
    person.press("Continue with this entry", "the sections to complete")
    person.follow(section, f"section {section}", within=person.main)
    person.fill(label, text)
    person.press("Save and return to the sections", "the sections to complete")
    person.press("Check your answers", "check your answers")
    submit(person)
