"""Documentation that is generated must be current; documentation that is written must cover."""

from __future__ import annotations

from pathlib import Path

from reporting_gateway.docs import reports_markdown, update_readme

ROOT = Path(__file__).parents[1]


def test_readme_generated_sections_are_current() -> None:
    readme = (ROOT / "README.md").read_text()
    assert update_readme(readme) == readme, "README.md is stale: run `make schema`"


def test_reports_doc_is_current() -> None:
    assert (ROOT / "docs" / "reports.md").read_text() == reports_markdown(), "run `make schema`"


def test_readme_shows_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make run" in readme and "make test" in readme
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_every_error_code_has_a_section_in_the_error_docs() -> None:
    from reporting_gateway.errors import ErrorCode

    text = (ROOT / "docs" / "errors.md").read_text()
    for code in ErrorCode:
        assert f"## {code.value}\nHTTP {code.status}" in text, code


def test_every_error_code_has_an_example_answer_with_that_code() -> None:
    import json
    import re

    from reporting_gateway.errors import ErrorCode

    text = (ROOT / "docs" / "errors.md").read_text()
    for code in ErrorCode:
        section = text.split(f"## {code.value}\n", 1)[1].split("\n## ", 1)[0]
        block = re.search(r"```json\n(.*?)\n```", section, re.S)
        assert block, f"docs/errors.md: {code.value} has no example"
        answer = json.loads(block.group(1))
        error = answer["errors"][0]
        assert error["extensions"]["code"] == code.value
        assert error["extensions"]["requestId"] == answer["extensions"]["requestId"]
