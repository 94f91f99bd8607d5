"""Each figure of `make bench` with its goal (issue 8) and whether this run met it."""

from __future__ import annotations

from typing import Any

Row = tuple[str, str, str, bool | None]  # None: a figure without a goal of its own


def lifecycle_rows(life: dict[str, Any]) -> list[Row]:
    return [
        (
            "lifecycle throughput (incidents/s)",
            f"{life['tangkal_per_s']:.2f} vs bare {life['bare_per_s']:.2f} = "
            f"{life['throughput_ratio']:.2f}",
            "ratio >= 0.85",
            life["throughput_ratio"] >= 0.85,
        ),
        (
            "POST /decisions round trip",
            f"p50 {life['decision_p50_ms']:.0f} ms, p99 {life['decision_p99_ms']:.0f} ms of "
            f"{life['incidents']} vs bare update p99 {life['bare_update_p99_ms']:.0f} ms = "
            f"{life['decision_p99_ratio']:.2f}x (few samples: see the decisions phase)",
            "p99 <= 1.5x bare",
            life["decision_p99_ratio"] <= 1.5,
        ),
        (
            "worker CPU per incident (ms)",
            f"{life['cpu_ms_per_incident']['worker']:.0f} vs bare "
            f"{life['bare_cpu_ms_per_incident']['worker']:.0f} = {life['worker_cpu_ratio']:.2f}x",
            "<= 1.5x bare",
            life["worker_cpu_ratio"] <= 1.5,
        ),
        (
            "  where the worker's CPU goes (ms)",
            _split(life["worker_threads_ms"], life["bare_worker_threads_ms"]),
            "-",
            None,
        ),
        (
            "history per incident (bytes, events)",
            f"{life['history_bytes_p50']:.0f} B, {life['history_events']} events vs bare "
            f"{life['bare_history_bytes']} B, {life['bare_history_events']} events = "
            f"{life['history_bytes_ratio']:.2f}x",
            "<= 1.5x bare",
            life["history_bytes_ratio"] <= 1.5,
        ),
        (
            "  kept out of it, in payload_blobs",
            f"{life['blob_bytes_per_incident']:.0f} B in {life['blob_rows_per_incident']:.1f}"
            " new rows per incident",
            "-",
            None,
        ),
        (
            "  against the same-payloads bare workflow",
            f"throughput {life['payloads_per_s']:.2f}/s = {life['throughput_ratio_payloads']:.2f};"
            f" worker {life['payloads_cpu_ms_per_incident']['worker']:.0f} ms ="
            f" {life['worker_cpu_ratio_payloads']:.2f}x; history"
            f" {life['payloads_history_bytes']} B = {life['history_bytes_ratio_payloads']:.2f}x",
            "lifecycle >= 0.85 (issue 17)",
            life["throughput_ratio_payloads"] >= 0.85,
        ),
    ]


def _split(ours: dict[str, float], bare: dict[str, float]) -> str:
    kinds = ("event loop", "Python threads", "SDK core")
    return "; ".join(f"{kind} {ours.get(kind, 0):.0f} vs {bare.get(kind, 0):.0f}" for kind in kinds)


def decision_rows(dec: dict[str, Any]) -> list[Row]:
    ours, bare, ratios = dec["tangkal"], dec["bare"], dec["p99_ratio_rounds"]
    same, same_ratios = dec["same_round_trips"], dec["p99_ratio_same_rounds"]
    return [
        (
            f"POST /decisions vs bare update, {dec['concurrency']} in flight",
            f"p50 {ours['p50_ms']:.0f} ms, p99 {ours['p99_ms']:.0f} ms of {ours['samples']} vs "
            f"bare p50 {bare['p50_ms']:.0f} ms, p99 {bare['p99_ms']:.0f} ms of {bare['samples']} "
            f"= {dec['p99_ratio']:.2f}x ({min(ratios):.2f}-{max(ratios):.2f}, "
            f"{dec['rounds']} rounds of {dec['per_round']})",
            "p99 <= 1.5x bare (>= 1,000 samples)",
            dec["p99_ratio"] <= 1.5,
        ),
        (
            "  against the same-round-trips bare workflow",
            f"p50 {same['p50_ms']:.0f} ms, p99 {same['p99_ms']:.0f} ms of {same['samples']} "
            f"(answer after 1 activity, {dec['publication_activities']} after) = "
            f"{dec['p99_ratio_same']:.2f}x ({min(same_ratios):.2f}-{max(same_ratios):.2f})",
            "p99 <= 1.5x same-round-trips",
            dec["p99_ratio_same"] <= 1.5,
        ),
    ]


def status_rows(status: dict[str, Any]) -> list[Row]:
    rows: list[Row] = []
    for point in status["points"]:
        ratio, ours, same = point["ratio_same"], point["tangkal"]["rps"], point["same"]["rps"]
        rows.append(
            (
                f"GET /incidents/{{id}}, {point['clients']} in flight (req/s, wrk)",
                f"{ours['median']:.0f} vs same-work bare {same['median']:.0f} = "
                f"{ratio['median']:.2f} ({ratio['min']:.2f}-{ratio['max']:.2f}, "
                f"{status['rounds']} rounds; pk read {point['pk']['rps']['median']:.0f}, "
                f"{point['ratio_pk']['median']:.2f})",
                "ratio >= 0.8 of same-work",
                ratio["median"] >= 0.8,
            )
        )
    ours, same = status["steady"]["tangkal"], status["steady"]["same"]
    rows.append(
        (
            f"GET /incidents/{{id}} latency at {status['steady_rate_per_s']:.0f} req/s",
            f"p50 {ours['p50_ms']:.1f} ms, p99 {ours['p99_ms']:.1f} ms of {ours['samples']} "
            f"(same-work bare p99 {same['p99_ms']:.1f} ms of {same['samples']})",
            "p99 <= 20 ms",
            ours["p99_ms"] <= 20,
        )
    )
    return rows


def slack_rows(ack: dict[str, Any]) -> list[Row]:
    return [
        (
            f"Slack ack ({ack['rate_per_s']:.0f} clicks/s, {ack['clicks']} clicks)",
            f"p50 {ack['p50_ms']:.0f} ms, p99 {ack['p99_ms']:.0f} ms, max {ack['max_ms']:.0f} ms"
            + (f", {ack['not_ok']} not 200" if ack["not_ok"] else ""),
            "p99 <= 300 ms, none > 3 s",
            ack["p99_ms"] <= 300 and ack["over_3s"] == 0 and ack["not_ok"] == 0,
        )
    ]


def waiting_rows(wait: dict[str, Any]) -> list[Row]:
    at_10000 = wait["rss_at_10000_mib"]
    told = (
        "not measured past the workflow cache"
        if at_10000 is None
        else f"{at_10000:.0f} MiB" + ("" if wait["waiting"] >= 10000 else " extrapolated")
    )
    return [
        (
            f"worker RSS, {wait['waiting']} waiting (at 10,000)",
            f"{wait['rss_mib'][wait['waiting']]:.0f} MiB ({told})",
            "<= 1024 MiB at 10,000",
            at_10000 is not None and at_10000 <= 1024,
        )
    ]


ROWS = {
    "lifecycle": lifecycle_rows,
    "decisions": decision_rows,
    "status_api": status_rows,
    "slack_ack": slack_rows,
    "waiting": waiting_rows,
}


def goals(results: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {"measure": measure, "figure": figure, "goal": goal, "met": met}
        for phase, rows in ROWS.items()
        if phase in results
        for measure, figure, goal, met in rows(results[phase])
    ]
