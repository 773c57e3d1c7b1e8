"""Who signed a request, from the access key moto resolved, and the MFA facts of an AssumeRole call."""

from moto.iam.access_control import AssumedRoleAccessKey
from moto.iam.models import iam_backends

from .policy import Caller


def caller_of(access_key):
    iam = iam_backends[access_key.account_id]["aws"]
    if isinstance(access_key, AssumedRoleAccessKey):
        # aws:PrincipalArn of a session is its role's ARN (with the role's path).
        role = iam.get_role(access_key._owner_role_name)
        return Caller(arn=access_key.arn, principal_arn=role.arn, account=access_key.account_id)
    user = iam.get_user(access_key._owner_user_name)
    return Caller(arn=user.arn, principal_arn=user.arn, account=access_key.account_id)


def user_name(access_key):
    return None if isinstance(access_key, AssumedRoleAccessKey) else access_key._owner_user_name


def mfa_context(access_key, serial_number, token_code):
    """aws:MultiFactorAuth* of an AssumeRole call: present (age 0) when the caller, an IAM user, names
    one of its own MFA devices and sends a six-digit code. The code itself is not checked (moto keeps
    no TOTP clock); without both parameters the keys are absent, as for any long-term key on AWS."""
    name = user_name(access_key)
    if not (name and serial_number and token_code):
        return {}
    devices = iam_backends[access_key.account_id]["aws"].get_user(name).mfa_devices
    if serial_number not in devices or not (token_code.isdigit() and len(token_code) == 6):
        return {}
    return {"aws:MultiFactorAuthPresent": ["true"], "aws:MultiFactorAuthAge": ["0"]}
