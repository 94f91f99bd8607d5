"""The metrics page: durations p50/p90 per severity per week, SLA breaches, topics, platforms."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from api.deps import ServicesDep
from api.pages.access import PageViewer
from api.pages.metrics_data import FEWEST_FOR_PERCENTILES, MEASURES, compute_metrics
from api.pages.render import page_clock, render
from api.pages.stages import now_utc
from core.local_time import duration

router = APIRouter(include_in_schema=False)


@router.get("/view/metrics", response_class=HTMLResponse)
async def metrics_page(request: Request, services: ServicesDep, viewer: PageViewer) -> Response:
    zone = services.policy.organization.timezone
    metrics = await run_in_threadpool(compute_metrics, services.engine, zone, now_utc())
    lang = page_clock(request).lang
    return render(
        request,
        "metrics.html",
        viewer=viewer,
        metrics=metrics,
        measures=MEASURES,
        fewest=FEWEST_FOR_PERCENTILES,
        # "kurang dari 1 menit", "1 jam 5 menit": never a bar labelled "0 / 0".
        span_s=lambda seconds: duration(seconds, lang),
    )
