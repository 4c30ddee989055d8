import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/contract-kit';
import { en } from '../i18n/en';
import { refusalOf, refusalText, secondsLeft } from './sign-in-refusal';

/** A tiny `t` over the English strings: enough to read the sentences staff see. */
function t(key: string, o: Record<string, unknown> = {}): string {
  const text = key.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown>)[k], en) as string;
  return text.replace(/\{\{(\w+)\}\}/g, (_m, k: string) => String(o[k]));
}

describe('sign-in refusals', () => {
  it('says how many tries are left, in a sentence with the right number', () => {
    expect(refusalText(refusalOf(new ApiError('unauthorized', 'x', ['triesLeft: 1']), 0)!, 0, t)).toBe('Wrong staff id or PIN. 1 try left.');
    expect(refusalText(refusalOf(new ApiError('unauthorized', 'x', ['triesLeft: 3']), 0)!, 0, t)).toBe('Wrong staff id or PIN. 3 tries left.');
  });

  it('counts a lock-out down and says when a try is possible again', () => {
    const r = refusalOf({ code: 'forbidden', message: 'x', details: ['lockedForS: 30'] }, 1_000)!;
    expect(refusalText(r, 1_000, t)).toBe('Too many wrong PINs. Try again in 30 seconds.');
    expect(refusalText(r, 30_000, t)).toBe('Too many wrong PINs. Try again in 1 second.');
    expect(secondsLeft(r, 31_000)).toBe(0);
    expect(refusalText(r, 31_000, t)).toBe('You can try again now.');
    const long = refusalOf({ details: ['lockedForS: 240'] }, 0)!;
    expect(refusalText(long, 0, t)).toBe('Too many wrong PINs. Try again in 4 minutes.');
    expect(refusalText(refusalOf({ details: ['retryInS: 61'] }, 0)!, 0, t)).toBe('Too many sign-in attempts from this device. Try again in 2 minutes.');
  });

  it('leaves other errors alone', () => {
    expect(refusalOf(new ApiError('bad_request', 'the staff id must be…', ['id: the staff id must be 2–32 letters']), 0)).toBeNull();
    expect(refusalOf(new Error('offline'), 0)).toBeNull();
    expect(refusalOf(null, 0)).toBeNull();
  });
});
