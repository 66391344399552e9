"""The review state machine drawn from its own table, so the picture cannot drift from the code."""

from workflow.machine import ACTIONS, RevisionState


def workflow_markdown() -> str:
    lines = [
        "# The review workflow",
        "",
        "Generated from `workflow/machine.py` by `python manage.py workflow_diagram`; a test checks",
        "that this file matches the code. Do not edit it by hand.",
        "",
        "```mermaid",
        "stateDiagram-v2",
        f"    [*] --> {RevisionState.DRAFT}",
    ]
    for action in ACTIONS.values():
        for source in action.source:
            lines.append(f"    {source} --> {action.target}: {action.name}")
    lines += ["```", "", "| action | from | to | who | needs |", "|---|---|---|---|---|"]
    for action in ACTIONS.values():
        needs = []
        if action.conditions:
            needs.append("a complete entry")
        if action.comment_required:
            needs.append("a reason")
        lines.append(
            f"| {action.label} (`{action.name}`) | {', '.join(action.source)} | {action.target} | "
            f"{action.who} | {', '.join(needs) or '-'} |"
        )
    lines += ["", "| state | shown to people as |", "|---|---|"]
    lines += [f"| `{state.value}` | {state.label} |" for state in RevisionState]
    return "\n".join(lines) + "\n"
