import { ROLES, type Role } from '../index';

describe('ROLES', () => {
  it('lists the roles from least to most privileged: viewer < operator < admin', () => {
    const rank = (role: Role) => ROLES.indexOf(role);
    expect(rank('viewer')).toBeLessThan(rank('operator'));
    expect(rank('operator')).toBeLessThan(rank('admin'));
    expect(ROLES).toEqual(['viewer', 'operator', 'admin']);
  });
});
