// Issue 12 §1/§7: who may manage the stores, and apply refusing to lock its own caller out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../src/config/load.ts';
import { StatewardError } from '../../src/errors.ts';
import { assertManager, isManager } from '../../src/policy/managers.ts';

const SSO = 'arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123abcd';
const configWith = (admins: string[]) =>
  parseConfig(
    `version: 1\naccount: "111122223333"\nregion: eu-west-1\ngithub: { org: acme }\nadmins: ${JSON.stringify(admins)}\nprojects: [{ name: a }]\n`,
    'stateward.yaml',
  );

test('an admin matches as aws:PrincipalArn does: a role ARN with its path, exactly', () => {
  const config = configWith([SSO]);
  assert.equal(isManager(SSO, config), true);
  // Without its path the ARN names another role: AWS would not exempt it, neither do we.
  assert.equal(isManager('arn:aws:iam::111122223333:role/AWSReservedSSO_Admin_0123abcd', config), false);
  assert.equal(isManager('arn:aws:iam::111122223333:role/tf-a', config), false);
});

test('without admins, anyone but a tf-* role manages the stores', () => {
  const config = configWith([]);
  assert.equal(isManager('arn:aws:iam::111122223333:user/alice', config), true);
  assert.equal(isManager('arn:aws:iam::111122223333:role/tf-a', config), false);
});

test('apply as a non-admin is refused with the fix that names the caller and the config', () => {
  const caller = 'arn:aws:iam::111122223333:role/deployer';
  assert.throws(
    () => assertManager(caller, configWith([SSO])),
    (error: unknown) =>
      error instanceof StatewardError &&
      error.code === 'APPLY_NOT_AN_ADMIN' &&
      error.fix.includes(`add "${caller}" to admins in stateward.yaml`),
  );
  // The fix works: with the caller listed, the same check passes.
  assert.doesNotThrow(() => assertManager(caller, configWith([SSO, caller])));
});
