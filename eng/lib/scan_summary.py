#!/usr/bin/env python3
"""Summary of eng/scan.sh: per role the URLs crawled by wapiti, its findings by severity and the
parameters sqlmap found injectable; writes summary.md and summary.json into the output folder and
prints the Markdown. Exit status 1 on any high or medium wapiti finding or any sqlmap injection,
2 when a role's scan produced no report (the scan itself failed), else 0.

Usage: scan_summary.py OUT_DIR TMP_DIR SECONDS ROLE...
"""
import glob
import json
import os
import re
import sqlite3
import sys

LEVELS = {"3": "high", "2": "medium", "1": "low", 3: "high", 2: "medium", 1: "low"}


def crawled(tmp, role):
    files = glob.glob(os.path.join(tmp, "wapiti-" + role, "*.db"))
    if not files:
        return None, None
    con = sqlite3.connect(files[0])
    pages = con.execute("SELECT count(*) FROM paths WHERE evil = 0 AND method = 'GET'").fetchone()[0]
    requests = con.execute("SELECT count(*) FROM paths WHERE evil = 0").fetchone()[0]
    return pages, requests


def wapiti(out, role):
    path = os.path.join(out, "wapiti", role, "report.json")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        report = json.load(f)
    findings = []
    for kind in ("vulnerabilities", "anomalies"):
        for category, items in (report.get(kind) or {}).items():
            for item in items:
                findings.append({
                    "kind": kind[:-3] if kind.endswith("ies") else kind,
                    "category": category,
                    "severity": LEVELS.get(item.get("level"), "info"),
                    "method": item.get("method"),
                    "path": item.get("path"),
                    "parameter": item.get("parameter"),
                    "info": (item.get("info") or "").strip(),
                })
    return findings


def sqlmap(out, role):
    base = os.path.join(out, "sqlmap", role)
    tested = []
    if os.path.exists(os.path.join(base, "tested.tsv")):
        with open(os.path.join(base, "tested.tsv"), encoding="utf-8") as f:
            tested = [line.rstrip("\n").split("\t") for line in f if line.strip()]
    targets = 0
    if os.path.exists(os.path.join(base, "targets.tsv")):
        with open(os.path.join(base, "targets.tsv"), encoding="utf-8") as f:
            targets = sum(1 for line in f if line.strip())
    injections = []
    for log in glob.glob(os.path.join(base, "output", "*", "log")):
        with open(log, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for match in re.finditer(r"Parameter: (.+?) \((\w+)\)", text):
            injections.append(f"{match.group(1)} ({match.group(2)})")
    for run in glob.glob(os.path.join(base, "run-*.log")):
        with open(run, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for match in re.finditer(r"(?:GET|POST|Cookie|URI) parameter '([^']+)' is vulnerable", text):
            injections.append(match.group(1) + " (" + os.path.basename(run) + ")")
    timed_out = sum(1 for t in tested if len(t) > 3 and t[3] in ("124", "137"))
    errors = sum(1 for t in tested if len(t) > 3 and t[3] not in ("0", "124", "137"))
    return {"targets": targets, "tested": len(tested), "timed_out": timed_out, "errors": errors,
            "injections": sorted(set(injections))}


def server_errors(tmp):
    path = os.path.join(tmp, "server.log")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", errors="replace") as f:
        # The re-executed error page (/Error) repeats the status of the failed request: not counted twice.
        return [line.strip() for line in f if re.search(r"responded 5\d\d", line) and not re.search(r"HTTP \S+ /Error\b", line)]


def main():
    out, tmp, seconds, roles = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
    summary = {"seconds": seconds, "roles": {}}
    failed, broken = False, False
    for role in roles:
        pages, requests = crawled(tmp, role)
        findings = wapiti(out, role)
        sql = sqlmap(out, role)
        timing = {}
        timing_path = os.path.join(out, "roles", role + ".json")
        if os.path.exists(timing_path):
            with open(timing_path, encoding="utf-8") as f:
                timing = json.load(f)
        session_end = None
        session_path = os.path.join(out, "roles", role + ".session-end")
        if os.path.exists(session_path):
            with open(session_path, encoding="utf-8") as f:
                session_end = f.read().strip()
        counts = {"high": 0, "medium": 0, "low": 0, "info": 0}
        for finding in findings or []:
            counts[finding["severity"]] += 1
        summary["roles"][role] = {
            "pages_crawled": pages, "requests_crawled": requests, "wapiti_report": findings is not None,
            "findings": counts, "details": findings or [], "sqlmap": sql, "timing": timing,
            "session_alive_at_end": None if session_end is None else session_end == "200",
        }
        if findings is None or pages is None:
            broken = True
        if counts["high"] or counts["medium"] or sql["injections"]:
            failed = True
    errors = server_errors(tmp)
    summary["server_5xx"] = len(errors)

    lines = [f"# Security scan summary ({seconds} s in all)", "",
             "| role | pages crawled (GET) | requests crawled (incl. forms) | high | medium | low | info "
             "| sqlmap targets tested/found (timed out, errors) | injectable | wapiti s | sqlmap s | session alive at end |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for role, r in summary["roles"].items():
        c, s, t = r["findings"], r["sqlmap"], r["timing"]
        alive = {None: "n/a", True: "yes", False: "NO"}[r["session_alive_at_end"]]
        report = "" if r["wapiti_report"] else " (no wapiti report!)"
        lines.append(f"| {role}{report} | {r['pages_crawled']} | {r['requests_crawled']} | {c['high']} | {c['medium']} "
                     f"| {c['low']} | {c['info']} | {s['tested']}/{s['targets']} ({s['timed_out']}, {s['errors']}) | {len(s['injections'])} "
                     f"| {t.get('wapiti_seconds', '?')} | {t.get('sqlmap_seconds', '?')} | {alive} |")
    lines.append("")
    lines.append(f"Server responses 5xx during the scan: {len(errors)}")
    for role, r in summary["roles"].items():
        if not r["details"] and not r["sqlmap"]["injections"]:
            continue
        lines += ["", f"## {role}", ""]
        # One line per severity, category, request and parameter, with how many times wapiti reported it.
        grouped = {}
        for f in r["details"]:
            info = f["info"].splitlines()[0] if f["info"] else ""
            key = (("high", "medium", "low", "info").index(f["severity"]), f["severity"], f["category"],
                   f["method"], f["path"], f["parameter"] or "", info[:160])
            grouped[key] = grouped.get(key, 0) + 1
        for (_, severity, category, method, path, parameter, info), count in sorted(grouped.items()):
            times = f" ({count}x)" if count > 1 else ""
            lines.append(f"- {severity}: {category} - {method} {path}"
                         f"{' [' + parameter + ']' if parameter else ''}: {info}{times}")
        for injection in r["sqlmap"]["injections"]:
            lines.append(f"- sqlmap injectable: {injection}")
    if errors:
        by_request = {}
        for e in errors:
            match = re.search(r"HTTP (\S+ \S+) responded (\d+)", e)
            key = f"{match.group(1)} -> {match.group(2)}" if match else e[:120]
            by_request[key] = by_request.get(key, 0) + 1
        lines += ["", "## 5xx responses (server log; details in server.log)", ""]
        lines += [f"- {k} ({v}x)" for k, v in sorted(by_request.items(), key=lambda kv: -kv[1])[:30]]
    verdict = ("FAILED: the scan did not complete for every role" if broken
               else "FAILED: high/medium findings or injections" if failed
               else "PASSED: no high or medium finding, no injection")
    lines += ["", verdict, ""]
    text = "\n".join(lines)
    with open(os.path.join(out, "summary.md"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(out, "summary.json"), "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2, ensure_ascii=False)
    print(text)
    sys.exit(2 if broken else 1 if failed else 0)


if __name__ == "__main__":
    main()
