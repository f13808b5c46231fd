"""Value sets shared by several reports, defined once, each value with what it means.
Values marked [doc] are the API's own."""

from __future__ import annotations

from reporting_gateway.catalog.model import ValueSet

CHANNEL = ValueSet.described(  # [doc]
    "Channel",
    "Channel a sending goes out through.",
    {
        "sms": "A text message to the member's phone.",
        "email": "An e-mail.",
        "push": "A push notification to the member's app.",
    },
)

SENDING_EVENT_TYPE = ValueSet.described(  # [doc]
    "SendingEventType",
    "Event in a sending's life: `new` (recipient queued), `transmitted` (handed to the "
    "provider), `transiently_failed` (will be retried), `delivered`, `opened` (first open "
    "by a recipient), `opened_event` (every open), `failed`, `delivery_errored`.",
    {
        "new": "A recipient was queued for the sending.",
        "transmitted": "The message was handed to the provider (SMS gateway, mail, push).",
        "transiently_failed": "Sending failed for now and will be retried.",
        "delivered": "The provider reported the message delivered.",
        "opened": "A recipient opened the message, the first time.",
        "opened_event": "A recipient opened the message (every open counts).",
        "failed": "The message could not be sent.",
        "delivery_errored": "The provider reported that delivery failed.",
    },
)

SERVICE_TYPE = ValueSet.described(  # [ours]
    "ServiceType",
    "What kind of service sent the sending. Campaign and triggered sendings always carry a "
    "reporting_id.",
    {
        "campaign": "Part of a planned campaign.",
        "triggered": "Sent by a trigger (a member's action or a date).",
        "automation": "Sent by an automation flow.",
        "manual": "Sent by hand from the console.",
        "test": "A test sending to the team.",
    },
)

LANGUAGE = ValueSet.described(  # [ours]
    "Language",
    "Language of a sending (ISO 639-1).",
    {
        "da": "Danish.",
        "de": "German.",
        "en": "English.",
        "fi": "Finnish.",
        "nb": "Norwegian Bokmål.",
        "pl": "Polish.",
        "sv": "Swedish.",
    },
)

GENDER = ValueSet.described(  # [ours]
    "Gender",
    "Gender a member gave; null when not given.",
    {"female": "Female.", "male": "Male.", "other": "Another gender."},
)


def _age_meaning(band: str) -> str:
    low, _, high = band.partition("-")
    if not low:
        return f"Up to {high} years old."
    if not high:
        return f"{low} years old or more."
    return f"From {low} to {high} years old."


_AGE_BANDS = (
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
)
AGE_BAND = ValueSet.described(  # [doc]
    "AgeBand",
    "Age band of a member, from the birth year (age = this year - birth year).",
    {band: _age_meaning(band) for band in _AGE_BANDS},
)

OPTIN_PLATFORM = ValueSet.described(  # [ours]
    "OptinPlatform",
    "Platform a member joined the club on.",
    {
        "android": "The Android app.",
        "ios": "The iOS app.",
        "web": "A web page or form.",
        "pos": "At a till in a store (point of sale).",
        "other": "Any other platform.",
    },
)

CONTACT_STATUS = ValueSet.described(  # [ours]
    "ContactStatus",
    "State of a member's contact point (SMS number, e-mail address, push token).",
    {
        "subscribed": "The member receives messages there.",
        "unsubscribed": "The member asked not to receive messages there.",
        "pending": "Waiting for the member's confirmation (double opt-in).",
        "bounced": "Messages there could not be delivered.",
    },
)

GROUPING_TYPE = ValueSet.described(  # [doc]
    "GroupingType",
    "Member attribute that members are counted by.",
    {
        "optin_channel": "The channel the member joined through.",
        "optin_platform": "The platform the member joined on.",
        "country": "The member's country.",
        "gender": "The member's gender.",
        "age": "The member's age band.",
    },
)

BALANCE_TYPE = ValueSet.described(  # [doc]
    "BalanceType",
    "`in`: a member joined; `out`: a member left.",
    {"in": "A member joined the club.", "out": "A member left the club."},
)

LINK_SOURCE_TYPE = ValueSet.described(  # [ours]
    "LinkSourceType",
    "Where a tracked link was published.",
    {
        "sending": "In a sending (SMS, e-mail, push).",
        "offer": "In an offer.",
        "web": "On a web page.",
        "other": "Anywhere else.",
    },
)

OFFER_TYPE = ValueSet.described(  # [ours]
    "OfferType",
    "What an offer gives the member.",
    {
        "discount": "A price reduction.",
        "gift": "A free product.",
        "points": "Loyalty points.",
        "other": "Anything else.",
    },
)

OFFER_STATUS = ValueSet.described(  # [ours]
    "OfferStatus",
    "Publication state of an offer.",
    {
        "draft": "Not published yet.",
        "active": "Published: members can claim it.",
        "expired": "Past its end: no longer claimable.",
    },
)

OFFER_EVENT_TYPE = ValueSet.described(  # [ours]
    "OfferEventType",
    "What a member did with an offer.",
    {
        "viewed": "Saw the offer.",
        "clicked": "Opened the offer's details.",
        "claimed": "Took the offer.",
    },
)

TRANSACTION_TYPE = ValueSet.described(  # [ours]
    "TransactionType",
    "Kind of transaction. Refund amounts are negative.",
    {"purchase": "A purchase.", "refund": "Money given back (a negative amount)."},
)
