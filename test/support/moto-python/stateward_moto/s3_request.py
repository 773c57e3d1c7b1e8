"""The IAM action(s) and condition keys of an S3 request, as the S3 authorization reference names them.

moto names some S3 actions after the HTTP method or falls back to ListBucket/CreateBucket for
sub-resources it does not list (encryption, ownershipControls, publicAccessBlock); this table does not.
"""

import re
from urllib.parse import parse_qs, urlparse

# (level, method) -> [(query marker, action)], first match wins, then the default (marker None).
_ACTIONS = {
    ("bucket", "GET"): [
        ("uploads", "ListBucketMultipartUploads"),
        ("versions", "ListBucketVersions"),
        ("location", "GetBucketLocation"),
        ("lifecycle", "GetLifecycleConfiguration"),
        ("versioning", "GetBucketVersioning"),
        ("policyStatus", "GetBucketPolicyStatus"),
        ("policy", "GetBucketPolicy"),
        ("acl", "GetBucketAcl"),
        ("tagging", "GetBucketTagging"),
        ("logging", "GetBucketLogging"),
        ("cors", "GetBucketCORS"),
        ("notification", "GetBucketNotification"),
        ("encryption", "GetEncryptionConfiguration"),
        ("ownershipControls", "GetBucketOwnershipControls"),
        ("publicAccessBlock", "GetBucketPublicAccessBlock"),
        ("object-lock", "GetBucketObjectLockConfiguration"),
        ("replication", "GetReplicationConfiguration"),
        ("website", "GetBucketWebsite"),
        (None, "ListBucket"),
    ],
    ("bucket", "HEAD"): [(None, "ListBucket")],
    ("bucket", "PUT"): [
        ("lifecycle", "PutLifecycleConfiguration"),
        ("versioning", "PutBucketVersioning"),
        ("policy", "PutBucketPolicy"),
        ("acl", "PutBucketAcl"),
        ("tagging", "PutBucketTagging"),
        ("logging", "PutBucketLogging"),
        ("cors", "PutBucketCORS"),
        ("notification", "PutBucketNotification"),
        ("encryption", "PutEncryptionConfiguration"),
        ("ownershipControls", "PutBucketOwnershipControls"),
        ("publicAccessBlock", "PutBucketPublicAccessBlock"),
        ("object-lock", "PutBucketObjectLockConfiguration"),
        ("replication", "PutReplicationConfiguration"),
        ("website", "PutBucketWebsite"),
        (None, "CreateBucket"),
    ],
    ("bucket", "DELETE"): [
        ("lifecycle", "PutLifecycleConfiguration"),
        ("policy", "DeleteBucketPolicy"),
        ("tagging", "PutBucketTagging"),
        ("cors", "PutBucketCORS"),
        ("encryption", "PutEncryptionConfiguration"),
        ("ownershipControls", "PutBucketOwnershipControls"),
        ("publicAccessBlock", "PutBucketPublicAccessBlock"),
        ("replication", "PutReplicationConfiguration"),
        ("website", "DeleteBucketWebsite"),
        (None, "DeleteBucket"),
    ],
    ("bucket", "POST"): [("delete", "DeleteObject"), (None, "PutObject")],
    ("key", "GET"): [
        ("uploadId", "ListMultipartUploadParts"),
        ("acl", "GetObjectAcl"),
        ("tagging", "GetObjectTagging"),
        ("attributes", "GetObjectAttributes"),
        ("versionId", "GetObjectVersion"),
        (None, "GetObject"),
    ],
    ("key", "HEAD"): [("versionId", "GetObjectVersion"), (None, "GetObject")],
    ("key", "PUT"): [("acl", "PutObjectAcl"), ("tagging", "PutObjectTagging"), (None, "PutObject")],
    ("key", "DELETE"): [
        ("uploadId", "AbortMultipartUpload"),
        ("tagging", "DeleteObjectTagging"),
        ("versionId", "DeleteObjectVersion"),
        (None, "DeleteObject"),
    ],
    ("key", "POST"): [("restore", "RestoreObject"), ("select", "GetObject"), (None, "PutObject")],
}

_LIST_ACTIONS = {"ListBucket", "ListBucketVersions", "ListBucketMultipartUploads"}


def s3_requests(method, uri, headers, body, resource):
    """[(action, resource)] the request needs and its S3 condition keys."""
    query = parse_qs(urlparse(uri).query, keep_blank_values=True)
    if resource == "arn:aws:s3:::*":
        return [("s3:ListAllMyBuckets", "*")], {}
    bucket_arn, _, key = resource.partition("/")
    level = "key" if key else "bucket"
    action = next(a for marker, a in _ACTIONS[(level, method)] if marker is None or marker in query)
    context = {}
    if action in _LIST_ACTIONS and "prefix" in query:
        context["s3:prefix"] = query["prefix"]
    if_none_match = headers.get("If-None-Match")
    if action == "PutObject" and if_none_match is not None:
        context["s3:if-none-match"] = [if_none_match]
    if level == "bucket" and action == "DeleteObject":
        # DeleteObjects: every key of the body is a DeleteObject (or DeleteObjectVersion) of its own.
        text = body.decode() if isinstance(body, bytes) else body or ""
        objects = re.findall(r"<Object>(.*?)</Object>", text, re.S)
        pairs = [
            (
                "s3:DeleteObjectVersion" if "<VersionId>" in o else "s3:DeleteObject",
                f"{bucket_arn}/{_unescape(re.search(r'<Key>(.*?)</Key>', o, re.S).group(1))}",
            )
            for o in objects
        ]
        return pairs, context
    return [(f"s3:{action}", resource)], context


def _unescape(text):
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&apos;", "'").replace("&amp;", "&")
