#!/usr/bin/env python3
"""Writes a scaled scenario: DISTRICTS Binhai-like districts, each with 58
before units of 20 people (1,160 people) merged into 26 after units, six
levels as in Binhai and its policy (choices 3, max_climb 2, level 10,
home 4, noise 3). With --markets every district is its own market
(`market = "dN"` on its after units); without, they all compete as one.

Usage: bench/scale.py DISTRICTS [--markets] > scenario.toml
"""
import sys

LEVELS = ["head", "deputy", "section_head", "section_deputy", "staff"]
# People per before unit and level, Binhai's typical department.
COUNTS = {"head": 1, "deputy": 2, "section_head": 4, "section_deputy": 2, "staff": 11}
BEFORE, AFTER = 58, 26


def main() -> None:
    districts = int(sys.argv[1])
    markets = "--markets" in sys.argv[2:]
    out = [
        "[scenario]",
        f'name = "{districts} Binhai-like districts{" (one market each)" if markets else ""}"',
        "seed = 2017",
        "",
    ]
    for level in LEVELS:
        out += ["[[level]]", f'id = "{level}"', ""]
    for d in range(districts):
        for b in range(BEFORE):
            out += ["[[before]]", f'id = "d{d}_b{b}"', ""]
    for d in range(districts):
        for a in range(AFTER):
            sources = [b for b in range(BEFORE) if b % AFTER == a]
            inherited = {lv: COUNTS[lv] * len(sources) for lv in LEVELS}
            # About a tenth fewer posts than people, as in a merger.
            posts = ", ".join(f"{lv} = {max(1, n - n // 10)}" for lv, n in inherited.items())
            froms = ", ".join(f'"d{d}_b{b}"' for b in sources)
            out += ["[[after]]", f'id = "d{d}_a{a}"', f"from = [{froms}]", f"posts = {{ {posts} }}"]
            if markets:
                out.append(f'market = "d{d}"')
            out.append("")
    out += [
        "[policy]",
        "choices = 3",
        "max_climb = 2",
        "",
        "[policy.scoring]",
        "appraisal = 4",
        "exam = 2",
        "interview = 4",
        "exam_sd = 8",
        "interview_sd = 10",
        "home_bonus = 6",
        "climb_penalty = 5",
        "",
        "[policy.preferences]",
        "level = 10",
        "home = 4",
        "noise = 3",
        "",
    ]
    for level in LEVELS:
        out += ["[[round]]", f'id = "{level}"', f'levels = ["{level}"]']
        if level == "staff":
            out.append("second_pass = true")
        out.append("")
    out += ["[roster.generate]", "seed = 2017", 'id_prefix = "P"', ""]
    for d in range(districts):
        for b in range(BEFORE):
            counts = ", ".join(f"{lv} = {n}" for lv, n in COUNTS.items())
            out += [f"[roster.generate.unit.d{d}_b{b}]", f"counts = {{ {counts} }}", ""]
    print("\n".join(out))


main()
