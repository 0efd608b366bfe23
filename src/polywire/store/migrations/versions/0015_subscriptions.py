"""Subscriptions, the stories each has told, and a webhook delivery log (polywire.follow);
a store of schema 14 has them already."""

from alembic import op

from polywire.store import tables

revision = "0015"
down_revision = "0014"


def upgrade() -> None:
    made = [tables.subscriptions, tables.subscription_matches, tables.deliveries]
    tables.metadata.create_all(op.get_bind(), tables=made, checkfirst=True)
