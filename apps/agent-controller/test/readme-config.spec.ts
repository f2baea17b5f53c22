import { readmeConfigRows, specConfigRows } from '@wharf/server/testing';
import { controllerConfigSpec } from '../src/app/controller-config';

describe('README configuration table for agent-controller', () => {
  it('lists exactly the variables the typed config reads, with the same defaults and meanings', () => {
    expect(readmeConfigRows('agent-controller')).toEqual(specConfigRows(controllerConfigSpec));
  });
});
