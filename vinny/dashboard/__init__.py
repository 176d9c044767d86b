"""The operator's dashboard: server-rendered HTML pages over the master database (health per
spider, recent runs, the change feed, venues, events and their table prices over time), with
charts drawn by the vendored Chart.js (`static/`, see `static/VENDORED.md`). Mounted on the read
API by `vinny.dashboard.routes.mount`, so `vinny serve` serves it at `/`."""
