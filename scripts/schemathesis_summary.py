"""One summary of a schemathesis run for scripts/schemathesis.sh.

Usage: python3 schemathesis_summary.py LABEL RUN.log RUN.ndjson

Reads the operations and the test cases generated from schemathesis' own summary (RUN.log) and
counts the failed checks by name, with the operations they failed on, from its NDJSON events.
Prints one `schemathesis-summary` line and, for each failed check, one line per operation.
Exits 1 when any check failed or the run could not be read.
"""

import json
import re
import sys
from collections import Counter, defaultdict


def main() -> int:
    label, log_path, events_path = sys.argv[1:4]
    try:
        with open(log_path, encoding="utf-8") as f:
            log = f.read()
        with open(events_path, encoding="utf-8") as f:
            events = [json.loads(line) for line in f if line.strip()]
    except (OSError, ValueError) as e:
        print(f"schemathesis-summary run={label} unreadable: {e}")
        return 1

    tested = re.search(r"Tested:\s+(\d+)", log)
    selected = re.search(r"Operations:\s+(\d+) selected / (\d+) total", log)
    cases = re.search(r"Test cases:\s*\n\s*(\d+) generated", log)
    unique = re.search(r"(\d+) unique failures?", log)
    failed_checks = Counter()
    where = defaultdict(set)
    for event in events:
        scenario = event.get("ScenarioFinished")
        if not scenario:
            continue
        recorder = scenario.get("recorder") or {}
        operation = recorder.get("label", "?")
        for results in (recorder.get("checks") or {}).values():
            for check in results:
                if check.get("status") == "failure":
                    failed_checks[check.get("name", "?")] += 1
                    where[check.get("name", "?")].add(operation)
    finished = any("EngineFinished" in e for e in events)

    failures = sum(failed_checks.values())
    by_check = ",".join(f"{name}:{n}" for name, n in sorted(failed_checks.items())) or "none"
    print(
        f"schemathesis-summary run={label}"
        f" operations={tested.group(1) if tested else '?'}"
        f"/{selected.group(2) if selected else '?'}"
        f" test_cases={cases.group(1) if cases else '?'}"
        f" unique_failures={unique.group(1) if unique else 0}"
        f" failed_checks={failures} by_check={by_check}"
    )
    for name in sorted(where):
        for operation in sorted(where[name]):
            print(f"  {name}: {operation}")
    if not (finished and tested and cases):
        print(f"schemathesis-summary run={label}: the run did not finish")
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
