# A tiny Locust test against `python3 -m http.server` (see README.md beside it). Each user
# makes 80 requests and stops, so the stats are final before Locust writes its last CSV
# row and prints its tables.
from locust import HttpUser, task, between
from locust.exception import StopUser


class Visitor(HttpUser):
    wait_time = between(0.01, 0.05)

    def on_start(self):
        self.left = 80

    def count(self):
        self.left -= 1
        if self.left < 0:
            raise StopUser()

    @task(4)
    def index(self):
        self.count()
        self.client.get("/")

    @task(2)
    def page(self):
        self.count()
        self.client.get("/page.txt")

    @task(1)
    def missing(self):
        self.count()
        # 404: a failure in Locust's stats
        self.client.get("/missing")

    @task(1)
    def post(self):
        self.count()
        # http.server answers POST with 501: a failure of another method
        self.client.post("/form", data={"a": "1"})
