import { describe, expect, it } from 'vitest';
import { ageOn, checkIdNumber, idCheckChar } from './idnumber';

describe('GB 11643 ID numbers', () => {
  it('computes the check character', () => {
    expect(idCheckChar('11010519491231002')).toBe('X');
    expect(idCheckChar('33010219850312011')).toBe('0');
  });

  it.each([
    ['11010519491231002X', '1949-12-31', 'female'],
    ['11010519491231002x', '1949-12-31', 'female'],
    [' 330102198503120110 ', '1985-03-12', 'male'],
    ['33010219780125039X', '1978-01-25', 'male'],
  ] as const)('%s is valid: born %s, %s', (id, birth, sex) => {
    const c = checkIdNumber(id);
    expect(c).toMatchObject({ ok: true, birthDate: birth, sex });
    if (c.ok) expect(c.normalised).toBe(id.trim().toUpperCase());
  });

  it.each([
    ['', 'empty'],
    ['1101051949', 'length'],
    ['1101051949123100211', 'length'],
    ['11010519491231002A', 'chars'],
    ['1101051949X', 'chars'],
    ['110105 19491231002X', 'chars'],
    ['110105194902300021', 'date'],
    ['110105194913010021', 'date'],
    ['110105194912310021', 'check'],
  ] as const)('%s: %s', (id, problem) => {
    expect(checkIdNumber(id)).toMatchObject({ ok: false, problem });
  });

  it('counts whole years', () => {
    expect(ageOn('1949-12-31', '2026-12-30')).toBe(76);
    expect(ageOn('1949-12-31', '2026-12-31')).toBe(77);
    expect(ageOn('2009-04-16', '2026-04-15')).toBe(16);
  });
});
