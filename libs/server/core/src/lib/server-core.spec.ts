import { serverCore } from './server-core';

describe('serverCore', () => {
  it('should work', () => {
    expect(serverCore()).toEqual('server-core');
  });
});
