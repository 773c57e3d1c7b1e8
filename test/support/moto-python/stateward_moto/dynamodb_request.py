"""The resource and condition keys of a DynamoDB request (DynamoDB's IAM condition keys page).

moto authorizes every DynamoDB call against Resource "*"; here the resource is the table's ARN.
dynamodb:LeadingKeys is the partition key value of a single-item call; dynamodb:Attributes the
attribute names the call reads or writes. Query, Scan and the batch calls carry neither key.
"""

import json
import re

from moto.dynamodb.models import dynamodb_backends

_SINGLE_ITEM = {"GetItem": "Key", "DeleteItem": "Key", "UpdateItem": "Key", "PutItem": "Item"}


def _scalar(attribute_value):
    (value,) = attribute_value.values()
    return value if isinstance(value, str) else json.dumps(value)


def _projected(body):
    if "AttributesToGet" in body:
        return list(body["AttributesToGet"])
    expression = body.get("ProjectionExpression")
    if expression is None:
        return None
    names = body.get("ExpressionAttributeNames", {})
    return [names.get(n.strip(), n.strip()) for n in re.split(r",", expression)]


def dynamodb_request(operation, body, account, region):
    """(action, resource, context) for one DynamoDB call."""
    body = json.loads(body or b"{}")
    table = body.get("TableName")
    if "ResourceArn" in body:
        resource = body["ResourceArn"]
        table = resource.rsplit("/", 1)[-1]
    elif table:
        resource = f"arn:aws:dynamodb:{region}:{account}:table/{table}"
    else:
        resource = "*"
    context = {}
    item_field = _SINGLE_ITEM.get(operation)
    tables = dynamodb_backends[account][region].tables
    if item_field and table in tables and item_field in body:
        hash_key = tables[table].hash_key_attr
        if hash_key in body[item_field]:
            context["dynamodb:LeadingKeys"] = [_scalar(body[item_field][hash_key])]
    if operation == "PutItem" and "Item" in body:
        context["dynamodb:Attributes"] = list(body["Item"].keys())
    elif operation == "GetItem" and _projected(body) is not None:
        context["dynamodb:Attributes"] = _projected(body)
    return f"dynamodb:{operation}", resource, context


def table_policy(account, region, resource):
    """The table's resource-based policy document (JSON text), if it has one."""
    if not resource.startswith("arn:aws:dynamodb:"):
        return None
    policy = dynamodb_backends[account][region].resource_policies.get(resource)
    return policy.policy_doc if policy else None
