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
  handleAssetScheme(fake.protocol as unknown as Electron.Protocol, fake.net, (sha) => (sha === SHA ? path.join(dir, sha) : null));
  const handler = fake.protocol.handlers.get('atelier-asset')!;

  it('is privileged for fetch and images', () => {
    expect(fake.protocol.privileged).toEqual([expect.objectContaining({ scheme: 'atelier-asset', privileges: expect.objectContaining({ standard: true, secure: true, supportFetchAPI: true }) })]);
  });

  it('serves a stored asset from the cache by sha256', async () => {
    const res = await handler(new Request(`atelier-asset://catalog/${SHA}`));
    expect(await res.text()).toBe(`fetched file://${path.join(dir, SHA)}`);
  });

  it('refuses anything that is not a stored sha256', async () => {
    expect((await handler(new Request('atelier-asset://catalog/../../etc/passwd'))).status).toBe(400);
    expect((await handler(new Request(`atelier-asset://other/${SHA}`))).status).toBe(400);
    expect((await handler(new Request(`atelier-asset://catalog/${'b'.repeat(64)}`))).status).toBe(404);
  });
});
