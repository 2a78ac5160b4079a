"""Rule data integrity, and every rule's own examples run as tests."""
from __future__ import annotations

import re
from datetime import date

import pytest

from timeline import rulebook
from timeline.tag import tag

_EXAMPLES = [
    pytest.param(rule, example, id=f"{rule.id}:{example.text}")
    for rule in rulebook.RULES
    for example in rule.examples
]


def test_rule_ids_are_unique():
    ids = [rule.id for rule in rulebook.RULES]
    assert len(ids) == len(set(ids))


def test_every_rule_has_examples():
    assert [rule.id for rule in rulebook.RULES if not rule.examples] == []


@pytest.mark.parametrize("rule", rulebook.RULES, ids=lambda r: r.id)
def test_pattern_compiles_alone_with_named_groups_only(rule):
    pattern = rulebook.expand(rule.pattern)
    compiled = re.compile(pattern, re.IGNORECASE)
    assert compiled.groups == len(compiled.groupindex), "unnamed capturing group"


@pytest.mark.parametrize("rule", rulebook.RULES, ids=lambda r: r.id)
def test_groups_and_template_slots_are_known(rule):
    for name in rulebook.group_names(rule.pattern):
        slot = name.removesuffix("_b").removesuffix("_c")
        assert slot in rulebook.GROUPS, f"group {name} has no normaliser in [groups]"
    templates = [rule.value, rule.end_value or "", rule.shift or ""]
    slots = {n.removesuffix("_b").removesuffix("_c") for n in rulebook.group_names(rule.pattern)}
    for template in templates:
        for name in re.findall(r"\{([a-z_0-9]+)", template):
            assert name in slots or name == "time", f"{{{name}}} is not a group of {rule.id}"


def test_vocabulary_references_resolve():
    for rule in rulebook.RULES:
        rulebook.expand(rule.pattern)  # raises KeyError on an unknown {reference}
    for name, kind in rulebook.GROUPS.items():
        assert kind in rulebook.VOCABULARIES or kind in rulebook._CONVERTERS, name


def test_macros_have_no_capturing_groups():
    for name, macro in rulebook.MACROS.items():
        assert re.compile(rulebook.expand(macro)).groups == 0, name


@pytest.mark.parametrize(("rule", "example"), _EXAMPLES)
def test_rule_example(rule, example):
    dct = date.fromisoformat(example.dct) if example.dct else None
    found = tag(example.text, dct)
    assert found, f"nothing found in {example.text!r}"
    # examples put the expression under test last, or name it
    chosen = [t for t in found if t.text == example.expression] if example.expression else found
    assert chosen, f"{example.expression!r} not found in {example.text!r}"
    timex = chosen[-1]
    assert timex.value == example.value, (timex, rule.id)
    if example.mod is not None:
        assert timex.mod == example.mod
    if example.end_value is not None:
        assert timex.end_value == example.end_value


@pytest.mark.parametrize(("rule", "example"), _EXAMPLES)
def test_fast_search_finds_what_a_full_scan_finds(rule, example):
    """Trying rules only near trigger words loses nothing on the examples."""
    from timeline.tag import find

    full = [(m.start(), m.end()) for m in rulebook.PATTERN.finditer(example.text)]
    assert [(t.start, t.end) for t in find(example.text)] == full
