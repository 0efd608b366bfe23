"""Stored language tags as ``polywire.language.tags`` writes them: a source's "eng" is "en".

Articles stored before tags were normalised kept what their source declared, so after a
restart they were centred on no language's background.
"""

from alembic import op
from sqlalchemy import select, update

from polywire.language.tags import standard_tag
from polywire.store.tables import articles

revision = "0014"
down_revision = "0013"


def upgrade() -> None:
    connection = op.get_bind()
    for (tag,) in connection.execute(select(articles.c.lang).distinct()).all():
        if (standard := standard_tag(tag)) != tag:
            connection.execute(update(articles).where(articles.c.lang == tag).values(lang=standard))
