#!/usr/bin/env python3
"""Runs `flume-ng agent --check` over a folder of Flume configs and reports how many FlumeNet runs completely.

Verdict per config (for the agents MANIFEST.tsv names, else every agent in the file):
  runnable     no error: every component the config defines runs
  blocked      errors only because component types are recognised but not yet supported (NOT_YET_SUPPORTED)
  custom       names a Java class FlumeNet does not know (UNKNOWN_TYPE with a dotted name) and nothing else blocks
  not-planned  a component type FlumeNet will not run (NOT_SUPPORTED on a type: HBase, Hive, Solr, Elasticsearch)
  needs-edit   Flume would run it, FlumeNet needs one edit it names (NEEDS_EDIT: brokers only in ZooKeeper; an IGNORED
               error: a key FlumeNet ignores that would change the data delivered)
  errors       other errors: the config is broken for Flume too (each one audited against Flume 1.11's behaviour)
A config can be in several at once; it is listed under the first that applies of custom, blocked, not-planned,
needs-edit, errors.
"""
import argparse
import collections
import csv
import json
import os
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read_manifest(folder):
    path = os.path.join(folder, "MANIFEST.tsv")
    agents = {}
    if os.path.exists(path):
        with open(path, newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t"):
                names = [n for n in (row.get("agent_names") or "").replace(",", " ").split() if n]
                agents[row["file"]] = names
    return agents


def check(flume_ng, path, agent):
    cmd = [flume_ng, "agent", "--check", "-f", path, "--format", "json"]
    if agent:
        cmd += ["-n", agent]
    proc = subprocess.run(cmd, capture_output=True, timeout=600)
    try:
        diagnostics = json.loads(proc.stdout.decode("utf-8", "replace") or ("[]" if proc.returncode in (0, 1) else "crashed"))
    except json.JSONDecodeError:
        diagnostics = [{"severity": "error", "code": "CHECK_OUTPUT_UNREADABLE", "message": proc.stderr.decode("utf-8", "replace")[:200],
                        "key": None, "line": 0}]
    return proc.returncode, diagnostics


def component_type(message):
    # NOT_YET_SUPPORTED / UNKNOWN_TYPE messages quote the type first: "source type 'avro' is recognised, …"
    start = message.find("'")
    end = message.find("'", start + 1)
    kind = message.split(" type ", 1)[0].removeprefix("unknown ") if " type " in message else "component"
    name = message[start + 1:end] if start >= 0 and end > start else message
    # Aliases match in any case (FILE = file); class names are exact.
    return kind, name if "." in name else name.lower()


def verdict_of(diagnostics):
    errors = [d for d in diagnostics if d.get("severity") == "error"]
    blocked = sorted({component_type(d.get("message", "")) for d in errors if d.get("code") == "NOT_YET_SUPPORTED"})
    custom = sorted({component_type(d.get("message", "")) for d in errors
                     if d.get("code") == "UNKNOWN_TYPE" and "." in component_type(d.get("message", ""))[1]})
    not_planned = [d for d in errors if d.get("code") == "NOT_SUPPORTED" and (d.get("key") or "").endswith(".type")]
    needs_edit = [d for d in errors if d.get("code") in ("NEEDS_EDIT", "IGNORED")]
    # Follow-on errors of a dropped component are not a separate cause.
    others = [d for d in errors if d.get("code") not in ("NOT_YET_SUPPORTED", "UNKNOWN_TYPE", "COMPONENT_DROPPED",
                                                         "AGENT_CONFIGURATION_INVALID")
              and d not in not_planned and d not in needs_edit]
    if not errors:
        verdict = "runnable"
    elif custom:
        verdict = "custom"
    elif blocked:
        verdict = "blocked"
    elif not_planned:
        verdict = "not-planned"
    elif needs_edit:
        verdict = "needs-edit"
    else:
        verdict = "errors"
    not_planned_types = sorted({component_type(d.get("message", "")) for d in not_planned})
    return verdict, blocked + not_planned_types, custom, others + needs_edit


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", default=os.path.join(os.path.dirname(ROOT), "shared", "corpus"))
    parser.add_argument("--format", choices=["text", "markdown"], default="text")
    parser.add_argument("--flume-ng", default=os.path.join(ROOT, "bin", "flume-ng"))
    args = parser.parse_args()
    if not os.path.isdir(args.folder):
        print(f"compat-report: no such folder: {args.folder}", file=sys.stderr)
        return 2

    # Build once before the loop, so no config's output carries the build message.
    subprocess.run([args.flume_ng, "version"], capture_output=True, check=False)
    manifest = read_manifest(args.folder)
    files = sorted(f for f in os.listdir(args.folder) if f.endswith((".properties", ".conf")))
    rows = []
    verdicts = collections.Counter()
    blocked_by = collections.Counter()
    custom_by = collections.Counter()
    codes = collections.Counter()
    for name in files:
        diagnostics = []
        for agent in manifest.get(name) or [None]:
            _, found = check(args.flume_ng, os.path.join(args.folder, name), agent)
            diagnostics += found
        verdict, blocked, custom, others = verdict_of(diagnostics)
        verdicts[verdict] += 1
        for kind_type in blocked:
            blocked_by[kind_type] += 1
        for kind_type in custom:
            custom_by[kind_type] += 1
        for code in sorted({d.get("code") for d in diagnostics if d.get("severity") == "error"}):
            codes[code] += 1
        rows.append((name, verdict, blocked, custom, others))

    md = args.format == "markdown"
    out = []
    total = len(files)
    if md:
        out.append("# Compatibility with published Flume configs")
        out.append("")
        out.append("Generated by `tools/compat-report --format markdown` over `../shared/corpus` "
                   "(published configs, not part of this project); do not edit by hand.")
        out.append("")
    out.append(f"{total} configs: {verdicts['runnable']} run completely, {verdicts['blocked']} blocked by "
               f"not-yet-supported types, {verdicts['custom']} name custom Java classes, {verdicts['not-planned']} use a "
               f"type FlumeNet does not plan to run, {verdicts['needs-edit']} need one edit FlumeNet names, "
               f"{verdicts['errors']} have errors Flume 1.11 gives too.")
    out.append("")

    def table(title, counter, head):
        out.append(("## " if md else "") + title)
        if md:
            out.append("")
            out.append(f"| {head} | configs |")
            out.append("|---|---|")
        for key, count in sorted(counter.items(), key=lambda kv: (-kv[1], str(kv[0]))):
            label = f"{key[0]} {key[1]}" if isinstance(key, tuple) else key
            out.append(f"| `{label}` | {count} |" if md else f"  {count:3}  {label}")
        out.append("")

    table("Blocked by component type (not yet supported, or not planned)", blocked_by, "type")
    table("Custom Java classes", custom_by, "class")
    table("Configs with an error of each code", codes, "code")
    out.append(("## " if md else "") + "Per config")
    if md:
        out.append("")
        out.append("| config | verdict | blocking | other errors |")
        out.append("|---|---|---|---|")
    for name, verdict, blocked, custom, others in rows:
        blocking = ", ".join(t for _, t in custom + blocked)
        other = "; ".join(f"{d.get('code')} {d.get('key') or ''}".strip() for d in others[:4]) + (" …" if len(others) > 4 else "")
        if md:
            out.append(f"| {name} | {verdict} | {blocking} | {other} |")
        else:
            out.append(f"  {verdict:11} {name}" + (f"  [{blocking}]" if blocking else "") + (f"  {other}" if other else ""))
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
