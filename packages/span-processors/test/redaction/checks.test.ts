import fc from 'fast-check';
import { iban, luhn, phoneDigits, usSsn } from '../../src/redaction/checks';

const whole = (f: (t: string, s: number, e: number) => boolean) => (t: string) => f(t, 0, t.length);

describe('match checks', () => {
  it.each([
    ['4111 1111 1111 1111', true],
    ['4111-1111-1111-1111', true],
    ['378282246310005', true], // Amex, 15 digits
    ['4111111111111112', false],
    ['411111111111', false], // 12 digits
    ['41111111111111111111', false], // 20 digits
  ])('luhn %s → %s', (card, ok) => expect(whole(luhn)(card)).toBe(ok));

  it.each([
    ['DE89 3704 0044 0532 0130 00', true],
    ['GB82WEST12345698765432', true],
    ['gb82west12345698765432', true],
    ['GB82WEST12345698765433', false],
    ['DE89 3704', false],
    ['DE89-3704-0044-0532-0130-00', false],
  ])('iban %s → %s', (v, ok) => expect(whole(iban)(v)).toBe(ok));

  it.each([
    ['123-45-6789', true],
    ['000-45-6789', false],
    ['666-45-6789', false],
    ['900-45-6789', false],
    ['123-00-6789', false],
    ['123-45-0000', false],
    ['123-45-678', false],
  ])('us ssn %s → %s', (v, ok) => expect(whole(usSsn)(v)).toBe(ok));

  it.each([
    ['+44 20 7946 0958', true],
    ['+1 23', false],
    ['+1234567890123456', false],
  ])('phone digits %s → %s', (v, ok) => expect(whole(phoneDigits)(v)).toBe(ok));

  it('answers Luhn for every end of a run in one pass, as the direct check does', () => {
    const unit = fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9', ' ', '-');
    fc.assert(
      fc.property(fc.array(unit, { minLength: 1, maxLength: 45 }), fc.nat(5), (chars, startAt) => {
        const text = chars.join('');
        const start = Math.min(startAt, text.length - 1);
        const answer = luhn.batch!(text, start, text.length);
        for (let end = start + 1; end <= text.length; end++) expect(answer(end)).toBe(luhn(text, start, end));
      }),
      { numRuns: 2000 },
    );
  });

  it('checks only the given bounds', () => {
    expect(luhn('xx4111111111111111yy', 2, 18)).toBe(true);
  });
});
