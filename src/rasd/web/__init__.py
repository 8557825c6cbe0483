"""The web page: server-rendered HTML views over `rasd.query`, each with a JSON twin under /api."""
