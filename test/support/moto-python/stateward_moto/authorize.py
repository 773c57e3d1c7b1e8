"""The hook: with IAM enforcement on, every request moto authorizes is decided by decision.allowed,
with the request's condition keys; with enforcement off, moto runs as it always does."""

import json
import os
import threading
from urllib.parse import urlparse

from moto import settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.exceptions import JsonRESTError
from moto.iam.access_control import PermissionResult
from moto.iam.models import iam_backends
from moto.s3.exceptions import S3AccessDeniedError
from moto.s3.models import FakeBucket, s3_backends

from .caller import caller_of, mfa_context, user_name
from .decision import allowed
from .dynamodb_request import dynamodb_request, table_policy
from .policy import Request, document
from .s3_request import s3_requests

_UNSIGNED = {"AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"}
_log_lock = threading.Lock()


def _log(caller, action, resource, decision):
    # STATEWARD_MOTO_DECISIONS: one JSON line per decision, so a test can tell which requests were refused.
    path = os.environ.get("STATEWARD_MOTO_DECISIONS")
    if path:
        line = json.dumps({"caller": caller.arn, "action": action, "resource": resource, "allowed": decision})
        with _log_lock, open(path, "a") as out:
            out.write(line + "\n")


def enforcing():
    return ActionAuthenticatorMixin.request_count >= settings.INITIAL_NO_AUTH_ACTION_COUNT


def _bucket(resource):
    name = resource[len("arn:aws:s3:::") :].split("/", 1)[0]
    if name in ("", "*") or name not in s3_backends.bucket_accounts:
        return None
    partition, account = s3_backends.bucket_accounts[name]
    return s3_backends[account][partition].buckets.get(name)


def _s3(response, resource, caller):
    pairs, context = s3_requests(response.method, response.uri, response.headers, response.raw_body, resource)
    bucket = _bucket(resource)
    account = bucket.account_id if bucket else caller.account
    if bucket:
        context["s3:ResourceAccount"] = [account]
    return [(action, arn, account, bucket.policy if bucket else None, context) for action, arn in pairs]


def _sts_or_iam(response, service, resource, caller, access_key):
    operation = response._get_action()
    action = f"{service}:{operation}"
    account = resource.split(":")[4] if resource.startswith("arn:") else caller.account
    if not (service == "sts" and operation == "AssumeRole"):
        return [(action, resource, account, None, {})]
    role = next((r for r in iam_backends[account]["aws"].roles.values() if r.arn == resource), None)
    # A role that does not exist cannot be assumed: no trust policy, no grant.
    trust = role.assume_role_policy_document if role else '{"Statement": []}'
    context = mfa_context(access_key, response._get_param("SerialNumber"), response._get_param("TokenCode"))
    if response._get_param("ExternalId") is not None:
        context["sts:ExternalId"] = [response._get_param("ExternalId")]
    context["sts:RoleSessionName"] = [response._get_param("RoleSessionName")]
    return [(action, resource, account, trust, context)]


def _checks(response, iam_request, resource, caller):
    service = iam_request._service
    if service == "s3":
        return _s3(response, resource, caller)
    if service == "dynamodb":
        action, arn, context = dynamodb_request(
            response._get_action(), response.raw_body, caller.account, iam_request._region
        )
        return [(action, arn, caller.account, table_policy(caller.account, iam_request._region, arn), context)]
    return _sts_or_iam(response, service, resource, caller, iam_request._access_key)


def _deny(response, iam_request):
    if iam_request._service == "dynamodb":
        raise JsonRESTError("AccessDeniedException", f"{iam_request._access_key.arn} is not authorized")
    if iam_request._service == "s3" and response.method == "POST":
        # DeleteObjects: moto retries a BucketAccessDeniedError unauthenticated; this one it does not.
        raise S3AccessDeniedError()
    iam_request._raise_access_denied()


def _authorize(self, iam_request_cls, resource="*"):
    parsed = urlparse(self.uri)
    path = parsed.path + ("?" + parsed.query if parsed.query else "")
    iam_request = iam_request_cls(
        account_id=self.current_account,
        method=self.method,
        path=path,
        data=self.data,
        body=self.raw_body,
        headers=self.headers,
        action=self._get_action(),
    )
    iam_request.check_signature()
    if iam_request._service == "sts" and self._get_action() == "GetCallerIdentity":
        return
    access_key = iam_request._access_key
    caller = caller_of(access_key)
    base = {
        "aws:principalarn": [caller.principal_arn],
        "aws:principalaccount": [caller.account],
        "aws:securetransport": ["true" if parsed.scheme == "https" else "false"],
    }
    if user_name(access_key):
        base["aws:username"] = [user_name(access_key)]
    identity_docs = [document(p) for p in access_key.collect_policies()]
    for action, arn, account, resource_policy, extra in _checks(self, iam_request, resource, caller):
        context = {**base, **{k.lower(): v for k, v in extra.items()}}
        request = Request(caller=caller, action=action, resource=arn, resource_account=account, context=context)
        trust = action == "sts:AssumeRole"
        decision = allowed(request, identity_docs, document(resource_policy) if resource_policy else None, trust)
        _log(caller, action, arn, decision)
        if not decision:
            _deny(self, iam_request)


def install():
    original = ActionAuthenticatorMixin._authenticate_and_authorize_action

    def authenticate_and_authorize(self, iam_request_cls, resource="*"):
        if not enforcing() or self._get_action() in _UNSIGNED:
            return original(self, iam_request_cls, resource)
        if self.headers.get("X-Amz-Target") in ActionAuthenticatorMixin.PUBLIC_OPERATIONS:
            return None
        return _authorize(self, iam_request_cls, resource)

    original_permission = FakeBucket.get_permission

    def get_permission(bucket, action, resource):
        # moto's own pre-check of object calls (Deny only, conditions ignored) is superseded under enforcement.
        return PermissionResult.NEUTRAL if enforcing() else original_permission(bucket, action, resource)

    ActionAuthenticatorMixin._authenticate_and_authorize_action = authenticate_and_authorize
    FakeBucket.get_permission = get_permission
