// Table-test helpers: evaluate a case with our evaluator and with the oracle, and expect both to
// give the verdict the AWS documentation gives.
import assert from 'node:assert/strict';
import {
  type ConditionBlock,
  type ContextValue,
  type Decision,
  evaluateRequest,
  evaluateTrust,
  type RequestEvaluation,
  type TrustEvaluation,
  type Verdict,
} from '../../src/iam/index.ts';
import { arns, policy, request } from './fixtures.ts';
import { oracleVerdict } from './oracle.ts';

export function expectRequest(input: RequestEvaluation, expected: Verdict, label: string): Decision {
  const ours = evaluateRequest(input);
  assert.equal(ours.decision, expected, `${label}: ours ${JSON.stringify(ours)}`);
  assert.equal(oracleVerdict(input), expected, `${label}: iam-simulate disagrees`);
  return ours;
}

export function expectTrust(input: TrustEvaluation, expected: Verdict, label: string): Decision {
  const ours = evaluateTrust(input);
  assert.equal(ours.decision, expected, `${label}: ours ${JSON.stringify(ours)}`);
  const oracle = oracleVerdict({
    ...input,
    identityPolicies: input.identityPolicies ?? [],
    resourcePolicy: input.trustPolicy,
    trust: true,
  });
  assert.equal(oracle, expected, `${label}: iam-simulate disagrees`);
  return ours;
}

/** A request allowed exactly when `condition` holds: one identity Allow guarded by it. */
export function conditionCase(condition: ConditionBlock, context: Record<string, ContextValue>): RequestEvaluation {
  return {
    identityPolicies: [
      policy('guarded', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: condition }),
    ],
    request: request(arns.user('alice'), 's3:GetObject', arns.object('tfstate-a', 'a/terraform.tfstate'), context),
  };
}

export function expectCondition(
  condition: ConditionBlock,
  context: Record<string, ContextValue>,
  holds: boolean,
): void {
  const label = `${JSON.stringify(condition)} with ${JSON.stringify(context)}`;
  expectRequest(conditionCase(condition, context), holds ? 'Allow' : 'ImplicitDeny', label);
}

/**
 * For cases where iam-simulate and the AWS documentation may part ways: ours must give AWS's
 * verdict, and the oracle's answer is pinned too, so that an oracle upgrade that changes it shows
 * up (then the case may join the ordinary tables and the generators may stop steering around it).
 */
export function expectVerdicts(input: RequestEvaluation, aws: Verdict, oracle: Verdict, label: string): void {
  const ours = evaluateRequest(input);
  assert.equal(ours.decision, aws, `${label}: ours ${JSON.stringify(ours)}`);
  assert.equal(oracleVerdict(input), oracle, `${label}: iam-simulate changed its answer; re-check the case`);
}
