"""Schema 13, the last of the numbered SQL migrations: a store from before Alembic starts here."""

revision = "0013"
down_revision = None


def upgrade() -> None:
    """Nothing: such a store has every table already."""
