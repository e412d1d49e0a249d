"""Plumbing every layer may use: page cache, compiled queries, middleware, database
routers and security helpers. It imports no app, so any app can import it."""
