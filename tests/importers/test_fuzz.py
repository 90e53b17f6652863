"""Whatever bytes arrive, a parser returns people or refuses with one sentence (BadInput).

Random bytes, random text, cut-short fixtures and fixtures with a few bytes changed go to
every parser; cut and damaged zips go through ``read_people``. Any other exception (a
KeyError, a vobject or csv error, a UnicodeError...) is a bug.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcrm.domain.errors import BadInput
from netcrm.importers import (
    ImportedHandle,
    ImportedPerson,
    csv_generic,
    facebook,
    google,
    instagram,
    linkedin,
    read_people,
    vcard,
    x,
)
from netcrm.importers.records import one_line

from .exports import FIXTURES, zip_folder

PARSERS: dict[str, Callable[[bytes, str], list[ImportedPerson]]] = {
    "instagram": instagram.parse,
    "linkedin": linkedin.parse,
    "x": x.parse,
    "facebook": facebook.parse,
    "google": google.parse,
    "vcard": vcard.parse,
    "csv": csv_generic.parse,
}
SAMPLES = [p.read_bytes() for p in sorted(FIXTURES.rglob("*")) if p.is_file()]
FUZZ = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@st.composite
def cut_short(draw: st.DrawFn) -> bytes:
    sample = draw(st.sampled_from(SAMPLES))
    return sample[: draw(st.integers(0, len(sample)))]


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    sample = draw(st.sampled_from(SAMPLES))
    start = draw(st.integers(0, len(sample)))
    end = draw(st.integers(start, min(len(sample), start + 8)))
    return sample[:start] + draw(st.binary(max_size=8)) + sample[end:]


INPUTS = st.one_of(
    st.binary(max_size=600),
    st.text(max_size=300).map(str.encode),
    cut_short(),
    damaged(),
)


def assert_people(people: object) -> None:
    assert isinstance(people, list)
    for person in people:
        assert isinstance(person, ImportedPerson)
        assert person.name and one_line(person.name) == person.name
        assert person.record >= 1
        assert all(isinstance(v, str) and v for v in (*person.emails, *person.phones, *person.tags))
        for handle in person.handles:
            assert isinstance(handle, ImportedHandle)
            assert handle.platform and handle.username


def outcome(call: Callable[[], list[ImportedPerson]]) -> None:
    try:
        people = call()
    except BadInput as refused:
        assert str(refused).endswith(".")
        return
    assert_people(people)


@pytest.mark.parametrize("fmt", PARSERS)
@FUZZ
@given(data=INPUTS)
def test_every_parser_returns_people_or_refuses_cleanly(fmt: str, data: bytes) -> None:
    outcome(lambda: PARSERS[fmt](data, "export-file"))


ZIPS = [zip_folder(FIXTURES / "instagram-export"), zip_folder(FIXTURES / "x-archive")]


@st.composite
def damaged_zip(draw: st.DrawFn) -> bytes:
    sample = draw(st.sampled_from(ZIPS))
    if draw(st.booleans()):
        return sample[: draw(st.integers(0, len(sample)))]
    start = draw(st.integers(0, len(sample) - 1))
    return sample[:start] + draw(st.binary(min_size=1, max_size=4)) + sample[start + 1 :]


@pytest.mark.parametrize("fmt", ["instagram", "x", "facebook", "linkedin"])
@FUZZ
@given(data=damaged_zip())
def test_cut_and_damaged_zips(fmt: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.zip"
        path.write_bytes(data)
        outcome(lambda: read_people(fmt, path))
