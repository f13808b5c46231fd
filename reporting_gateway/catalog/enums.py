"""Value sets shared by several reports, defined once. Values marked [doc] are the API's own."""

from __future__ import annotations

from reporting_gateway.catalog.model import ValueSet

CHANNEL = ValueSet(  # [doc]
    name="Channel",
    values=("sms", "email", "push"),
    description="Channel a sending goes out through.",
)

SENDING_EVENT_TYPE = ValueSet(  # [doc]
    name="SendingEventType",
    values=(
        "new",
        "transmitted",
        "transiently_failed",
        "delivered",
        "opened",
        "opened_event",
        "failed",
        "delivery_errored",
    ),
    description=(
        "Event in a sending's life: `new` (recipient queued), `transmitted` (handed to the "
        "provider), `transiently_failed` (will be retried), `delivered`, `opened` (first open "
        "by a recipient), `opened_event` (every open), `failed`, `delivery_errored`."
    ),
)

SERVICE_TYPE = ValueSet(  # [ours]
    name="ServiceType",
    values=("campaign", "triggered", "automation", "manual", "test"),
    description="What kind of service sent the sending. Campaign and triggered sendings "
    "always carry a reporting_id.",
)

LANGUAGE = ValueSet(  # [ours]
    name="Language",
    values=("da", "de", "en", "fi", "nb", "pl", "sv"),
    description="Language of a sending (ISO 639-1).",
)

GENDER = ValueSet(  # [ours]
    name="Gender",
    values=("female", "male", "other"),
    description="Gender a member gave; null when not given.",
)

AGE_BAND = ValueSet(  # [doc]
    name="AgeBand",
    values=(
        "-14",
        "15-19",
        "20-24",
        "25-29",
        "30-34",
        "35-39",
        "40-44",
        "45-49",
        "50-54",
        "55-59",
        "60-64",
        "65-69",
        "70-74",
        "75-79",
        "80-",
    ),
    description="Age band of a member, from the birth year (age = this year - birth year).",
)

OPTIN_PLATFORM = ValueSet(  # [ours]
    name="OptinPlatform",
    values=("android", "ios", "web", "pos", "other"),
    description="Platform a member joined the club on.",
)

CONTACT_STATUS = ValueSet(  # [ours]
    name="ContactStatus",
    values=("subscribed", "unsubscribed", "pending", "bounced"),
    description="State of a member's contact point (SMS number, e-mail address, push token).",
)

GROUPING_TYPE = ValueSet(  # [doc]
    name="GroupingType",
    values=("optin_channel", "optin_platform", "country", "gender", "age"),
    description="Member attribute that members are counted by.",
)

BALANCE_TYPE = ValueSet(  # [doc]
    name="BalanceType",
    values=("in", "out"),
    description="`in`: a member joined; `out`: a member left.",
)

LINK_SOURCE_TYPE = ValueSet(  # [ours]
    name="LinkSourceType",
    values=("sending", "offer", "web", "other"),
    description="Where a tracked link was published.",
)

OFFER_TYPE = ValueSet(  # [ours]
    name="OfferType",
    values=("discount", "gift", "points", "other"),
    description="What an offer gives the member.",
)

OFFER_STATUS = ValueSet(  # [ours]
    name="OfferStatus",
    values=("draft", "active", "expired"),
    description="Publication state of an offer.",
)

OFFER_EVENT_TYPE = ValueSet(  # [ours]
    name="OfferEventType",
    values=("viewed", "clicked", "claimed"),
    description="What a member did with an offer.",
)

TRANSACTION_TYPE = ValueSet(  # [ours]
    name="TransactionType",
    values=("purchase", "refund"),
    description="Kind of transaction. Refund amounts are negative.",
)
