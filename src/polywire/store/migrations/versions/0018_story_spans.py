"""A list of stories reads what it shows: each story's count and span of articles, kept as
they change, and articles indexed by family and time, as they are counted and spanned
(a page of the list cost 2.05 ms of SQL grouping 913 articles; 0.05 ms read from stories)."""

import sqlalchemy as sa
from alembic import op

from polywire.store import tables
from polywire.store.sql import restate

revision = "0018"
down_revision = "0017"


def upgrade() -> None:
    op.create_index("ix_articles_family_id_happened_at", "articles", ["family_id", "happened_at"])
    # Named so by Alembic's first revision, or by schema 13 before it.
    for name in ("ix_articles_family_id", "articles_family"):
        op.drop_index(name, "articles", if_exists=True)
    op.add_column("stories", sa.Column("articles", sa.Integer, nullable=False, server_default="0"))
    for name in ("first_seen", "last_seen"):
        op.add_column("stories", sa.Column(name, tables.UTCTime))
    op.create_index("ix_stories_last_seen_id", "stories", ["last_seen", "id"])
    restate(op.get_bind())
