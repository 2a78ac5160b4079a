"""The command line: every command and option is documented in --help and in the README."""
import argparse
from pathlib import Path

import pytest

from timeline import cli

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _parser_and_commands() -> tuple[argparse.ArgumentParser, dict[str, argparse.ArgumentParser]]:
    parser = cli._parser()
    commands: dict[str, argparse.ArgumentParser] = {}
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            commands.update(action.choices)
    return parser, commands


def test_every_command_is_in_the_readme():
    _, commands = _parser_and_commands()
    assert {"build", "tag", "eval", "eval-timeline", "serve"} <= set(commands)
    for name in commands:
        assert f"`{name}" in README, f"README does not document the {name} command"


def test_every_build_option_is_in_the_readme_and_help():
    parser, _ = _parser_and_commands()
    text = parser.format_help()
    for action in parser._actions:
        long = [o for o in action.option_strings if o.startswith("--") and o != "--help"]
        for option in long:
            assert option in text
            assert f"`{option}" in README, f"README does not document {option}"


def test_every_command_has_help_with_an_example():
    _, commands = _parser_and_commands()
    for name, sub in commands.items():
        assert "example" in sub.format_help().lower(), f"{name} --help has no example"


def test_help_exits_cleanly(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--help"])
    assert stop.value.code == 0
    assert "--seeds" in capsys.readouterr().out
