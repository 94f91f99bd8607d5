"""CPU to decode one incident's activity inputs (its writes and notices), as the activities do.

    .venv/bin/python -m bench.decode [--samples N]

Reads `bench/results/sample-incident-history.json`, which every lifecycle run of `python -m
bench` writes, and decodes each `write_incident` and `deliver_notice` input with Tangkal's
converter (`core.payloads`) and with the SDK's default one, alternately.
"""

from __future__ import annotations

import argparse
import base64
import json
import statistics
import time
from pathlib import Path
from typing import Any

from temporalio.api.common.v1 import Payload
from temporalio.converter import DataConverter, PayloadConverter

from activities.types import IncidentChanges, Notice
from core.payloads import DATA_CONVERTER

HISTORY = Path(__file__).parent / "results" / "sample-incident-history.json"
TYPES: dict[str, type] = {"write_incident": IncidentChanges, "deliver_notice": Notice}


def inputs(history: dict[str, Any]) -> list[tuple[type, Payload]]:
    found = []
    for event in history["events"]:
        scheduled = event.get("activityTaskScheduledEventAttributes")
        if scheduled and scheduled["activityType"]["name"] in TYPES:
            for raw in scheduled["input"]["payloads"]:
                metadata = {k: base64.b64decode(v) for k, v in raw["metadata"].items()}
                payload = Payload(metadata=metadata, data=base64.b64decode(raw.get("data", "")))
                found.append((TYPES[scheduled["activityType"]["name"]], payload))
    return found


def _decode_all(converter: PayloadConverter, payloads: list[tuple[type, Payload]]) -> float:
    started = time.process_time()
    for cls, payload in payloads:
        converter.from_payloads([payload], [cls])
    return (time.process_time() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=300)
    samples = parser.parse_args().samples
    payloads = inputs(json.loads(HISTORY.read_text()))
    converters = {
        "tangkal": DATA_CONVERTER.payload_converter,
        "sdk default": DataConverter.default.payload_converter,
    }
    costs: dict[str, list[float]] = {name: [] for name in converters}
    for _ in range(samples):
        for name, converter in converters.items():
            costs[name].append(_decode_all(converter, payloads))
    print(f"{len(payloads)} payloads of one incident, {samples} rounds, alternating")
    for name, values in costs.items():
        values.sort()
        q1, q3 = values[len(values) // 4], values[3 * len(values) // 4]
        print(f"{name:>12}: median {statistics.median(values):.2f} ms (IQR {q1:.2f}-{q3:.2f})")


if __name__ == "__main__":
    main()
