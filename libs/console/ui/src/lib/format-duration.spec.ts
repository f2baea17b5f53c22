import { formatDuration } from './format-duration';

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [59.9, '59s'],
    [60, '1m 0s'],
    [252, '4m 12s'],
    [7_500, '2h 5m'],
    [86_400 * 3 + 3_600 * 4 + 59, '3d 4h'],
    [-1, '—'],
    [Number.NaN, '—'],
  ])('formats %p seconds as %p', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });
});
