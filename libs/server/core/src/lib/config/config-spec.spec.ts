import { ConfigError, loadConfig } from './config-spec';
import { commonConfig } from './common-config';

const spec = commonConfig({ port: 8080, dataDir: '.data' });

describe('loadConfig', () => {
  it('applies documented defaults and converts types', () => {
    const c = loadConfig(spec, {});
    expect(c).toMatchObject({ PORT: 8080, HOST: '0.0.0.0', LOG_LEVEL: 'info', CORS_ORIGINS: [], OPENAPI_ENABLED: true });
    expect(c.DATABASE_URL).toBeUndefined();
  });

  it('parses lists, booleans and numbers from strings', () => {
    const c = loadConfig(spec, { PORT: '9000', CORS_ORIGINS: 'https://a.example, https://b.example', OPENAPI_ENABLED: 'false' });
    expect(c.PORT).toBe(9000);
    expect(c.CORS_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(c.OPENAPI_ENABLED).toBe(false);
  });

  it('names every invalid variable at once', () => {
    let error: unknown;
    try {
      loadConfig(spec, { PORT: 'eighty', LOG_LEVEL: 'loud', HTTP_BODY_LIMIT_KB: '-1' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).problems.map((p) => p.name).sort();
    expect(names).toEqual(['HTTP_BODY_LIMIT_KB', 'LOG_LEVEL', 'PORT']);
    expect((error as Error).message).toContain('PORT: "eighty" is invalid');
  });

  it('never echoes the value of a secret variable', () => {
    expect(() => loadConfig(spec, { DATABASE_URL: 'mysql://root:s3cr3t@db/x' })).toThrow(/DATABASE_URL: is invalid/);
    try {
      loadConfig(spec, { DATABASE_URL: 'mysql://root:s3cr3t@db/x' });
    } catch (e) {
      expect((e as Error).message).not.toContain('s3cr3t');
    }
  });

  it('treats an empty value as unset', () => {
    expect(loadConfig(spec, { PORT: '' }).PORT).toBe(8080);
  });
});
