// Which way the roles are read (per role or one account-level read), and the account-level read's own
// behaviour where moto cannot show it: moto answers GetAccountAuthorizationDetails in one page whatever
// MaxItems says (docs/moto-notes.md), so the pages and the refusal are played by a fake transport here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HttpRequest } from '@smithy/types';
import { createLimiter } from '../../src/aws/limit.ts';
import { createReader } from '../../src/aws/observe/read.ts';
import { chooseRoleReads } from '../../src/aws/observe/role-reads.ts';
import { type ListedRole, observeRoles } from '../../src/aws/observe/roles.ts';
import { type FakeResponse, fakeClients, iamError } from './fake-transport.ts';

describe('role reads: per role or account-level', () => {
  it('one role (--project) or two are read per role; a fleet reads the account, unless the account is far larger', () => {
    assert.equal(chooseRoleReads(1, 1), 'per-role');
    assert.equal(chooseRoleReads(2, 2), 'per-role');
    assert.equal(chooseRoleReads(3, 3), 'account');
    assert.equal(chooseRoleReads(300, 300), 'account');
    assert.equal(chooseRoleReads(300, 1000), 'account');
    // 10 roles of ours among 5000: 50 heavy pages cost more than 40 small reads.
    assert.equal(chooseRoleReads(10, 5000), 'per-role');
    assert.equal(chooseRoleReads(0, 0), 'per-role');
  });
});

const trust = encodeURIComponent(JSON.stringify({ Version: '2012-10-17', Statement: [] }));
const roleDetail = (name: string) =>
  `<member><RoleName>${name}</RoleName><Arn>arn:aws:iam::111122223333:role/${name}</Arn><AssumeRolePolicyDocument>${trust}</AssumeRolePolicyDocument><RolePolicyList/><AttachedManagedPolicies/><Tags/></member>`;
const detailsPage = (roles: string[], marker?: string): FakeResponse => ({
  status: 200,
  headers: { 'content-type': 'text/xml' },
  body: `<GetAccountAuthorizationDetailsResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><GetAccountAuthorizationDetailsResult><IsTruncated>${marker ? 'true' : 'false'}</IsTruncated>${marker ? `<Marker>${marker}</Marker>` : ''}<RoleDetailList>${roles.map(roleDetail).join('')}</RoleDetailList><GroupDetailList/><UserDetailList/><Policies/></GetAccountAuthorizationDetailsResult></GetAccountAuthorizationDetailsResponse>`,
});
const bodyOf = (request: HttpRequest) => String(request.body ?? '');
const listed = (names: string[]) =>
  new Map<string, ListedRole>(names.map((name) => [name, { name, maxSessionDuration: 3600 }]));

describe('the account-level read', () => {
  it('follows every page: a role on the second page is present, not absent', async () => {
    const { clients, requests } = fakeClients((request) =>
      /Marker=page-2/.test(bodyOf(request)) ? detailsPage(['tf-b']) : detailsPage(['tf-a'], 'page-2'),
    );
    const read = await observeRoles(
      createReader(clients, createLimiter(4)),
      ['tf-a', 'tf-b'],
      listed(['tf-a', 'tf-b']),
      'account',
    );
    assert.equal(requests.length, 2);
    assert.deepEqual(
      [...read.roles.values()].map((r) => [r.name, r.status, r.maxSessionDuration]),
      [
        ['tf-a', 'present', 3600],
        ['tf-b', 'present', 3600],
      ],
    );
  });

  it('refused (a read policy that names only tf-* roles), it falls back to per-role reads instead of failing', async () => {
    const { clients, requests } = fakeClients((request) => {
      const action = /Action=(\w+)/.exec(bodyOf(request))?.[1];
      if (action === 'GetAccountAuthorizationDetails') return iamError(403, 'AccessDenied', 'not authorized');
      if (action === 'GetRole')
        return {
          status: 200,
          headers: { 'content-type': 'text/xml' },
          body: `<GetRoleResponse><GetRoleResult><Role><RoleName>tf-a</RoleName><Arn>arn:aws:iam::111122223333:role/tf-a</Arn><AssumeRolePolicyDocument>${trust}</AssumeRolePolicyDocument><MaxSessionDuration>3600</MaxSessionDuration></Role></GetRoleResult></GetRoleResponse>`,
        };
      const list = action === 'ListRolePolicies' ? 'PolicyNames' : 'AttachedPolicies';
      return {
        status: 200,
        headers: { 'content-type': 'text/xml' },
        body: `<${action}Response><${action}Result><IsTruncated>false</IsTruncated><${list}/></${action}Result></${action}Response>`,
      };
    });
    const read = await observeRoles(createReader(clients, createLimiter(4)), ['tf-a'], listed(['tf-a']), 'account');
    assert.equal(read.roles.get('tf-a')?.status, 'present');
    assert.equal(read.details, undefined);
    assert.deepEqual(requests.map((r) => /Action=(\w+)/.exec(bodyOf(r))?.[1]).sort(), [
      'GetAccountAuthorizationDetails',
      'GetRole',
      'ListAttachedRolePolicies',
      'ListRolePolicies',
    ]);
  });

  it('any other failure of the account-level read is an error, never "every role is absent"', async () => {
    const { clients } = fakeClients(() => iamError(500, 'ServiceFailure', 'boom'));
    await assert.rejects(
      observeRoles(createReader(clients, createLimiter(4)), ['tf-a'], listed(['tf-a']), 'account'),
      (error: { code?: string }) => error.code !== undefined,
    );
  });
});
