// The IAM policy evaluator: pure data in, decision out. See evaluate.ts and trust.ts.
export type { ContextScalar, ContextValue, RequestContext } from './context.ts';
export type { Decision, DecisionReason, PolicyKind, StatementRef, Verdict } from './decision.ts';
export { statementLabel } from './decision.ts';
export type { ConditionBlock, NamedPolicy, PolicyDocument, Principal, Statement } from './document.ts';
export { evaluateRequest, type RequestEvaluation } from './evaluate.ts';
export { type PrincipalContextOptions, principalContext } from './principal-context.ts';
export { evaluateTrust, type TrustEvaluation } from './trust.ts';
