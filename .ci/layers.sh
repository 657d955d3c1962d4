#!/usr/bin/env bash
# The layer rule of docs/architecture.md, checked over the Rust sources.
#
#   bash .ci/layers.sh [SRC]     (SRC: default src/ of this repository)
#
# Checks, for every path a file names through `crate::`, `super::`, `self::`
# or a child module (`use crate::{a, b::c}` groups expanded, over several
# lines too):
#   1. a module imports only from layers below its own (leaves: nothing);
#   2. the files of each module folder import each other without a cycle
#      (a child naming the `mod.rs` of its folder is not counted);
#   3. clap, anyhow, indicatif and signal-hook appear only in src/cli/ and
#      src/main.rs; annotate-snippets there and in src/diagnostic.rs.
# Comment lines (`//`, `///`, `//!`: doc links create no dependency) and
# string contents are skipped. Prints one line per violation, exits 1 if any.
set -euo pipefail

dir="${1:-$(dirname "$0")/../src}"
[ -d "$dir" ] || { echo "layers: no folder $dir" >&2; exit 2; }
# Run beside the folder, so that files are named src/..., as in the repository.
cd "$(dirname "$dir")"
src="$(basename "$dir")"

mapfile -t files < <(find "$src" -name '*.rs' | LC_ALL=C sort)
[ "${#files[@]}" -gt 0 ] || { echo "layers: no .rs file under $dir" >&2; exit 2; }
awk -v src="$src" -v q="'" '
BEGIN {
    # The layers, bottom to top; rank 0: the leaves. A module not (yet)
    # in the tree is simply never seen.
    nleaves = split("diagnostic rng csv_guard bounded_read matching", leaves, " ")
    for (i = 1; i <= nleaves; i++) rank[leaves[i]] = 0
    nlayers = split("scenario graph process simulate metrics batch report cli main", layers, " ")
    for (i = 1; i <= nlayers; i++) rank[layers[i]] = i
    # Every file as a module path: src/a/b.rs and src/a/b/mod.rs are a::b.
    for (i = 1; i < ARGC; i++) {
        p = substr(ARGV[i], length(src) + 2)
        sub(/\.rs$/, "", p); sub(/(^|\/)mod$/, "", p); gsub(/\//, "::", p)
        if (p == "lib") p = ""
        modof[ARGV[i]] = p; module[p] = ARGV[i]
    }
    errors = 0
}

function top(path) { sub(/::.*/, "", path); return path }
function parent(path) { if (path !~ /::/) return ""; sub(/::[^:]*$/, "", path); return path }
function fail(msg) { print msg; errors++ }

# The module path a written path names, or "" when it leaves the crate or
# stays in this file (an inline module such as `mod tests`).
function resolve(p, depth,    base, ups) {
    if (p ~ /^crate::/) return substr(p, 8)
    if (me == "main" && p ~ /^reorg::/) return substr(p, 8)
    if (p ~ /^(self|super)::/) {
        base = me; ups = -depth
        if (p ~ /^self::/) p = substr(p, 7)
        while (p ~ /^super::/) { p = substr(p, 8); ups++ }
        if (ups < 0 || (ups == 0 && depth > 0)) return ""
        for (; ups > 0; ups--) base = parent(base)
        return base == "" ? p : base "::" p
    }
    if ((me "::" top(p)) in module) return me "::" p
    return ""
}

# The file a module path lives in: its longest prefix that is a file.
function file_of(path) {
    while (path != "" && !(path in module)) path = parent(path)
    return module[path]
}

function check(written, line,    r, from, to, key) {
    sub(/::self$/, "", written)
    r = resolve(written, inline[line])
    if (r == "") return
    from = top(me); to = top(r)
    if (!(from in rank)) return
    key = cur ":" line ":" to
    if (from != to && !(key in seen)) {
        seen[key] = 1
        if (!(to in rank))
            fail(cur ":" line ": `crate::" r "`: module `" to "` is in no layer")
        else if (rank[from] == 0)
            fail(cur ":" line ": forbidden import " from " → " to " (crate::" r "): a leaf imports nothing of the crate")
        else if (rank[to] >= rank[from])
            fail(cur ":" line ": forbidden import " from " → " to " (crate::" r "): " to " is not below " from)
    }
    to = file_of(r)
    # Edges between sibling files of one module folder, for the cycle check.
    # A child naming the `mod.rs` of its own folder (where the shared
    # items and the declarations of its children live) is not a sibling edge.
    if (to != cur && index(to, src "/" from "/") == 1 && index(cur, src "/" from "/") == 1 \
        && to !~ /\/mod\.rs$/ && !((cur, to) in edge)) {
        edge[cur, to] = cur ":" line
        adj[cur] = adj[cur] " " to
    }
}

# Every path in a `{...}` use group: `p::{a, b::{c, self}, d as e}`.
function expand(prefix, group, line,    i, c, tok, d, pre, skip) {
    d = 0; tok = ""; skip = 0
    for (i = 1; i <= length(group); i++) {
        c = substr(group, i, 1)
        if (c == "\n") line++
        if (c == "{") { d++; pre[d] = (d == 1 ? prefix : pre[d - 1] tok); tok = ""; skip = 0 }
        else if (c == "," || c == "}") {
            if (tok != "") check(pre[d] tok, line)
            tok = ""; skip = 0
            if (c == "}") d--
        }
        else if (c ~ /[A-Za-z0-9_:*]/ && !skip) tok = tok c
        else if (tok != "") skip = 1
    }
}

# All paths of one file, read whole so that groups may span lines.
function scan(    rest, line, before, path, group, d, i, c) {
    rest = text; line = 1
    while (match(rest, /[A-Za-z_][A-Za-z0-9_]*::/)) {
        before = substr(rest, 1, RSTART - 1); line += gsub(/\n/, "", before)
        rest = substr(rest, RSTART)
        match(rest, /^[A-Za-z0-9_:]+/)
        path = substr(rest, 1, RLENGTH); rest = substr(rest, RLENGTH + 1)
        if (path ~ /::$/ && substr(rest, 1, 1) == "{") {
            d = 0
            for (i = 1; i <= length(rest); i++) {
                c = substr(rest, i, 1)
                if (c == "{") d++
                else if (c == "}" && --d == 0) break
            }
            group = substr(rest, 1, i); rest = substr(rest, i + 1)
            expand(path, group, line)
            line += gsub(/\n/, "", group)
        } else {
            check(path, line)
        }
    }
}

FNR == 1 {
    if (NR > 1 && me != "") scan()
    cur = FILENAME; me = modof[cur]; text = ""; depth = 0; nested = 0
    if (me != "" && !(top(me) in rank))
        fail(cur ": module `" top(me) "` is in no layer (docs/architecture.md)")
}
{
    line = $0
    inline[FNR] = nested
    if (line ~ /^[ \t]*\/\//) { text = text "\n"; next }
    gsub(/"([^"\\]|\\.)*"/, "\"\"", line)
    gsub(q "([^" q "\\\\]|\\\\.)" q, q q, line)
    sub(/[ \t]*\/\/.*$/, "", line)
    if (line ~ /(^|[^A-Za-z0-9_])mod [A-Za-z0-9_]+ *\{/) start[++nested] = depth
    depth += gsub(/\{/, "{", line) - gsub(/\}/, "}", line)
    while (nested > 0 && depth <= start[nested]) nested--
    text = text line "\n"
    # External crates of the command line.
    if (cur !~ "^" src "/(cli/|main\\.rs$)") {
        allowed = (cur == src "/diagnostic.rs") ? "annotate_snippets" : "-"
        rest = line
        while (match(rest, /(^|[^A-Za-z0-9_:])(clap|anyhow|annotate_snippets|indicatif|signal_hook)(::|;)/)) {
            name = substr(rest, RSTART, RLENGTH); sub(/^[^a-z]/, "", name); sub(/(::|;)$/, "", name)
            if (name != allowed)
                fail(cur ":" FNR ": `" name "` outside src/cli/ and src/main.rs")
            rest = substr(rest, RSTART + RLENGTH)
        }
    }
}

# Cycles among the sibling files of a module folder: the strongly connected
# components of the import graph (Tarjan), each shown by its shortest cycle.
function tangle(u,    n, vs, i, v, w, members, count, folder) {
    order[u] = low[u] = ++counter; stack[++sp] = u; on[u] = 1
    n = split(adj[u], vs, " ")
    for (i = 1; i <= n; i++) {
        v = vs[i]
        if (!(v in order)) { tangle(v); if (low[v] < low[u]) low[u] = low[v] }
        else if (on[v] && order[v] < low[u]) low[u] = order[v]
    }
    if (low[u] != order[u]) return
    members = ""; count = 0
    do { w = stack[sp--]; on[w] = 0; comp[w] = u; members = w " " members; count++ } while (w != u)
    if (count > 1) {
        folder = u; sub("/[^/]*$", "/", folder)
        gsub(folder, "", members); sub(/ $/, "", members)
        fail("import cycle in " folder " (each file:line imports the next): " \
             shortest(members, u, folder) " (" count " files in the tangle: " members ")")
    }
}

# The shortest cycle through the files of one component, by breadth-first search.
function shortest(members, c, folder,    k, m, ms, best, bestlen, s, head, tail, queue, prev, dist, u, n, vs, i, v, path, x) {
    best = ""
    m = split(members, ms, " ")
    for (k = 1; k <= m; k++) {
        s = folder ms[k]; split("", dist); split("", prev); head = 1; tail = 0
        queue[++tail] = s; dist[s] = 0
        while (head <= tail && path == "") {
            u = queue[head++]
            n = split(adj[u], vs, " ")
            for (i = 1; i <= n && path == ""; i++) {
                v = vs[i]
                if (comp[v] != c) continue
                if (v == s) {
                    path = edge[u, s] " → " s
                    for (x = u; x != s; x = prev[x]) path = edge[prev[x], x] " → " path
                    if (best == "" || dist[u] < bestlen) { best = path; bestlen = dist[u] }
                } else if (!(v in dist)) { dist[v] = dist[u] + 1; prev[v] = u; queue[++tail] = v }
            }
        }
        path = ""
    }
    return best
}

END {
    if (me != "") scan()
    for (i = 1; i < ARGC; i++) if (!(ARGV[i] in order)) tangle(ARGV[i])
    if (errors > 0) {
        print errors " layer rule violation(s); the rule: docs/architecture.md"
        exit 1
    }
}
' "${files[@]}"
