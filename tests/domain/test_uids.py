"""The UID of a contact in netcrm's exports: written and read back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcrm.domain.uids import ContactUid, contact_uid, parse_contact_uid

CREATED = datetime(2026, 11, 25, 12, 0, 0, 123456, tzinfo=UTC)


def test_the_uid_names_the_id_and_the_creation_moment_in_utc() -> None:
    assert contact_uid(42, CREATED) == "urn:netcrm:contact:42:20261125T120000.123456Z"
    jakarta = CREATED.astimezone(timezone(timedelta(hours=7)))
    assert contact_uid(42, jakarta) == contact_uid(42, CREATED)
    assert contact_uid(42, CREATED.replace(tzinfo=None)) == contact_uid(42, CREATED)


@given(
    contact_id=st.integers(min_value=1, max_value=2**63 - 1),
    created=st.datetimes(
        min_value=datetime(1970, 1, 1), max_value=datetime(2200, 1, 1), timezones=st.just(UTC)
    ),
)
def test_every_uid_reads_back(contact_id: int, created: datetime) -> None:
    assert parse_contact_uid(contact_uid(contact_id, created)) == ContactUid(contact_id, created)


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("  urn:netcrm:contact:7:20261125T120000Z ", ContactUid(7, CREATED.replace(microsecond=0))),
        (
            "URN:NETCRM:CONTACT:7:20261125t120000.5z",
            ContactUid(7, CREATED.replace(microsecond=500000)),
        ),
        ("urn:netcrm:contact:7:20261325T120000.000000Z", None),  # no 13th month
        ("urn:netcrm:contact:7", None),
        ("urn:netcrm:contact:0:20261125T120000.000000Z", None),
        ("urn:netcrm:contact:9999999999999999999:20261125T120000.000000Z", None),  # > 2**63 - 1
        ("urn:netcrm:contact:x:20261125T120000.000000Z", None),
        ("urn:netcrm:contact:7:20261125T120000.000000Z;extra", None),
        ("urn:uuid:0d0f3f8e-8a5a-5c43-9b65-8ab0e2b6a1f4", None),
        ("", None),
        (None, None),
    ],
)
def test_anything_else_names_no_one(text: str | None, named: ContactUid | None) -> None:
    assert parse_contact_uid(text) == named
