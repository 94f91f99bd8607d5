"""The organisation's rules (SPEC §6), parsed and validated in one place.

Every problem is reported with the dotted key it concerns, so a bad file stops start-up with a
message an administrator can act on.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from core.composer import Templates, template_problem
from core.domain import Platform, Role, Severity, Verdict
from core.mrkdwn import is_link_url

_EXAMPLE_NAME = "tangkal.example.toml"
# Beside the source tree in a checkout; in the working directory of an installed image.
EXAMPLE_POLICY = next(
    (
        candidate
        for candidate in (
            Path(__file__).resolve().parent.parent / _EXAMPLE_NAME,
            Path(_EXAMPLE_NAME),
        )
        if candidate.exists()
    ),
    Path(__file__).resolve().parent.parent / _EXAMPLE_NAME,
)
CHECKLIST_ITEMS = ("source_traced", "agency_statement", "archive_link")


class PolicyError(ValueError):
    """The policy file cannot be used; the message names the file, the key and the problem."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Official(_Strict):
    """One of the organisation's officials: a claim naming the title or the name targets them."""

    title: str = Field(min_length=1)  # "Bupati Badung"
    name: str = ""  # "I Wayan Adi Arnawa"
    aliases: list[str] = []  # how people write them: "Pak Adi Arnawa"


class Organization(_Strict):
    name: str = Field(min_length=1)
    url: str = ""
    language: Literal["id", "en"] = "id"
    timezone: str = "Asia/Jakarta"
    leaders: list[str] = []
    officials: list[Official] = []
    # The organisation's agencies ("Dinas Kesehatan Kabupaten Badung"): a claim in their name
    # impersonates an authority; one naming another regency's agency is another hoax.
    agencies: list[str] = []
    # The letterhead's logo on the dossier (PNG or JPEG), relative to the policy file; none:
    # the letterhead is the name alone.
    logo: str = ""

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (e.g. Asia/Makassar)") from None
        return value


class SlackPolicy(_Strict):
    verification_channel: str = ""
    approval_channel: str = ""
    announce_channel: str = ""
    escalation_contacts: list[str] = []
    leadership_channel: str = ""  # the daily digest; the console outbox when empty
    # Where people reach Tangkal's pages (e.g. https://tangkal.badungkab.go.id): a card whose
    # draft is too long for Slack links to the incident page there.
    pages_url: str = ""

    @field_validator("pages_url")
    @classmethod
    def _pages_url(cls, value: str) -> str:
        if value and not is_link_url(value):
            raise ValueError(f"must be an http(s) URL without spaces or |<>, not {value!r}")
        return value


class DigestPolicy(_Strict):
    """The daily digest for leadership: at `time` ("HH:MM", or "HH:MM:SS") local time."""

    enabled: bool = True
    time: str = "07:00"

    @field_validator("time")
    @classmethod
    def _clock_time(cls, value: str) -> str:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?", value):
            raise ValueError(f'must be a local clock time "HH:MM" (00:00-23:59), not {value!r}')
        return value

    @property
    def hour_minute_second(self) -> tuple[int, int, int]:
        parts = [int(p) for p in self.time.split(":")]
        return parts[0], parts[1], parts[2] if len(parts) == 3 else 0


class SlaMinutes(_Strict):
    triage: int = Field(default=15, gt=0)
    verification: int = Field(default=240, gt=0)
    drafting: int = Field(default=120, gt=0)
    approval: int = Field(default=120, gt=0)
    publishing: int = Field(default=60, gt=0)

    def for_stage(self, stage: str) -> int:
        return int(getattr(self, stage))


class SeverityPolicy(_Strict):
    min_risk: int = Field(ge=0, le=100)
    approvals: int = Field(default=1, ge=1, le=10)
    approver_roles: list[Role] = []
    sla_minutes: SlaMinutes = SlaMinutes()
    monitoring_minutes: int = Field(default=0, ge=0)


class VerificationPolicy(_Strict):
    required_checklist: list[Literal["source_traced", "agency_statement", "archive_link"]] = []


class Topic(_Strict):
    weight: int = Field(ge=0, le=40)
    keywords: list[str] = Field(min_length=1)


class TriagePolicy(_Strict):
    duplicate_threshold: float = Field(default=0.55, gt=0, le=1)
    archive_threshold: float = Field(default=0.55, gt=0, le=1)
    known_hoax_spreaders: list[str] = []
    trusted_sources: list[str] = []


class TemplateOverride(_Strict):
    title: str = ""
    body: str = ""

    @model_validator(mode="after")
    def _renders(self) -> TemplateOverride:
        for part in (self.title, self.body):
            problem = template_problem(part) if part else None
            if problem:
                raise ValueError(problem)
        return self


class DraftingPolicy(_Strict):
    """Labels by verdict and the organisation's own klarifikasi templates, per language."""

    labels: dict[Literal["id", "en"], dict[Verdict, str]] = {}
    templates: dict[Literal["id", "en"], TemplateOverride] = {}


class WordPressPost(_Strict):
    """How a klarifikasi is posted on a WordPress site (`[channels.wordpress]`).

    `status = "draft"` leaves it to the web editor to publish; comments and pingbacks are
    closed unless opened here (a government klarifikasi is not a discussion thread).
    `categories` and `tags` are WordPress term ids (Posts → Categories shows them)."""

    status: Literal["publish", "pending", "draft"] = "publish"
    categories: list[int] = Field(default_factory=list, max_length=20)
    tags: list[int] = Field(default_factory=list, max_length=50)
    comment_status: Literal["open", "closed"] = "closed"
    ping_status: Literal["open", "closed"] = "closed"


class Channel(_Strict):
    name: str = Field(min_length=1, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    kind: Literal["webhook", "wordpress", "telegram", "slack", "console"]
    url: str = ""  # webhook: endpoint; wordpress: site; telegram/slack: API base (tests)
    secret_env: str = ""  # the env var holding the secret/token, never the secret itself
    username: str = ""  # wordpress: the user the application password belongs to
    chat_id: str = ""  # telegram: "@channelname" or the numeric chat id
    required: bool = True
    max_attempts: int = Field(default=5, ge=1, le=50)
    # wordpress: one request's wait; a create slower than this is found on the retry
    timeout_seconds: float = Field(default=20, ge=1, le=120)
    wordpress: WordPressPost | None = None  # wordpress: how the post is made (defaults below)

    @model_validator(mode="after")
    def _complete_for_its_kind(self) -> Channel:
        if self.wordpress is not None and self.kind != "wordpress":
            raise ValueError("wordpress: post settings belong to a wordpress channel only")
        web = self.url.startswith(("http://", "https://"))
        if self.kind in ("webhook", "wordpress") and not web:
            raise ValueError(f"a {self.kind} channel needs an http(s) url")
        if self.kind in ("telegram", "slack") and self.url and not web:
            raise ValueError("url must be http(s) when given")
        if self.kind in ("wordpress", "telegram") and not self.secret_env:
            raise ValueError(f"a {self.kind} channel needs secret_env (the env var of its token)")
        if self.kind == "wordpress" and not self.username:
            raise ValueError("a wordpress channel needs username")
        if self.kind == "telegram" and not self.chat_id:
            raise ValueError("a telegram channel needs chat_id")
        return self


class ItemFields(_Strict):
    """Where a JSON source keeps each item's parts (dotted paths inside one item)."""

    id: str = "id"
    title: str = "title"
    text: str = "text"
    url: str = "url"
    reach: str = ""
    growth: str = ""  # new views/shares an hour, where the tool measures it


class Source(_Strict):
    name: str = Field(min_length=1, max_length=48, pattern=r"^[a-z0-9][a-z0-9_-]*$")
    kind: Literal["rss", "json"]  # rss covers RSS and Atom
    url: str = Field(pattern=r"^https?://")
    every_minutes: int = Field(default=15, ge=1, le=1440)
    min_score: int | None = Field(default=None, ge=0, le=100)
    platform: Platform = Platform.NEWS
    items_path: str = ""  # json: dotted path to the list of items; "" = the document is the list
    fields: ItemFields = ItemFields()


class MonitoringPolicy(_Strict):
    min_score: int = Field(default=30, ge=0, le=100)
    signals_secret_env: str = Field(default="", pattern=r"^([A-Z_][A-Z0-9_]*)?$")


class Policy(_Strict):
    organization: Organization
    slack: SlackPolicy = SlackPolicy()
    people: dict[str, list[Role]] = {}
    severity: dict[Severity, SeverityPolicy]
    verification: VerificationPolicy = VerificationPolicy()
    topics: dict[str, Topic] = {}
    triage: TriagePolicy = TriagePolicy()
    drafting: DraftingPolicy = DraftingPolicy()
    channels: list[Channel] = []
    sources: list[Source] = []
    monitoring: MonitoringPolicy = MonitoringPolicy()
    digest: DigestPolicy = DigestPolicy()

    @model_validator(mode="after")
    def _complete_and_ordered(self) -> Policy:
        missing = [s.value for s in Severity if s not in self.severity]
        if missing:
            raise ValueError(f"severity tables missing: {', '.join(missing)}")
        bands = [self.severity[s].min_risk for s in Severity]
        if bands != sorted(bands) or len(set(bands)) != len(bands):
            raise ValueError("min_risk must rise strictly from low to critical")
        names = [c.name for c in self.channels]
        if len(names) != len(set(names)):
            raise ValueError("channel names must be unique")
        if any(c.kind == "slack" for c in self.channels) and not self.slack.announce_channel:
            raise ValueError("a slack channel needs [slack] announce_channel")
        sources = [s.name for s in self.sources]
        if len(sources) != len(set(sources)):
            raise ValueError("source names must be unique")
        return self

    def templates(self) -> Templates:
        return Templates(
            labels={
                lang: {verdict.value: label for verdict, label in labels.items()}
                for lang, labels in self.drafting.labels.items()
            },
            titles={lang: t.title for lang, t in self.drafting.templates.items() if t.title},
            bodies={lang: t.body for lang, t in self.drafting.templates.items() if t.body},
        )

    def severity_for(self, risk_score: int) -> Severity:
        chosen = Severity.LOW
        for severity in Severity:
            if risk_score >= self.severity[severity].min_risk:
                chosen = severity
        return chosen


def _key_of(loc: tuple[int | str, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "(top level)"


def parse_policy(text: str, source: str = "policy") -> Policy:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyError(f"{source}: not valid TOML: {exc}") from None
    try:
        return Policy.model_validate(raw)
    except ValidationError as exc:
        problems = [f"{_key_of(err['loc'])}: {err['msg']}" for err in exc.errors()]
        raise PolicyError(f"{source}: " + "; ".join(problems)) from None


def load_policy(path: Path) -> Policy:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise PolicyError(f"{path}: cannot be read: {exc.strerror}") from None
    policy = parse_policy(text, str(path))
    logo = policy.organization.logo
    if logo and not Path(logo).is_absolute():
        organization = policy.organization.model_copy(update={"logo": str(path.parent / logo)})
        policy = policy.model_copy(update={"organization": organization})
    return policy


def resolve_policy_path(configured: Path) -> Path:
    """The configured file if it exists, else the shipped example (SPEC §6)."""
    if configured.exists() or configured.name != "tangkal.toml":
        return configured
    return EXAMPLE_POLICY
