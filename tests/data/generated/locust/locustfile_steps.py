# A stepped load against `python3 -m http.server` for Locust's `_stats_history.csv` (see
# README.md beside it): 2 users for 10 s, 8 for 10 s, 16 for 10 s, then 2 again for 10 s, so
# the history shows the rate following the users and the percentiles rising under load.
# `--csv-full-history` adds a row per endpoint to the Aggregated one every second.
from locust import HttpUser, LoadTestShape, task, between


class Visitor(HttpUser):
    wait_time = between(0.02, 0.08)

    @task(4)
    def index(self):
        self.client.get("/")

    @task(1)
    def missing(self):
        # 404: a failure in Locust's stats
        self.client.get("/missing")


class Steps(LoadTestShape):
    # (until second, users, spawn rate)
    steps = [(10, 2, 10), (20, 8, 10), (30, 16, 10), (40, 2, 10)]

    def tick(self):
        t = self.get_run_time()
        for until, users, rate in self.steps:
            if t < until:
                return users, rate
        return None
