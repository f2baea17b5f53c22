import { readmeConfigRows, specConfigRows } from '@wharf/server/testing';
import { managerConfigSpec } from '../src/app/manager-config';

describe('README configuration table for agent-manager', () => {
  it('lists exactly the variables the typed config reads, with the same defaults and meanings', () => {
    expect(readmeConfigRows('agent-manager')).toEqual(specConfigRows(managerConfigSpec));
  });
});
