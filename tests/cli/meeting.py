"""The first moment, shared by the in-process and the real-process tests."""

#: What you type right after meeting Budi: the talk, what you learned and shared, a promise.
LOG_THE_MEETING = (
    "log",
    "budi",
    "--when",
    "yesterday",
    "--note",
    "Design systems at Gojek",
    "--learned",
    "UX research",
    "--shared",
    "Python",
    "--follow-up",
    "in 2 weeks",
)
