// A managed policy's document changes by a new default version. IAM keeps at most five versions, so the
// oldest non-default one is deleted first when the policy is full.
import * as IAM from '@aws-sdk/client-iam';
import type { PolicyDocument } from '../../iam/document.ts';
import type { AwsClients } from '../clients.ts';
import { NO_SUCH_ENTITY, send, wasTolerated } from './send.ts';

const MAX_POLICY_VERSIONS = 5;

export async function writePolicyVersion(
  PolicyArn: string,
  document: PolicyDocument,
  clients: AwsClients,
): Promise<void> {
  const listed = await send(clients, (c) => c.iam.send(new IAM.ListPolicyVersionsCommand({ PolicyArn })));
  const versions = wasTolerated(listed) ? [] : (listed.Versions ?? []);
  if (versions.length >= MAX_POLICY_VERSIONS) {
    const oldest = versions
      .filter((v) => !v.IsDefaultVersion && v.VersionId)
      .sort((a, b) => (a.CreateDate?.getTime() ?? 0) - (b.CreateDate?.getTime() ?? 0))[0];
    if (oldest?.VersionId) {
      const VersionId = oldest.VersionId;
      await send(
        clients,
        (c) => c.iam.send(new IAM.DeletePolicyVersionCommand({ PolicyArn, VersionId })),
        NO_SUCH_ENTITY,
      );
    }
  }
  await send(clients, (c) =>
    c.iam.send(
      new IAM.CreatePolicyVersionCommand({ PolicyArn, PolicyDocument: JSON.stringify(document), SetAsDefault: true }),
    ),
  );
}
