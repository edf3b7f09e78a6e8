"""Alembic environment: run against the engine handed over by db.engine (no alembic.ini needed)."""

from alembic import context

from db.models import Base
from db.search import is_search_object

# Tables that are not ours to migrate: APScheduler's job store creates and owns its table.
FOREIGN_TABLES = {"scheduler_job"}


# The full-text index (migration 0006) is raw SQL kept up to date by triggers, not a model.
def _include_name(name: str | None, type_: str, _parent_names: object) -> bool:
    if type_ == "table" and is_search_object(name):
        return False
    return not (type_ == "table" and name in FOREIGN_TABLES)


config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # Batch mode rebuilds a table by copy, drop and rename; with foreign keys on, dropping
        # a table would cascade to the rows that refer to it. The pragma is ignored inside a
        # transaction, so it is set before the migrations begin one.
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    try:
        with connection.begin():
            context.configure(
                connection=connection,
                target_metadata=Base.metadata,
                render_as_batch=sqlite,
                include_name=_include_name,
            )
            with context.begin_transaction():
                context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"a migration broke foreign keys: {broken[:5]}")
    finally:
        if sqlite:
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
