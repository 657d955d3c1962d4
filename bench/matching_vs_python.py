"""Helper for bench/matching_vs_python.sh: the Python side of the comparison
between `reorg match` and the `matching` package (PyPI, version 1.4.3).

Subcommands:

  gen N SEED OUT        write an instance with N candidates in the `reorg match`
                        input format (see src/matching/json/mod.rs)
  solve IN SIDE OUT     solve it the way the package's users do, as one whole
                        process: HospitalResident.create_from_dictionaries(...)
                        then game.solve(optimal=...); write the assignment in
                        the `reorg match` output format
  algo IN SIDE OUT      time only the package's algorithm function
                        (matching.algorithms.hospital_resident), on players
                        built directly; prints the seconds it took, wall
                        clock then CPU time. The
                        HospitalResident constructor is quadratic (it checks,
                        for every hospital, every resident's list), which makes
                        create_from_dictionaries unusable at 100,000 residents
  same A B              exit 0 when two outputs give identical assignments

SIDE is `candidate` or `post` (the package's "resident" and "hospital").

The instance: N candidates, N/10 posts with 1 to 15 seats, each candidate
lists 10 to 20 posts. Preferences are correlated: posts have a common
popularity plus individual noise (and are drawn more often the more popular
they are), candidates have a common merit plus noise. Each post ranks exactly
the candidates that listed it, by score, so every listed pair is acceptable
(the package warns about, and without `clean=True` mishandles, pairs listed
by one side only).
"""

import json
import random
import sys
import threading
import time


def generate(n, seed):
    rng = random.Random(seed)
    m = max(1, n // 10)
    capacity = [rng.randint(1, 15) for _ in range(m)]
    popularity = [1.0 - p / m for p in range(m)]
    candidates = {}
    applicants = [[] for _ in range(m)]
    for c in range(n):
        cid = f"c{c}"
        merit = rng.random()
        k = min(m, rng.randint(10, 20))
        picked = {}
        while len(picked) < k:
            u = rng.random()
            post = int(u * u * m)
            if post not in picked:
                picked[post] = popularity[post] + 0.3 * rng.random()
        ordered = sorted(picked, key=lambda p: -picked[p])
        candidates[cid] = [f"p{p}" for p in ordered]
        for p in ordered:
            applicants[p].append((merit + 0.25 * rng.random(), c))
    posts = {}
    for p in range(m):
        # Best score first; the candidate index breaks (improbable) ties.
        ranking = sorted(applicants[p], key=lambda sc: (-sc[0], sc[1]))
        posts[f"p{p}"] = {
            "capacity": capacity[p],
            "ranking": [f"c{c}" for _, c in ranking],
        }
    return {"candidates": candidates, "posts": posts}


def package_side(side):
    return {"candidate": "resident", "post": "hospital"}[side]


def write_assignment(instance, matching, out):
    """`matching` maps hospitals (players) to lists of residents (players)."""
    assignment = {cid: None for cid in instance["candidates"]}
    for hospital, residents in matching.items():
        for resident in residents:
            assignment[resident.name] = hospital.name
    with open(out, "w") as f:
        json.dump({"assignment": assignment}, f, indent=2)
        f.write("\n")


def solve(path, side, out):
    # HospitalResident() deep-copies the players, recursing through their
    # preference lists: at 10,000 residents that exceeds Python's default
    # recursion limit and then the default thread stack (a known issue,
    # daffidwilde/matching#139, whose suggested workaround is to raise the
    # limit). Run it in a thread with a large stack and a high limit.
    sys.setrecursionlimit(10**7)
    threading.stack_size(1 << 30)
    failure = []

    def target():
        try:
            solve_in_thread(path, side, out)
        except BaseException as err:  # reported by the main thread
            failure.append(err)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def solve_in_thread(path, side, out):
    from matching.games import HospitalResident

    with open(path) as f:
        instance = json.load(f)
    resident_prefs = instance["candidates"]
    hospital_prefs = {p: v["ranking"] for p, v in instance["posts"].items()}
    capacities = {p: v["capacity"] for p, v in instance["posts"].items()}
    game = HospitalResident.create_from_dictionaries(
        resident_prefs, hospital_prefs, capacities
    )
    matching = game.solve(optimal=package_side(side))
    write_assignment(instance, matching, out)


def algo(path, side, out):
    from matching.algorithms import hospital_resident
    from matching.games.hospital_resident import _make_players

    with open(path) as f:
        instance = json.load(f)
    resident_prefs = instance["candidates"]
    hospital_prefs = {p: v["ranking"] for p, v in instance["posts"].items()}
    capacities = {p: v["capacity"] for p, v in instance["posts"].items()}
    # The same players create_from_dictionaries makes, without the game's
    # deep copy and quadratic input checks.
    residents, hospitals = _make_players(resident_prefs, hospital_prefs, capacities)
    start, start_cpu = time.perf_counter(), time.process_time()
    matching = hospital_resident(residents, hospitals, optimal=package_side(side))
    seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    write_assignment(instance, matching, out)
    print(f"{seconds:.3f} {cpu:.3f}")


def same(a, b):
    with open(a) as f:
        left = json.load(f)["assignment"]
    with open(b) as f:
        right = json.load(f)["assignment"]
    if list(left.items()) == list(right.items()):
        return 0
    differ = [c for c in left if left.get(c) != right.get(c)]
    print(
        f"assignments differ for {len(differ)} candidates, e.g. "
        + ", ".join(f"{c}: {left.get(c)} vs {right.get(c)}" for c in differ[:5]),
        file=sys.stderr,
    )
    return 1


def main(argv):
    command, args = argv[1], argv[2:]
    if command == "gen":
        n, seed, out = int(args[0]), int(args[1]), args[2]
        with open(out, "w") as f:
            json.dump(generate(n, seed), f)
            f.write("\n")
    elif command == "solve":
        solve(*args)
    elif command == "algo":
        algo(*args)
    elif command == "same":
        return same(*args)
    else:
        print(f"unknown command {command}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
