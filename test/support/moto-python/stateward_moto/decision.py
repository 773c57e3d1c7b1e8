"""One request against the caller's identity policies and the resource's policy (bucket policy,
table policy or role trust), by the policy evaluation logic page: an applicable Deny anywhere wins;
otherwise, in the resource's own account, an identity Allow or a resource Allow that names the
caller (or "*") suffices; across accounts both sides must allow. A role's trust policy must allow
in every case (`resource_required`): nobody becomes a role its trust does not admit."""

from .policy import applying, principal_match


def allowed(request, identity_docs, resource_doc, resource_required=False):
    identity = [s for doc in identity_docs for s in applying(doc, request)]
    resource = applying(resource_doc, request) if resource_doc else []
    if any(s.get("Effect") == "Deny" for s in identity + resource):
        return False
    identity_allows = any(s.get("Effect") == "Allow" for s in identity)
    grants = [principal_match(s.get("Principal"), request.caller) for s in resource if s.get("Effect") == "Allow"]
    if resource_required and not any(grants):
        return False
    if request.caller.account == request.resource_account:
        return identity_allows or "specific" in grants
    return identity_allows and any(grants)
