#!/usr/bin/env python3
"""Writes a large synthetic scenario to stdout, for measuring how `reorg
check`, `run` and its outputs scale (docs/performance.md).

    python3 bench/big_scenario.py UNITS [PEOPLE_PER_UNIT] > /tmp/big.toml

UNITS before units, merged in pairs into UNITS/2 after units (the last one
alone when UNITS is odd); each before unit has PEOPLE_PER_UNIT people (default
6: one head, one deputy, four staff) from `[roster.generate]`, and each
after unit the posts of its predecessors. One round per level, `choices = 3`.
"""
import sys

units = int(sys.argv[1])
per_unit = int(sys.argv[2]) if len(sys.argv) > 2 else 6
staff = max(per_unit - 2, 0)
out = sys.stdout
w = out.write
w('[scenario]\nname = "Synthetic: %d units"\nseed = 1\n\n' % units)
for lid, name in [("head", "head"), ("deputy", "deputy"), ("staff", "staff")]:
    w('[[level]]\nid = "%s"\nname = "%s"\n\n' % (lid, name))
for u in range(units):
    w('[[before]]\nid = "b%d"\nname = "Bureau %d"\n\n' % (u, u))
for a in range(0, units, 2):
    group = [b for b in (a, a + 1) if b < units]
    n = len(group)
    w('[[after]]\nid = "a%d"\nname = "Merged %d"\nfrom = [%s]\n' % (a // 2, a // 2, ", ".join('"b%d"' % b for b in group)))
    w('posts = { head = 1, deputy = %d, staff = %d }\n\n' % (n, n * staff))
w('[policy]\nchoices = 3\nmax_climb = 1\n\n')
for lid in ["head", "deputy", "staff"]:
    w('[[round]]\nid = "r_%s"\nname = "%s"\nlevels = ["%s"]\n\n' % (lid, lid, lid))
w('[roster.generate]\nseed = 7\nnames = "en"\nid_prefix = "P"\n\n')
for u in range(units):
    w('[roster.generate.unit.b%d]\ncounts = { head = 1, deputy = 1, staff = %d }\n\n' % (u, staff))
