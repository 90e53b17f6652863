"""edit removes what it is told to, refuses to remove what is not there, and writes nothing then."""

from __future__ import annotations

import pytest

from netcrm.domain.errors import BadInput
from netcrm.services.contact_detail import show_contact
from netcrm.services.contacts import add_contact, edit_contact
from netcrm.services.records import ContactInput
from tests.conftest import table_counts


@pytest.fixture
def ana(store, clock):
    add_contact(
        store,
        ContactInput(
            name="Ana",
            company="Foo",
            emails=["a@x.id", "b@x.id"],
            phones=["123"],
            handles=["instagram:ana"],
            tags=["t1", "t2"],
        ),
        clock,
    )
    return store


def test_edit_removes_emails_phones_handles_and_tags(ana, clock) -> None:
    data = ContactInput(
        company="",
        remove_emails=["A@X.ID"],
        remove_phones=["123"],
        remove_handles=["ig:@ana"],
        remove_tags=["T1"],
    )
    detail = edit_contact(ana, "Ana", data, clock)
    assert (detail.emails, detail.phones, detail.handles, detail.tags, detail.company) == (
        ("b@x.id",),
        (),
        (),
        ("t2",),
        None,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (ContactInput(remove_emails=["zzz@x.id"]), "Ana has no email zzz@x.id."),
        (ContactInput(remove_phones=["999"]), "Ana has no phone number 999."),
        (ContactInput(remove_handles=["x:ana"]), "Ana has no handle x:ana."),
        (ContactInput(remove_tags=["t1", "nope"]), "Ana has no tag nope."),
    ],
)
def test_removing_what_is_not_there_is_refused_and_writes_nothing(ana, clock, data, message):
    before = table_counts(ana)
    with pytest.raises(BadInput, match=message):
        edit_contact(ana, "Ana", data, clock)
    assert table_counts(ana) == before
    assert show_contact(ana, "Ana", clock).tags == ("t1", "t2")
