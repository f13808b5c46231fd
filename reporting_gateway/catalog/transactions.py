"""Transaction reports [ours]."""

from __future__ import annotations

from reporting_gateway.catalog import enums
from reporting_gateway.catalog.model import (
    DATETIME,
    FLOAT,
    INT,
    STRING,
    Field,
    Format,
    Interval,
    Measure,
    Report,
    by,
    enum,
)
from reporting_gateway.catalog.sendings import LOYALTY_CLUB_ID

PLACE_ID = Field("place_id", INT, "ID of the place the transaction happened at.", True)
TYPE = Field("type", enum(enums.TRANSACTION_TYPE), "Purchase or refund.", True, nullable=False)
CURRENCY = Field("currency", STRING, "Currency of the amount (ISO 4217).", True, nullable=False)

TRANSACTIONS = Report(
    name="transactions",
    format=Format.RECORDS,
    domain="transactions",
    description="Member transactions (purchases and refunds) at the club's places.",
    permit="Reporting:Api:Report:Transactions",
    cost=3,
    keys=("id",),
    fields=(
        Field("id", INT, "ID of the transaction.", True, nullable=False),
        LOYALTY_CLUB_ID,
        Field("member_id", INT, "ID of the member.", True),
        PLACE_ID,
        TYPE,
        Field("amount", FLOAT, "Amount in `currency`; negative for refunds.", nullable=False),
        CURRENCY,
        Field("points", INT, "Loyalty points earned (negative when taken back).", nullable=False),
        Field("occurred_at", DATETIME, "When the transaction happened.", True, nullable=False),
    ),
)

TRANSACTIONS_HISTORY = Report(
    name="transactions_history",
    format=Format.TIMESERIES,
    domain="transactions",
    description="Sum of transaction amounts per time bucket. Series are split by currency, so "
    "amounts in different currencies are never added together.",
    permit="Reporting:Api:Report:TransactionsHistory",
    cost=3,
    keys=("currency",),
    intervals=(Interval.HOUR, Interval.DAY, Interval.WEEK, Interval.MONTH),
    measure=Measure.SUM,
    fields=(LOYALTY_CLUB_ID, PLACE_ID, TYPE, CURRENCY),
    aggregations=(by("place_id", "Split by place."), by("type", "Split by transaction type.")),
)

REPORTS = (TRANSACTIONS, TRANSACTIONS_HISTORY)
