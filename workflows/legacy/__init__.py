"""The incident workflow as it ran before issue 19, frozen: type `IncidentWorkflow`.

Kept only so incidents started before the upgrade run to their end (and their histories replay);
new incidents start as `Incident` (workflows/incident.py). Nothing here changes any more. Once
no `IncidentWorkflow` is open, this package goes: see docs/deploy.md, "Upgrading to the
`Incident` workflow".
"""
