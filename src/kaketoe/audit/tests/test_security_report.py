"""security_report writes its table between the markers and leaves the rest of the page alone."""

from kaketoe.audit.management.commands.security_report import BEGIN, END, Command


def test_the_table_replaces_only_what_is_between_the_markers(tmp_path):
    page = tmp_path / "security.md"
    page.write_text(f"# Security\n\nbefore\n{BEGIN}\nold figures\n{END}\nafter\n")
    Command()._write(page, "| new | table |")
    assert page.read_text() == f"# Security\n\nbefore\n{BEGIN}\n| new | table |\n{END}\nafter\n"


def test_without_markers_the_table_is_appended_under_a_heading(tmp_path):
    page = tmp_path / "security.md"
    page.write_text("# Security\n")
    Command()._write(page, "| t |")
    assert page.read_text().endswith(f"## Measured figures\n\n{BEGIN}\n| t |\n{END}\n")
