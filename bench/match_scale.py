"""Writes a `reorg match` instance for bench/match_scale.sh.

    python3 bench/match_scale.py N K SEED OUT

N candidates (ids c0, c1, ...), N / 10 posts (p0, p1, ...) of 1 to 15 seats.
Each candidate lists K posts (K = 0: 10 to 20, drawn per candidate), drawn
more often the more popular they are and ordered by popularity plus noise.
Each post ranks its applicants by a merit common to all posts, so rankings
come out in one pass. The file is compact JSON (no spaces), written in
pieces so that a million candidates fit in a few hundred MB of Python.
"""

import random
import sys


def main():
    n, k, seed, out = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    rng = random.Random(seed)
    m = max(1, n // 10)
    capacity = [rng.randint(1, 15) for _ in range(m)]
    choices = []
    for c in range(n):
        kc = min(m, k if k > 0 else rng.randint(10, 20))
        picked = {}
        while len(picked) < kc:
            u = rng.random()
            p = int(u * u * m)
            if p not in picked:
                picked[p] = (1.0 - p / m) + 0.3 * rng.random()
        choices.append(sorted(picked, key=lambda p: -picked[p]))
    merit = list(range(n))
    rng.shuffle(merit)  # merit[i]: the i-th best candidate
    applicants = [[] for _ in range(m)]
    for c in merit:
        for p in choices[c]:
            applicants[p].append(c)
    with open(out, "w") as f:
        f.write('{"candidates":{')
        for c in range(n):
            if c:
                f.write(",")
            f.write('"c%d":[%s]' % (c, ",".join('"p%d"' % p for p in choices[c])))
        f.write('},"posts":{')
        for p in range(m):
            if p:
                f.write(",")
            ranking = ",".join('"c%d"' % c for c in applicants[p])
            f.write('"p%d":{"capacity":%d,"ranking":[%s]}' % (p, capacity[p], ranking))
        f.write("}}\n")


if __name__ == "__main__":
    main()
