// A Terraform operation needs every one of its requests, but one request is enough to do harm: a
// foreign grant of s3:PutObject alone on another project's state overwrites it. So, besides whole
// operations, each S3 and DynamoDB request on another project's state is tried on its own in the
// stateward layer (the fence aside, the declared infrastructure policies aside): one the config does
// not grant and a statement allows is a violation, "masked by the fence" when only the fence stops it.
import { requestsFor } from '../backend/index.ts';
import type { BackendRequest } from '../backend/types.ts';
import type { Config } from '../config/types.ts';
import { statementLabel } from '../iam/index.ts';
import { evaluateBackendRequest, type ResourcePolicyLookup } from './operation.ts';
import type { OperationCell } from './report.ts';
import { type Layer, roleSession } from './sessions.ts';
import { appliesTo, backendTarget, configAllows, OPERATIONS, type StateTarget } from './targets.ts';
import type { WorldRole } from './world.ts';

/** Only requests on state itself: a KMS key may be shared, and its own key policy is a second gate. */
const STATE_SERVICES = /^(s3|dynamodb):/;

export function strayRequests(
  config: Config,
  lookups: Record<Layer, ResourcePolicyLookup>,
  role: WorldRole,
  targets: StateTarget[],
): OperationCell[] {
  const stateward = roleSession(role, config, 'stateward');
  const effective = roleSession(role, config, 'effective');
  return targets
    .filter((t) => t.owner !== role.project && !t.reserved)
    .flatMap((target) => {
      const granted = new Set(
        requestsOf(config, target, (op) => configAllows(config, role.project, target, op)).map(id),
      );
      return requestsOf(config, target, () => true)
        .filter((request) => !granted.has(id(request)) && STATE_SERVICES.test(request.action))
        .flatMap((request): OperationCell[] => {
          const unfenced = evaluateBackendRequest(stateward, request, { config, resourcePolicy: lookups.stateward });
          if (unfenced.decision !== 'Allow') return [];
          const fenced = evaluateBackendRequest(effective, request, { config, resourcePolicy: lookups.effective });
          const by = unfenced.statements.map(statementLabel);
          return [
            {
              project: role.project,
              actor: role.arn,
              actorKind: 'own-role',
              target: target.id,
              targetOwner: target.owner,
              operation: `request ${request.action}`,
              layer: 'stateward',
              expected: false,
              actual: true,
              decidedBy: by,
              detail: `${request.action} on ${request.resource} on its own (${request.purpose})`,
              note:
                fenced.decision === 'Allow'
                  ? `granted by ${by.join(', ')}, which the config does not declare, and the fence does not stop it`
                  : `masked by the fence: ${by.join(', ')} grants it, the config does not declare it, and only ${fenced.statements.map(statementLabel).join(', ') || 'the fence'} denies it`,
            },
          ];
        });
    });
}

const id = (request: BackendRequest) => `${request.action} ${request.resource}`;

function requestsOf(
  config: Config,
  target: StateTarget,
  include: (operation: (typeof OPERATIONS)[number]) => boolean,
): BackendRequest[] {
  const where = backendTarget(config, target);
  const requests = OPERATIONS.filter((op) => appliesTo(op, target) && include(op)).flatMap((op) =>
    requestsFor(op === 'apply-new' ? 'apply' : op, where, { stateExists: op !== 'apply-new' }),
  );
  return [...new Map(requests.map((r) => [id(r), r])).values()];
}
