"""Statements and documents: which statements of a policy apply to a request, and with what effect.

A Caller is who signs the request: `arn` is what GetCallerIdentity shows (the session ARN of an
assumed role), `principal_arn` is aws:PrincipalArn (the role's ARN for a session), `account` its account.
"""

import json
import re
from dataclasses import dataclass

from .conditions import condition_matches


@dataclass(frozen=True)
class Caller:
    arn: str
    principal_arn: str
    account: str


@dataclass(frozen=True)
class Request:
    caller: Caller
    action: str
    resource: str
    resource_account: str
    context: dict


def _listed(value):
    return value if isinstance(value, list) else [value]


def _wildcard(pattern, value, ignore_case):
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.IGNORECASE if ignore_case else 0) is not None


def _element(statement, name, value, ignore_case=False):
    """Action/NotAction or Resource/NotResource; a statement without either applies to all."""
    if name in statement:
        return any(_wildcard(p, value, ignore_case) for p in _listed(statement[name]))
    if f"Not{name}" in statement:
        return not any(_wildcard(p, value, ignore_case) for p in _listed(statement[f"Not{name}"]))
    return True


def principal_match(principal, caller):
    """'specific' when the caller is named by ARN or by "*", 'account' when by its account, else None."""
    if principal == "*":
        return "specific"
    if not isinstance(principal, dict):
        return None
    best = None
    for value in _listed(principal.get("AWS", [])):
        if value == "*" or value in (caller.arn, caller.principal_arn):
            return "specific"
        if value in (caller.account, f"arn:aws:iam::{caller.account}:root"):
            best = "account"
    return best


def _principal_applies(statement, caller):
    if "Principal" in statement:
        return principal_match(statement["Principal"], caller) is not None
    if "NotPrincipal" in statement:
        # Only the exact caller is left out: a listed role does not exempt its sessions, nor an
        # account root the other principals of that account (the NotPrincipal page's examples).
        listed = _listed(statement["NotPrincipal"].get("AWS", [])) if isinstance(statement["NotPrincipal"], dict) else []
        return caller.arn not in listed
    return True


def statement_applies(statement, request):
    return (
        _element(statement, "Action", request.action, ignore_case=True)
        and _element(statement, "Resource", request.resource)
        and _principal_applies(statement, request.caller)
        and condition_matches(statement.get("Condition"), request.context)
    )


def document(raw):
    """A policy document from moto's storage: a JSON string, bytes, or a managed policy object."""
    if isinstance(raw, bytes):
        raw = raw.decode()
    if isinstance(raw, str):
        return json.loads(raw)
    if isinstance(raw, dict) and "policy_document" in raw:
        return json.loads(raw["policy_document"])
    default = next(v for v in raw.versions if v.is_default)
    return json.loads(default.document)


def applying(doc, request):
    """The statements of `doc` that apply to `request`."""
    return [s for s in _listed(doc.get("Statement", [])) if statement_applies(s, request)]
