"""moto 5.2.1 accepts NoncurrentVersionExpiration.NewerNoncurrentVersions in a bucket lifecycle rule but drops
it: GetBucketLifecycleConfiguration answers without it (docs/moto-notes.md, test/e2e/moto-behaviour.test.ts).
Real S3 returns it, and stateward's planner compares it, so against unpatched moto every plan after an apply
would show the lifecycle rule as drifted. This patch stores the value and returns it, nothing else.

test/e2e/plan-apply.test.ts and destroy.test.ts put this directory on PYTHONPATH before startMoto(); the
harness's own sitecustomize (test/support/moto-python) runs first and chains to this one, and this one chains
on to any further sitecustomize in the same way.
"""

import os
import sys


def _chain_to_next_sitecustomize():
    here = os.path.dirname(os.path.abspath(__file__))
    saved = list(sys.path)
    try:
        sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]
        sys.modules.pop("sitecustomize", None)
        import sitecustomize  # noqa: F401
    except ImportError:
        pass
    finally:
        sys.path[:] = saved


def _keep_newer_noncurrent_versions():
    from moto.s3 import models, responses

    original_set = models.FakeBucket.set_lifecycle

    def set_lifecycle(self, rules):
        original_set(self, rules)
        for stored, given in zip(self.rules, rules):
            expiration = given.get("NoncurrentVersionExpiration") or {}
            stored.stateward_newer_noncurrent_versions = expiration.get("NewerNoncurrentVersions")

    original_get = responses.S3Response.get_bucket_lifecycle

    def get_bucket_lifecycle(self):
        rules = self.backend.get_bucket_lifecycle(self.bucket_name) or []
        newer = {rule.id: getattr(rule, "stateward_newer_noncurrent_versions", None) for rule in rules}
        serialize = self.serialized

        def serialized(action_result):
            for rule in action_result.result.get("Rules", []):
                value = newer.get(rule.get("ID"))
                if value is not None and "NoncurrentVersionExpiration" in rule:
                    rule["NoncurrentVersionExpiration"]["NewerNoncurrentVersions"] = value
            return serialize(action_result)

        self.serialized = serialized
        try:
            return original_get(self)
        finally:
            del self.serialized

    models.FakeBucket.set_lifecycle = set_lifecycle
    responses.S3Response.get_bucket_lifecycle = get_bucket_lifecycle


_chain_to_next_sitecustomize()
if os.path.basename(sys.argv[0] if sys.argv else "") == "moto_server":
    _keep_newer_noncurrent_versions()
