"""The read API over the master database (FastAPI): `vinny.api.app.create_app`."""
