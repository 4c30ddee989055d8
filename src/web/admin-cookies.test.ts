import { describe, expect, it } from 'vitest';
import { cookie, csrfProblem, parseCookies } from './admin-cookies';

describe('admin cookies', () => {
  it('sets HttpOnly SameSite=Strict session cookies', () => {
    expect(cookie('atelier_admin', 'tok', { httpOnly: true, maxAgeS: 60 })).toBe('atelier_admin=tok; Path=/; SameSite=Strict; HttpOnly; Max-Age=60');
    expect(parseCookies('a=1; atelier_csrf=x%2By; a=2')).toEqual(new Map([['a', '1'], ['atelier_csrf', 'x+y']]));
  });
  it('wants the Origin of this host and the double-submitted token', () => {
    const ok = { origin: 'http://10.0.0.5:7482', host: '10.0.0.5:7482', cookie: 'atelier_csrf=abcdefabcdefabcdef', token: 'abcdefabcdefabcdef' };
    expect(csrfProblem(ok)).toBeNull();
    expect(csrfProblem({ ...ok, origin: undefined })).toBe('missing Origin');
    expect(csrfProblem({ ...ok, origin: 'http://evil.example' })).toBe('foreign Origin');
    expect(csrfProblem({ ...ok, token: undefined })).toBe('missing CSRF token');
    expect(csrfProblem({ ...ok, token: 'abcdefabcdefabcdeX' })).toBe('CSRF token mismatch');
  });
});
