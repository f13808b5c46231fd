"""Initial schema: the fact tables of DESIGN §4 (generated from storage/tables.py, then reviewed).

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-23 08:49:15.734661
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("chain", sa.String(length=100), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("slug", name="uq_customers_slug"),
    )
    op.create_table(
        "link_visits",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("is_bot", sa.Boolean(), nullable=False),
        sa.Column("visited_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
        ),
        sa.PrimaryKeyConstraint("customer_id", "id"),
    )
    op.create_index("ix_link_visits_link", "link_visits", ["customer_id", "link_id"], unique=False)
    op.create_index(
        "ix_link_visits_time", "link_visits", ["customer_id", "visited_at"], unique=False
    )
    op.create_table(
        "links",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("source_type", sa.String(length=32), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("host", sa.String(length=255), nullable=False),
        sa.Column("path", sa.String(length=2048), nullable=False),
        sa.Column("utm_campaign", sa.String(length=255), nullable=True),
        sa.Column("utm_content", sa.String(length=255), nullable=True),
        sa.Column("utm_medium", sa.String(length=255), nullable=True),
        sa.Column("utm_source", sa.String(length=255), nullable=True),
        sa.Column("utm_term", sa.String(length=255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
        ),
        sa.PrimaryKeyConstraint("customer_id", "id"),
    )
    op.create_index(
        "ix_links_source", "links", ["customer_id", "source_type", "source_id"], unique=False
    )
    op.create_table(
        "member_snapshots",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("taken_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("members_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
        ),
        sa.PrimaryKeyConstraint("customer_id", "taken_at"),
    )
    op.create_table(
        "members",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("optin_channel", sa.String(length=64), nullable=True),
        sa.Column("optin_subchannel", sa.String(length=64), nullable=True),
        sa.Column("optin_platform", sa.String(length=32), nullable=True),
        sa.Column("gender", sa.String(length=32), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column(
            "subunit_ids",
            sa.JSON().with_variant(postgresql.ARRAY(sa.Integer()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "group_ids",
            sa.JSON().with_variant(postgresql.ARRAY(sa.Integer()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "favorite_stores",
            sa.JSON().with_variant(postgresql.ARRAY(sa.Integer()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "properties",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "consents",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("marketing_via_sms", sa.Boolean(), nullable=False),
        sa.Column("marketing_via_email", sa.Boolean(), nullable=False),
        sa.Column("marketing_via_push", sa.Boolean(), nullable=False),
        sa.Column("sms_status", sa.String(length=32), nullable=True),
        sa.Column("email_status", sa.String(length=32), nullable=True),
        sa.Column("push_status", sa.String(length=32), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
        ),
        sa.PrimaryKeyConstraint("customer_id", "id"),
    )
    op.create_index("ix_members_created", "members", ["customer_id", "created_at"], unique=False)
    op.create_index("ix_members_left", "members", ["customer_id", "left_at"], unique=False)
    op.create_table(
        "offer_collections",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
        ),
        sa.PrimaryKeyConstraint("customer_id", "id"),
    )
    op.create_table(
        "offer_events",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("event_type", sa.String(length=32), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
        ),
        sa.PrimaryKeyConstraint("customer_id", "id"),
    )
    op.create_index(
        "ix_offer_events_time", "offer_events", ["customer_id", "occurred_at"], unique=False
    )
    op.create_table(
        "offer_usages",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
        ),
        sa.PrimaryKeyConstraint("customer_id", "id"),
    )
    op.create_index(
        "ix_offer_usages_time", "offer_usages", ["customer_id", "used_at"], unique=False
    )
    op.create_table(
        "offers",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("collection_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=32), nullable=False),
        sa.Column("valid_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("valid_to", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
        ),
        sa.PrimaryKeyConstraint("customer_id", "id"),
    )
    op.create_index(
        "ix_offers_collection", "offers", ["customer_id", "collection_id"], unique=False
    )
    op.create_table(
        "places",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("city", sa.String(length=100), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("latitude", sa.Float(), nullable=False),
        sa.Column("longitude", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
        ),
        sa.PrimaryKeyConstraint("customer_id", "id"),
    )
    op.create_table(
        "sending_events",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("sending_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("event_type", sa.String(length=32), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
        ),
        sa.PrimaryKeyConstraint("customer_id", "id"),
    )
    op.create_index(
        "ix_sending_events_sending", "sending_events", ["customer_id", "sending_id"], unique=False
    )
    op.create_index(
        "ix_sending_events_time", "sending_events", ["customer_id", "occurred_at"], unique=False
    )
    op.create_table(
        "sendings",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("language", sa.String(length=32), nullable=True),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("service_type", sa.String(length=32), nullable=False),
        sa.Column("reporting_id", sa.Integer(), nullable=True),
        sa.Column("source_app", sa.String(length=64), nullable=True),
        sa.Column("source_type", sa.String(length=64), nullable=True),
        sa.Column("audience_id", sa.Integer(), nullable=True),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
        ),
        sa.PrimaryKeyConstraint("customer_id", "id"),
    )
    op.create_index("ix_sendings_created", "sendings", ["customer_id", "created_at"], unique=False)
    op.create_table(
        "transactions",
        sa.Column("customer_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=True),
        sa.Column("place_id", sa.Integer(), nullable=True),
        sa.Column("type", sa.String(length=32), nullable=False),
        sa.Column("amount", sa.Numeric(precision=14, scale=2, asdecimal=False), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["customer_id"],
            ["customers.id"],
        ),
        sa.PrimaryKeyConstraint("customer_id", "id"),
    )
    op.create_index(
        "ix_transactions_time", "transactions", ["customer_id", "occurred_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_transactions_time", table_name="transactions")
    op.drop_table("transactions")
    op.drop_index("ix_sendings_created", table_name="sendings")
    op.drop_table("sendings")
    op.drop_index("ix_sending_events_time", table_name="sending_events")
    op.drop_index("ix_sending_events_sending", table_name="sending_events")
    op.drop_table("sending_events")
    op.drop_table("places")
    op.drop_index("ix_offers_collection", table_name="offers")
    op.drop_table("offers")
    op.drop_index("ix_offer_usages_time", table_name="offer_usages")
    op.drop_table("offer_usages")
    op.drop_index("ix_offer_events_time", table_name="offer_events")
    op.drop_table("offer_events")
    op.drop_table("offer_collections")
    op.drop_index("ix_members_left", table_name="members")
    op.drop_index("ix_members_created", table_name="members")
    op.drop_table("members")
    op.drop_table("member_snapshots")
    op.drop_index("ix_links_source", table_name="links")
    op.drop_table("links")
    op.drop_index("ix_link_visits_time", table_name="link_visits")
    op.drop_index("ix_link_visits_link", table_name="link_visits")
    op.drop_table("link_visits")
    op.drop_table("customers")
