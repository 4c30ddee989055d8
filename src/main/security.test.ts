import { describe, expect, it } from 'vitest';
import { FakeSession, FakeWebContents, fire } from '../../tests/fakes/electron';
import { isAppUrl, isPermissionAllowed, lockDownContents, lockDownSession } from './security';
import type { Session, WebContents } from 'electron';

const INDEX = 'file:///opt/atelier/out/renderer/index.html';

describe('permission handler', () => {
  it('grants the camera and nothing else', () => {
    expect(isPermissionAllowed('media', { mediaTypes: ['video'] })).toBe(true);
    expect(isPermissionAllowed('media', { mediaTypes: ['audio'] })).toBe(false);
    expect(isPermissionAllowed('media', { mediaTypes: ['video', 'audio'] })).toBe(false);
    expect(isPermissionAllowed('media', { mediaTypes: [] })).toBe(false);
    for (const p of ['geolocation', 'notifications', 'clipboard-read', 'openExternal', 'midi', 'fullscreen']) {
      expect(isPermissionAllowed(p, { mediaTypes: ['video'] })).toBe(false);
    }
  });

  it('is what the session uses', () => {
    const s = new FakeSession();
    lockDownSession(s as unknown as Session);
    const answers: boolean[] = [];
    s.permissionRequestHandler!(null, 'media', (ok) => answers.push(ok), { mediaTypes: ['video'] });
    s.permissionRequestHandler!(null, 'geolocation', (ok) => answers.push(ok), {});
    expect(answers).toEqual([true, false]);
  });

  it('puts the strict CSP on every response and blocks downloads', () => {
    const s = new FakeSession();
    lockDownSession(s as unknown as Session);
    let headers: Record<string, string[]> = {};
    s.headersListener!({ responseHeaders: { 'X-Other': ['1'] } }, (r) => (headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders));
    const csp = headers['Content-Security-Policy']![0]!;
    expect(csp).toContain("connect-src 'self'");
    expect(csp).not.toContain("'unsafe-eval'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(headers['X-Other']).toEqual(['1']);
    expect(fire(s, 'will-download')).toBe(true);
  });
});

describe('navigation lock', () => {
  it('recognises only our renderer folder as the app', () => {
    expect(isAppUrl(INDEX, INDEX)).toBe(true);
    expect(isAppUrl('file:///opt/atelier/out/renderer/index.html#/admin', INDEX)).toBe(true);
    expect(isAppUrl('file:///etc/passwd', INDEX)).toBe(false);
    expect(isAppUrl('https://example.com/', INDEX)).toBe(false);
    expect(isAppUrl('not a url', INDEX)).toBe(false);
  });

  it('blocks navigation away, redirects, new windows and webviews', () => {
    const wc = new FakeWebContents();
    lockDownContents(wc as unknown as WebContents, INDEX);
    expect(fire(wc, 'will-navigate', 'https://evil.example/')).toBe(true);
    expect(fire(wc, 'will-navigate', INDEX)).toBe(false);
    expect(fire(wc, 'will-redirect', 'http://127.0.0.1:9/')).toBe(true);
    expect(fire(wc, 'will-attach-webview')).toBe(true);
    expect(wc.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
  });
});
