"""Loaded by every Python started with this directory on PYTHONPATH; test/support/moto.ts puts it there
for moto_server only. It changes nothing unless one of the STATEWARD_MOTO_* variables is set:

STATEWARD_MOTO_SKIP_SIGV4=1
    moto 5.2 recomputes the SigV4 signature from the URL-decoded path, so a request such as Terraform's
    ListObjectsV2 with prefix=env%3A%2F fails with SignatureDoesNotMatch when IAM enforcement is on. We drop
    only the signature comparison; the access-key lookup, session-token check and the action/resource
    policy evaluation stay as they are.
STATEWARD_MOTO_KEEP_NEWER_NONCURRENT=1
    moto 5.2 accepts NoncurrentVersionExpiration.NewerNoncurrentVersions in PutBucketLifecycleConfiguration
    but leaves it out of GetBucketLifecycleConfiguration, so a lifecycle written with it never reads back
    equal (a plan against moto would never converge). We keep the value on the rule and add it back when
    the configuration is read; everything else about lifecycle stays moto's.
STATEWARD_MOTO_AWS_MANAGED_POLICIES=<name>,<name>
    moto 5.2 knows AWS's managed policies (arn:aws:iam::aws:policy/...) only when it loads all of them
    (MOTO_IAM_LOAD_MANAGED_POLICIES, over a thousand per account). We load just the ones named, from moto's
    own copy of their documents, e.g. ReadOnlyAccess, the default of stateward's plan roles.
STATEWARD_MOTO_BUCKET_REGION=1
    moto 5.2 leaves BucketRegion out of ListBuckets; AWS returns it for every bucket, and stateward reads a
    bucket's region from it instead of one GetBucketLocation per bucket. We add the bucket's own region to
    each listed bucket; everything else about ListBuckets stays moto's.
STATEWARD_MOTO_POLICIES=1
    With IAM enforcement on, stateward_moto/ decides every request: identity policies, bucket policies,
    the DynamoDB table's resource policy and role trust policies, with the condition keys of the
    request (docs/moto-notes.md lists them). With enforcement off, moto runs unchanged.
    STATEWARD_MOTO_DECISIONS=<file> gets one JSON line per decision (caller, action, resource, allowed).
STATEWARD_MOTO_TLS_CERT=<file> STATEWARD_MOTO_TLS_KEY=<file>
    Write a self-signed certificate for 127.0.0.1 there (if not there yet) before moto_server reads
    its --ssl-cert/--ssl-key arguments.
STATEWARD_MOTO_EXIT_WITH_PARENT=1
    Exit as soon as stdin reaches end-of-file, i.e. when the Node process that spawned us dies, even by
    SIGKILL. That keeps a crashed test run from leaving orphan servers behind.
"""

import os
import sys


def _chain_to_next_sitecustomize():
    # Python imports only the first sitecustomize on sys.path; keep any other one working.
    here = os.path.dirname(os.path.abspath(__file__))
    saved = list(sys.path)
    try:
        sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
        del sys.modules["sitecustomize"]
        import sitecustomize  # noqa: F401
    except ImportError:
        pass
    finally:
        sys.path[:] = saved


def _skip_sigv4_check():
    from moto.iam.access_control import IAMRequestBase

    IAMRequestBase.check_signature = lambda self: None


def _keep_newer_noncurrent_versions():
    from moto.s3.models import FakeBucket
    from moto.s3.responses import S3Response

    original_set = FakeBucket.set_lifecycle

    def set_lifecycle(self, rules):
        original_set(self, rules)
        for rule, stored in zip(rules, self.rules):
            expiration = rule.get("NoncurrentVersionExpiration") or {}
            stored.nve_newer_versions = expiration.get("NewerNoncurrentVersions")

    original_get = S3Response.get_bucket_lifecycle

    def get_bucket_lifecycle(self):
        stored_rules = self.backend.get_bucket_lifecycle(self.bucket_name) or []
        original_serialized = self.serialized

        def serialized(action_result):
            for stored, rendered in zip(stored_rules, action_result.result.get("Rules", [])):
                newer = getattr(stored, "nve_newer_versions", None)
                if newer is not None and "NoncurrentVersionExpiration" in rendered:
                    rendered["NoncurrentVersionExpiration"]["NewerNoncurrentVersions"] = newer
            return original_serialized(action_result)

        self.serialized = serialized
        try:
            return original_get(self)
        finally:
            del self.serialized

    FakeBucket.set_lifecycle = set_lifecycle
    S3Response.get_bucket_lifecycle = get_bucket_lifecycle


def _load_aws_managed_policies(names):
    import json

    from moto.iam.aws_managed_policies import aws_managed_policies_data
    from moto.iam.models import AWSManagedPolicy, IAMBackend
    from moto.settings import load_iam_aws_managed_policies

    original = IAMBackend._init_aws_policies

    def init_aws_policies(self):
        if load_iam_aws_managed_policies():
            return original(self)
        data = json.loads(aws_managed_policies_data)
        return [
            AWSManagedPolicy.from_data(name, self.account_id, self.region_name, data[name])
            for name in names
            if name in data
        ]

    IAMBackend._init_aws_policies = init_aws_policies


def _list_buckets_with_region():
    from moto.s3.responses import S3Response

    original = S3Response.all_buckets

    def all_buckets(self):
        original_serialized = self.serialized

        def serialized(action_result):
            for rendered in action_result.result.get("Buckets", []):
                bucket = self.backend.buckets.get(rendered.get("Name"))
                if bucket is not None:
                    rendered["BucketRegion"] = bucket.region_name
            return original_serialized(action_result)

        self.serialized = serialized
        try:
            return original(self)
        finally:
            del self.serialized

    S3Response.all_buckets = all_buckets


def _exit_with_parent():
    import threading

    def watch():
        while sys.stdin.buffer.read(1024):
            pass
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


_chain_to_next_sitecustomize()
_is_moto_server = os.path.basename(sys.argv[0] if sys.argv else "") == "moto_server"
if _is_moto_server and os.environ.get("STATEWARD_MOTO_SKIP_SIGV4") == "1":
    _skip_sigv4_check()
if _is_moto_server and os.environ.get("STATEWARD_MOTO_KEEP_NEWER_NONCURRENT") == "1":
    _keep_newer_noncurrent_versions()
if _is_moto_server and os.environ.get("STATEWARD_MOTO_AWS_MANAGED_POLICIES"):
    _load_aws_managed_policies(os.environ["STATEWARD_MOTO_AWS_MANAGED_POLICIES"].split(","))
if _is_moto_server and os.environ.get("STATEWARD_MOTO_BUCKET_REGION") == "1":
    _list_buckets_with_region()
if _is_moto_server and os.environ.get("STATEWARD_MOTO_POLICIES") == "1":
    from stateward_moto.authorize import install

    install()
if _is_moto_server and os.environ.get("STATEWARD_MOTO_TLS_CERT"):
    from stateward_moto.tls import write_certificate

    write_certificate(os.environ["STATEWARD_MOTO_TLS_CERT"], os.environ["STATEWARD_MOTO_TLS_KEY"])
if _is_moto_server and os.environ.get("STATEWARD_MOTO_EXIT_WITH_PARENT") == "1":
    _exit_with_parent()
