"""The M/M/c model of bench/simpy/mmc.toml in SimPy, for a side-by-side with benchdash.

Poisson arrivals at 2.4/s, 3 servers, exponential service with mean 1 s, 1,000,000 jobs.
Prints the mean time in system (theory, by Erlang C: 2.0787 s). Run with
`python3 bench/simpy/mmc.py` (needs `pip install simpy`); bench/simpy/run.sh times both.
"""

import random
import sys

import simpy

LAMBDA = 2.4
SERVERS = 3
MEAN_SERVICE = 1.0
JOBS = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000


def main():
    rng = random.Random(42)
    env = simpy.Environment()
    servers = simpy.Resource(env, capacity=SERVERS)
    total = [0.0, 0]

    def job(env):
        arrival = env.now
        with servers.request() as req:
            yield req
            yield env.timeout(rng.expovariate(1.0 / MEAN_SERVICE))
        total[0] += env.now - arrival
        total[1] += 1

    def source(env):
        for _ in range(JOBS):
            yield env.timeout(rng.expovariate(LAMBDA))
            env.process(job(env))

    env.process(source(env))
    env.run()
    print(f"jobs {total[1]} mean time in system {total[0] / total[1]:.4f} s")


if __name__ == "__main__":
    main()
