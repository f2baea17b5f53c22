import { jsonbText } from './json-param';

describe('jsonbText', () => {
  it('replaces NUL and lone surrogates that jsonb refuses, and keeps everything else', () => {
    expect(JSON.parse(jsonbText({ a: 'x\u0000y' }))).toEqual({ a: 'x\ufffdy' });
    expect(JSON.parse(jsonbText({ a: 'x\ud800y\udc00' }))).toEqual({ a: 'x\ufffdy\ufffd' });
    expect(JSON.parse(jsonbText({ a: '😀 ok' }))).toEqual({ a: '😀 ok' });
  });

  it('leaves escaped backslashes followed by u0000 text alone', () => {
    const text = 'C:\\u0000 and \\\\ud800';
    expect(JSON.parse(jsonbText({ text }))).toEqual({ text });
    expect(JSON.parse(jsonbText({ text: '\\\u0000' }))).toEqual({ text: '\\\ufffd' });
  });
});
