"""Hostile context files: alias bombs, deep nesting, huge numbers, odd encodings and raw
values in messages. Each is one short plain sentence, never a traceback or a giant string."""

from __future__ import annotations

from pathlib import Path

import pytest
from dxa.interpret.context import ContextError, load_context_file
from dxa.parser.limits import MAX_EXCERPT_CHARS

# Nine levels of nine aliases each: 404 bytes that a plain YAML loader expands to 9**9 items.
ALIAS_BOMB = "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 9)}]\n" for n in range(8)
)
# A message is the origin, the key and a short quotation: well under this.
MAX_MESSAGE = 160


def refusal(tmp_path: Path, name: str, data: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    with pytest.raises(ContextError) as caught:
        load_context_file(path)
    message = str(caught.value)
    assert len(message) < MAX_MESSAGE and "\n" not in message, message
    return message


def test_a_yaml_alias_bomb_is_refused_before_it_expands(tmp_path: Path) -> None:
    assert len(ALIAS_BOMB) < 450
    message = refusal(tmp_path, "bomb.context.yaml", ALIAS_BOMB)
    assert message == (
        "context file bomb.context.yaml: uses YAML aliases (*name), which dxa does not accept"
    )


def test_an_alias_under_a_known_key_is_refused_too(tmp_path: Path) -> None:
    text = "age: &age 70\nfrax: {hip: *age}\n"
    assert "YAML aliases" in refusal(tmp_path, "c.yaml", text)


def test_deep_yaml_nesting_is_one_sentence(tmp_path: Path) -> None:
    message = refusal(tmp_path, "deep.yaml", "age: " + "[" * 5000 + "]" * 5000 + "\n")
    assert message.endswith("is nested far more deeply than dxa reads")


def test_deep_json_nesting_is_one_sentence(tmp_path: Path) -> None:
    message = refusal(tmp_path, "deep.json", '{"age": ' + "[" * 100_000 + "]" * 100_000 + "}")
    assert message.endswith("is nested far more deeply than dxa reads")


@pytest.mark.parametrize("name", ["huge.json", "huge.yaml"])
def test_a_number_of_thousands_of_digits_is_one_sentence(tmp_path: Path, name: str) -> None:
    text = '{"age": ' + "9" * 6000 + "}"
    assert refusal(tmp_path, name, text).endswith("has a value that cannot be read")


def test_a_long_value_is_quoted_short(tmp_path: Path) -> None:
    text = '{"sex": "' + "f" * 100_000 + '"}'
    message = refusal(tmp_path, "long.json", text)
    assert message.startswith("context file long.json: sex must be")
    quoted = message[message.index("(got ") + 5 : -1]
    assert len(quoted) <= MAX_EXCERPT_CHARS and quoted.endswith("\u2026")


def test_a_long_unknown_key_is_quoted_short(tmp_path: Path) -> None:
    message = refusal(tmp_path, "key.json", '{"' + "k" * 10_000 + '": 1}')
    assert message.startswith("context file key.json: unknown key 'kkkk")


def test_control_and_bidi_characters_in_a_value_are_shown_escaped(tmp_path: Path) -> None:
    message = refusal(tmp_path, "c.json", '{"sex": "f\\u202eexe\\n\\u001b[2J"}')
    assert "\u202e" not in message and "\x1b" not in message
    assert "\\u202e" in message


def test_a_utf16_context_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / "c.context.json"
    path.write_bytes('{"age": 70}'.encode("utf-16"))
    assert load_context_file(path).age == 70


def test_undecodable_bytes_are_one_sentence(tmp_path: Path) -> None:
    message = refusal(tmp_path, "c.json", b"\xff\xfe\x00")
    assert message == "context file c.json: cannot be read as text"


def test_a_many_valued_yaml_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import dxa.interpret.context as context

    monkeypatch.setattr(context, "MAX_CONTEXT_NODES", 50)
    message = refusal(tmp_path, "many.yaml", "age: [" + ", ".join(["1"] * 100) + "]\n")
    assert message.endswith("holds far more values than dxa reads")


def test_a_clinic_file_alias_bomb_is_refused(tmp_path: Path) -> None:
    from dxa.letters.config import ConfigError, load_clinic_config

    path = tmp_path / "clinic.yaml"
    path.write_text(ALIAS_BOMB)
    with pytest.raises(ConfigError) as caught:
        load_clinic_config(path)
    assert str(caught.value) == (
        "clinic configuration clinic.yaml: uses YAML aliases (*name), which dxa does not accept"
    )
