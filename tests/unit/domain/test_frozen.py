"""A frozen dataclass made quickly (phoihop.domain.frozen) is the value its own __init__
would have made."""

from __future__ import annotations

import dataclasses
import pickle
from dataclasses import dataclass, field

import pytest

from phoihop.domain.frozen import quickly_made


@dataclass(frozen=True)
class Plain:
    name: str
    count: int = 0
    tags: tuple[str, ...] = ()
    notes: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


@quickly_made
@dataclass(frozen=True)
class Quick:
    name: str
    count: int = 0
    tags: tuple[str, ...] = ()
    notes: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


def test_a_quick_value_has_the_fields_defaults_and_factories_of_the_plain_one() -> None:
    # given
    made = [Quick("a"), Quick("b", 2, ("x",)), Quick(name="c", notes={"k": "v"})]

    # when
    plain = [Plain("a"), Plain("b", 2, ("x",)), Plain(name="c", notes={"k": "v"})]

    # then
    assert [vars(q) for q in made] == [vars(p) for p in plain]
    assert Quick("a").notes is not Quick("a").notes, "each value gets its own default"


def test_a_quick_value_is_frozen_hashable_and_equal_by_its_fields() -> None:
    # given
    value = Quick("a", 1)

    # when / then
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.name = "b"  # type: ignore[misc]
    assert value == Quick("a", 1, notes={"other": "note"})
    assert hash(value) == hash(Quick("a", 1))
    assert pickle.loads(pickle.dumps(value)) == value
    assert dataclasses.replace(value, count=3) == Quick("a", 3)


def test_a_missing_argument_is_refused_as_by_the_plain_init() -> None:
    # when / then
    with pytest.raises(TypeError):
        Quick()  # type: ignore[call-arg]


def test_only_a_frozen_dataclass_without_post_init_is_made_quick() -> None:
    # given
    @dataclass
    class Mutable:
        name: str

    @dataclass(frozen=True)
    class Checked:
        name: str

        def __post_init__(self) -> None:
            pass

    # when / then
    with pytest.raises(TypeError):
        quickly_made(Mutable)
    with pytest.raises(TypeError):
        quickly_made(Checked)
