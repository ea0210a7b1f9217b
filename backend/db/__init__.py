"""The database: SQLAlchemy 2 models, one engine per URL, sessions per request."""
