"""Condition blocks, as the IAM condition-operators page defines them.

A request context maps lower-cased keys to a list of string values (a single-valued key has one).
Whatever this module cannot evaluate raises UnsupportedCondition: moto then answers 500 with the
reason, so a test never passes on a condition that was silently skipped.
"""

import re


class UnsupportedCondition(Exception):
    pass


_NEGATED = {
    "StringNotEquals",
    "StringNotEqualsIgnoreCase",
    "StringNotLike",
    "ArnNotEquals",
    "ArnNotLike",
    "NumericNotEquals",
}


def _glob(pattern, value, ignore_case=False):
    # IAM wildcards: * any run of characters, ? one character; nothing else is special.
    regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
    return re.fullmatch(regex, value, re.IGNORECASE if ignore_case else 0) is not None


def _arn_like(pattern, value):
    # ArnLike/ArnEquals compare the six colon-separated parts one by one; the last may hold colons.
    pattern_parts = pattern.split(":", 5)
    value_parts = value.split(":", 5)
    if len(pattern_parts) != 6 or len(value_parts) != 6:
        return False
    return all(_glob(p, v) for p, v in zip(pattern_parts, value_parts))


def _number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def _numeric(compare):
    def match(policy_value, value):
        left, right = _number(value), _number(policy_value)
        return left is not None and right is not None and compare(left, right)

    return match


def _bool(policy_value, value):
    # A policy value other than true/false never matches (the request value is always one of them).
    policy_value = str(policy_value).lower()
    return policy_value in ("true", "false") and policy_value == str(value).lower()


_POSITIVE = {
    "StringEquals": lambda p, v: p == v,
    "StringEqualsIgnoreCase": lambda p, v: p.lower() == v.lower(),
    "StringLike": lambda p, v: _glob(p, v),
    "ArnEquals": _arn_like,
    "ArnLike": _arn_like,
    "NumericEquals": _numeric(lambda a, b: a == b),
    "NumericLessThan": _numeric(lambda a, b: a < b),
    "NumericLessThanEquals": _numeric(lambda a, b: a <= b),
    "NumericGreaterThan": _numeric(lambda a, b: a > b),
    "NumericGreaterThanEquals": _numeric(lambda a, b: a >= b),
    "Bool": _bool,
}
_POSITIVE_OF = {
    "StringNotEquals": "StringEquals",
    "StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
    "StringNotLike": "StringLike",
    "ArnNotEquals": "ArnEquals",
    "ArnNotLike": "ArnLike",
    "NumericNotEquals": "NumericEquals",
}


def _values(raw):
    values = raw if isinstance(raw, list) else [raw]
    for value in values:
        if isinstance(value, str) and "${" in value:
            raise UnsupportedCondition(f"policy variable in condition value {value!r}")
    return [v if isinstance(v, str) else str(v).lower() if isinstance(v, bool) else str(v) for v in values]


def _value_matches(operator, policy_values, value):
    """Whether one request value satisfies the operator against the statement's values."""
    if operator in _NEGATED:
        positive = _POSITIVE[_POSITIVE_OF[operator]]
        return not any(positive(p, value) for p in policy_values)
    return any(_POSITIVE[operator](p, value) for p in policy_values)


def _key_matches(qualifier, operator, if_exists, policy_values, request_values):
    if operator == "Null":
        wanted_absent = [v.lower() for v in policy_values]
        return ("true" if request_values is None else "false") in wanted_absent
    if qualifier == "ForAllValues":
        # Every value of the request must match; no value at all matches (the documented pitfall).
        return all(_value_matches(operator, policy_values, v) for v in request_values or [])
    if qualifier == "ForAnyValue":
        return any(_value_matches(operator, policy_values, v) for v in request_values or [])
    if request_values is None:
        # A missing key: IfExists matches, a negated operator matches, anything else does not.
        return if_exists or operator in _NEGATED
    return any(_value_matches(operator, policy_values, v) for v in request_values)


def _parse_operator(name):
    qualifier, _, operator = name.rpartition(":")
    if qualifier not in ("", "ForAllValues", "ForAnyValue"):
        raise UnsupportedCondition(f"condition set qualifier {qualifier!r}")
    if_exists = operator.endswith("IfExists") and operator != "Null"
    if if_exists:
        operator = operator[: -len("IfExists")]
    if operator != "Null" and operator not in _POSITIVE and operator not in _NEGATED:
        raise UnsupportedCondition(f"condition operator {name!r}")
    if operator == "Null" and qualifier:
        # AWS leaves a set qualifier on Null undocumented; stateward's documents never use one.
        raise UnsupportedCondition(f"condition operator {name!r}")
    return qualifier, operator, if_exists


def condition_matches(condition, context):
    """All operators, and within each all keys, must match (AND); the values of one key are OR."""
    for name, keys in (condition or {}).items():
        qualifier, operator, if_exists = _parse_operator(name)
        for key, raw in keys.items():
            if not _key_matches(qualifier, operator, if_exists, _values(raw), context.get(key.lower())):
                return False
    return True

