import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type * as Electron from 'electron';
import { createFakeElectron } from '../../tests/fakes/electron';
import { handleAssetScheme, registerAssetScheme } from './asset-protocol';

const SHA = 'a'.repeat(64);

describe('atelier-asset:// protocol', () => {
  const fake = createFakeElectron();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-assets-'));
  fs.writeFileSync(path.join(dir, SHA), 'png bytes');
  registerAssetScheme(fake.protocol as unknown as Electron.Protocol);
  const HTML_SHA = 'c'.repeat(64);
  fs.writeFileSync(path.join(dir, HTML_SHA), '<script>alert(1)</script>');
  const stored: Record<string, string> = { [SHA]: 'image/png', [HTML_SHA]: 'text/html' };
  handleAssetScheme(fake.protocol as unknown as Electron.Protocol, fake.net, (sha) => (stored[sha] ? { file: path.join(dir, sha), mime: stored[sha] } : null));
  const handler = fake.protocol.handlers.get('atelier-asset')!;

  it('is privileged for fetch and images', () => {
    expect(fake.protocol.privileged).toEqual([expect.objectContaining({ scheme: 'atelier-asset', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) })]);
  });

  it('serves a stored asset from the cache by sha256', async () => {
    const res = await handler(new Request(`atelier-asset://catalog/${SHA}`));
    expect(await res.text()).toBe(`fetched file://${path.join(dir, SHA)}`);
    expect(Object.fromEntries(res.headers)).toMatchObject({ 'content-type': 'image/png', 'x-content-type-options': 'nosniff' });
    expect(res.headers.get('content-disposition')).toBeNull();
  });

  it('serves a type it does not check (text/html from an older sync) as a download of bytes', async () => {
    const res = await handler(new Request(`atelier-asset://catalog/${'c'.repeat(64)}`));
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    expect(res.headers.get('content-disposition')).toBe('attachment');
  });

  it('refuses anything that is not a stored sha256', async () => {
    expect((await handler(new Request('atelier-asset://catalog/../../etc/passwd'))).status).toBe(400);
    expect((await handler(new Request(`atelier-asset://other/${SHA}`))).status).toBe(400);
    expect((await handler(new Request(`atelier-asset://catalog/${'b'.repeat(64)}`))).status).toBe(404);
  });
});
