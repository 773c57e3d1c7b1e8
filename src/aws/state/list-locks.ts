// Every held lock of the config's projects: `.tflock` objects found by listing each bucket, and DynamoDB
// lock items (not the `-md5` digests) found by a Scan, or, when Scan is denied to a project role, by key.
import * as S3 from '@aws-sdk/client-s3';
import type { Config, ProjectConfig } from '../../config/types.ts';
import { StatewardError } from '../../errors.ts';
import { bucketName, LOCK_TABLE, LOCKFILE_SUFFIX } from '../../names/naming.ts';
import { type LockInfo, parseLockInfo } from '../../state/lock-info.ts';
import type { FoundLock, LockStore } from '../../state/locks.ts';
import { locateStateKey } from '../../state/target.ts';
import type { AwsClients } from '../clients.ts';
import { awsErrorName } from '../errors.ts';
import { mapLimited } from '../limit.ts';
import { type StateCallContext, stateCall } from './errors.ts';
import { itemName, readLockItem, scanLockItems } from './lock-item.ts';
import { readLockObject } from './lock-object.ts';

export interface LockListing {
  found: FoundLock[];
  /** What could not be read, each naming the object, item, bucket or table. */
  problems: string[];
  /** How the listing was narrowed (e.g. Scan denied, lock items read by key). */
  notes: string[];
}

const CONCURRENCY = 8;

export async function listLocks(
  clients: AwsClients,
  config: Config,
  projects: ProjectConfig[],
  context: StateCallContext,
): Promise<LockListing> {
  const listing: LockListing = { found: [], problems: [], notes: [] };
  const keysByProject = new Map<string, string[]>();
  await mapLimited(projects, CONCURRENCY, async (project) => {
    const keys = await listKeys(clients, context, bucketName(project.name, config.account), listing);
    keysByProject.set(project.name, keys ?? []);
    if (project.locking !== 'dynamodb' && keys) await readLockObjects(clients, context, project, config, keys, listing);
  });
  const tableProjects = projects.filter((p) => p.locking !== 'lockfile');
  if (tableProjects.length > 0) await readLockItems(clients, context, config, tableProjects, keysByProject, listing);
  return listing;
}

/** Every key of the bucket, or undefined (with a problem noted) when the bucket does not exist. */
async function listKeys(
  clients: AwsClients,
  context: StateCallContext,
  Bucket: string,
  listing: LockListing,
): Promise<string[] | undefined> {
  const keys: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await stateCall(
      clients,
      context,
      (c) => c.s3.send(new S3.ListObjectsV2Command({ Bucket, ContinuationToken })),
      ['NoSuchBucket'],
    );
    if (!page) {
      listing.problems.push(`bucket ${Bucket} does not exist (run \`stateward apply\`)`);
      return undefined;
    }
    for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key);
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return keys;
}

async function readLockObjects(
  clients: AwsClients,
  context: StateCallContext,
  project: ProjectConfig,
  config: Config,
  keys: string[],
  listing: LockListing,
): Promise<void> {
  const bucket = bucketName(project.name, config.account);
  const lockKeys = keys.filter((key) => key.endsWith(LOCKFILE_SUFFIX));
  await mapLimited(lockKeys, CONCURRENCY, async (key) => {
    const info = await corruptAsProblem(() => readLockObject(clients, context, { bucket, key }), listing);
    if (info) listing.found.push(foundLock(project, key.slice(0, -LOCKFILE_SUFFIX.length), 's3', info));
  });
}

async function readLockItems(
  clients: AwsClients,
  context: StateCallContext,
  config: Config,
  projects: ProjectConfig[],
  keysByProject: Map<string, string[]>,
  listing: LockListing,
): Promise<void> {
  const prefixOf = (project: ProjectConfig) => `${bucketName(project.name, config.account)}/`;
  let items: Array<{ lockId: string; raw: string }>;
  try {
    items = await scanLockItems(clients, context, LOCK_TABLE, projects.map(prefixOf));
  } catch (error) {
    if (error instanceof StatewardError && error.code === 'STATE_ACCESS_DENIED')
      return readLockItemsByKey(clients, context, config, projects, keysByProject, listing);
    if (error instanceof StatewardError && awsErrorName(error.cause) === 'ResourceNotFoundException') {
      listing.problems.push(`lock table ${LOCK_TABLE} does not exist (run \`stateward apply\`)`);
      return;
    }
    throw error;
  }
  for (const { lockId, raw } of items) {
    const project = projects.find((p) => lockId.startsWith(prefixOf(p))) as ProjectConfig;
    const info = await corruptAsProblem(
      async () => parseLockInfo(raw, itemName({ table: LOCK_TABLE, lockId })),
      listing,
    );
    if (info) listing.found.push(foundLock(project, lockId.slice(prefixOf(project).length), 'dynamodb', info));
  }
}

/** Without dynamodb:Scan (a project role): GetItem for each state key the bucket shows, locked or not. */
async function readLockItemsByKey(
  clients: AwsClients,
  context: StateCallContext,
  config: Config,
  projects: ProjectConfig[],
  keysByProject: Map<string, string[]>,
  listing: LockListing,
): Promise<void> {
  listing.notes.push(
    `dynamodb:Scan on ${LOCK_TABLE} was denied; lock items were read by key for the states in the bucket, so a lock on a state that has no object yet is not shown`,
  );
  for (const project of projects) {
    const bucket = bucketName(project.name, config.account);
    const stateKeys = [
      ...new Set(
        (keysByProject.get(project.name) ?? []).map((key) =>
          key.endsWith(LOCKFILE_SUFFIX) ? key.slice(0, -LOCKFILE_SUFFIX.length) : key,
        ),
      ),
    ];
    await mapLimited(stateKeys, CONCURRENCY, async (stateKey) => {
      const stored = await corruptAsProblem(
        () => readLockItem(clients, context, { table: LOCK_TABLE, lockId: `${bucket}/${stateKey}` }),
        listing,
      );
      if (stored) listing.found.push(foundLock(project, stateKey, 'dynamodb', stored.info));
    });
  }
}

/** A corrupt lock becomes a problem line (the rest is still listed); every other error stops the listing. */
async function corruptAsProblem<T>(read: () => Promise<T>, listing: LockListing): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof StatewardError && error.code === 'STATE_CORRUPT_LOCK') {
      listing.problems.push(error.message);
      return undefined;
    }
    throw error;
  }
}

function foundLock(project: ProjectConfig, stateKey: string, store: LockStore, info: LockInfo): FoundLock {
  return { project: project.name, ...locateStateKey(project, stateKey), stateKey, store, info };
}
