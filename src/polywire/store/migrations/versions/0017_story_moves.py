"""Stories merged by a consolidation, and the story each was merged into (stable ids)."""

from alembic import op

from polywire.store import tables

revision = "0017"
down_revision = "0016"


def upgrade() -> None:
    tables.metadata.create_all(op.get_bind(), tables=[tables.story_moves], checkfirst=True)
