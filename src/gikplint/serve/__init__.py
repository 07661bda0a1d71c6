"""gikplint serve: a small web service for people who do not use a
terminal. A page to drop reports on, and an API (POST /api/lint,
/api/annotate, /api/fix; GET /api/rules, /healthz).

Every upload is checked in a child process (serve.job) that runs the
command line itself — the same rules, configuration, plugins and per-file
time budget — in a temporary folder removed when the request ends, under a
memory limit, and killed if it overruns. At most `jobs` children run at
once; the event loop only waits for them, so a hostile upload costs its
sender time, never the others. Nothing uploaded is kept or logged."""
