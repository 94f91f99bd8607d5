"""Server-rendered leadership pages: sign-in, dashboard, incident, metrics, dossier."""
