"""`--help` describes every option with its default, for every command, the entry points' too."""

from __future__ import annotations

import argparse

import pytest

from zhengchai.check.rules import load_rules
from zhengchai.cli import build_parser, main


def subcommands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def test_the_entry_point_commands_are_there():
    assert {"extract", "query", "problems", "accept", "export", "report", "docs", "run", "serve", "sample",
            "bench"} <= set(subcommands())


@pytest.mark.parametrize("name", sorted(subcommands()))
def test_every_option_is_described_with_its_default(name):
    parser = subcommands()[name]
    formatter = parser._get_formatter()
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        label = "/".join(action.option_strings) or action.dest
        assert action.help, f"{name} {label} has no help"
        shown = formatter._expand_help(action)  # what --help prints for it
        if not action.option_strings:
            continue
        if action.default not in (None, False):
            assert f"default {action.default}" in shown, (name, label, shown)
        else:  # no default value: the help says what happens without it, unless it is a flag or required
            assert "default" in shown or action.required or isinstance(action, argparse._StoreTrueAction), \
                (name, label, shown)


def test_accept_lists_the_rules_it_accepts(monkeypatch, capsys):
    monkeypatch.setenv("COLUMNS", "2000")
    errors = sorted(r.name for r in load_rules().rules.values() if r.severity == "error")
    text = subcommands()["accept"].format_help()
    assert ", ".join(errors) in text
    with pytest.raises(SystemExit):
        main(["accept", "x", "--rule", "expenditure_identty", "--reason", "r"])
    err = capsys.readouterr().err
    assert "invalid choice: 'expenditure_identty'" in err and "expenditure_identity" in err
