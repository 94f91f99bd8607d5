"""The incident vocabulary of SPEC §2: stages, resolutions, verdicts, severities, roles, actors.

Pure types only: workflows import this module, so it must stay free of I/O. Annotations are
evaluated at import (no `from __future__ import annotations`): `Actor` crosses the Temporal
boundary, see `activities.types`.
"""

from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    REPORTED = "reported"
    TRIAGE = "triage"
    VERIFICATION = "verification"
    DRAFTING = "drafting"
    APPROVAL = "approval"
    PUBLISHING = "publishing"
    MONITORING = "monitoring"
    CLOSED = "closed"


# Stages that carry an SLA in the policy (the others are instantaneous or open-ended).
SLA_STAGES: tuple[Stage, ...] = (
    Stage.TRIAGE,
    Stage.VERIFICATION,
    Stage.DRAFTING,
    Stage.APPROVAL,
    Stage.PUBLISHING,
)


class Resolution(StrEnum):
    PUBLISHED = "published"
    CLAIM_TRUE = "claim_true"
    DISMISSED = "dismissed"
    DUPLICATE = "duplicate"
    CANCELLED = "cancelled"
    FAILED = "failed"
    RETRACTED = "retracted"  # published, then withdrawn


class Verdict(StrEnum):
    FALSE = "false"
    MISLEADING = "misleading"
    PARTLY_FALSE = "partly_false"
    UNPROVEN = "unproven"
    TRUE = "true"


class Severity(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Role(StrEnum):
    OFFICER = "officer"
    VERIFIER = "verifier"
    APPROVER = "approver"
    LEADER = "leader"
    ADMIN = "admin"


class Platform(StrEnum):
    FACEBOOK = "facebook"
    INSTAGRAM = "instagram"
    X = "x"
    TIKTOK = "tiktok"
    YOUTUBE = "youtube"
    WHATSAPP = "whatsapp"
    TELEGRAM = "telegram"
    WEBSITE = "website"
    NEWS = "news"
    OTHER = "other"


class MediaType(StrEnum):
    TEXT = "text"
    IMAGE = "image"
    VIDEO = "video"
    AUDIO = "audio"
    LINK = "link"


class Audience(StrEnum):
    """Who a notice is for: the Slack channel (or console) it goes to."""

    VERIFICATION = "verification"
    APPROVAL = "approval"
    ANNOUNCE = "announce"
    LEADERSHIP = "leadership"


class NoticeKind(StrEnum):
    """What a notice is: a card posted or rewritten, a reply in the card's thread, a reminder or
    an escalation (replies that mention people), an announcement, or a refusal one person sees."""

    CARD = "card"
    THREAD = "thread"
    REMINDER = "reminder"
    ESCALATION = "escalation"
    ANNOUNCE = "announce"
    EPHEMERAL = "ephemeral"
    DIGEST = "digest"


# Claims carried by media: a MediaReview can say what was wrong with them.
MEDIA_CLAIMS: tuple[MediaType, ...] = (MediaType.IMAGE, MediaType.VIDEO, MediaType.AUDIO)


class MediaAuthenticity(StrEnum):
    """What the verifier found wrong with an image, video or audio (schema.org MediaReview's
    `mediaAuthenticityCategory`): chosen by a person, never guessed from the verdict."""

    ORIGINAL = "OriginalMediaContent"  # real media, its context false
    DECONTEXTUALIZED = "DecontextualizedContent"
    EDITED_OR_CROPPED = "EditedOrCroppedContent"
    TRANSFORMED = "TransformedContent"  # e.g. a deepfake, a voice clone
    STAGED = "StagedContent"


class Decision(StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    REQUEST_CHANGES = "request_changes"


class ActorKind(StrEnum):
    SYSTEM = "system"
    API_KEY = "api_key"
    SLACK_USER = "slack_user"
    PERSON = "person"  # signed in to the pages as themselves (core.users)


@dataclass(frozen=True)
class Actor:
    """Who did something. `roles` travels with the actor so workflows can check it."""

    kind: ActorKind
    id: str
    name: str
    roles: tuple[Role, ...] = ()
    # The person behind the identity: an API key linked to a Slack user is that user, so
    # "nobody approves a draft they wrote" holds across the API and Slack.
    person: str = ""

    @property
    def who(self) -> str:
        return self.person or self.id

    def has_any(self, roles: tuple[Role, ...] | list[Role]) -> bool:
        return any(role in self.roles for role in roles)


def publication_key(incident_id: str, draft_version: int, channel: str, operation: str) -> str:
    """The idempotency key of one operation on one channel (SPEC §2): publication and
    correction `incident:vN:channel`, a retraction the same with `:retraction`, so that no
    receiver mistakes one for a retry of another."""
    key = f"{incident_id}:v{draft_version}:{channel}"
    return key + ":retraction" if operation == "retraction" else key


def event_id(incident_id: str, seq: int) -> str:
    """Timeline event ids: the incident and the event's sequence number, so a retry rewrites
    nothing and the API's first event and the workflow's are the same row."""
    return f"{incident_id}:{seq:05d}"


SYSTEM = Actor(kind=ActorKind.SYSTEM, id="tangkal", name="Tangkal")
