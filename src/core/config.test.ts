import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, saveConfig } from './config';
import { defaultDataDir } from './data-dir';

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'atelier-config-'));
  dirs.push(d);
  return d;
}
afterEach(() => dirs.splice(0).forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

describe('config', () => {
  it('has safe defaults with no file', () => {
    const { config, dataDir } = loadConfig({ dataDir: tmp(), env: {} });
    expect(config).toMatchObject({ host: '127.0.0.1', port: 7480, modelSize: 'full', ep: 'auto', language: 'en', kiosk: true });
    expect(path.isAbsolute(dataDir)).toBe(true);
  });

  it('file < env < flags', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ port: 8000, modelSize: 'lite', language: 'zh-CN' }));
    const env = { ATELIER_PORT: '8001', ATELIER_MODEL_SIZE: 'heavy', ATELIER_CAMERA_WIDTH: '1920' };
    const { config } = loadConfig({ dataDir: dir, env, flags: { port: 8002 } });
    expect(config.port).toBe(8002);
    expect(config.modelSize).toBe('heavy');
    expect(config.language).toBe('zh-CN');
    expect(config.camera.widthPx).toBe(1920);
    expect(config.camera.heightPx).toBe(720);
  });

  it('whole-body framing is on by default; the file and ATELIER_FRAMING turn it off, the environment winning', () => {
    const dir = tmp();
    expect(loadConfig({ dataDir: dir, env: {} }).config.framing).toBe(true);
    expect(loadConfig({ dataDir: dir, env: { ATELIER_FRAMING: 'false' } }).config.framing).toBe(false);
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ framing: false }));
    expect(loadConfig({ dataDir: dir, env: {} }).config.framing).toBe(false);
    expect(loadConfig({ dataDir: dir, env: { ATELIER_FRAMING: 'true' } }).config.framing).toBe(true);
    expect(() => loadConfig({ dataDir: dir, env: { ATELIER_FRAMING: 'sometimes' } })).toThrow(/framing/);
  });

  it('camera rotation and frame rate: file < env < flags; a rotation that is not a quarter turn names the key', () => {
    const dir = tmp();
    expect(loadConfig({ dataDir: dir, env: {} }).config.camera).toMatchObject({ rotationDeg: 0, frameRate: 30 });
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ camera: { rotationDeg: 90, frameRate: 25 } }));
    expect(loadConfig({ dataDir: dir, env: {} }).config.camera).toMatchObject({ rotationDeg: 90, frameRate: 25 });
    const env = { ATELIER_CAMERA_ROTATION: '270', ATELIER_CAMERA_FPS: '15' };
    expect(loadConfig({ dataDir: dir, env }).config.camera).toMatchObject({ rotationDeg: 270, frameRate: 15, widthPx: 1280 });
    expect(loadConfig({ dataDir: dir, env, flags: { camera: { rotationDeg: 180 } } }).config.camera).toMatchObject({ rotationDeg: 180, frameRate: 15 });
    expect(() => loadConfig({ dataDir: dir, env: { ATELIER_CAMERA_ROTATION: '45' } })).toThrow(/camera\.rotationDeg: the camera rotation must be 0, 90, 180 or 270/);
    expect(() => loadConfig({ dataDir: dir, env: { ATELIER_CAMERA_FPS: '240' } })).toThrow(/camera\.frameRate/);
  });

  it('has no placeholder shop link: the QR pattern is empty until set, and must be an http(s) address with a placeholder', () => {
    const dir = tmp();
    expect(loadConfig({ dataDir: dir, env: {} }).config.productUrlPattern).toBe('');
    const pattern = 'https://shop.example/p/{productId}?sku={sku}';
    expect(loadConfig({ dataDir: dir, env: { ATELIER_PRODUCT_URL_PATTERN: pattern } }).config.productUrlPattern).toBe(pattern);
    expect(() => loadConfig({ dataDir: dir, env: { ATELIER_PRODUCT_URL_PATTERN: 'https://shop.example/p/' } })).toThrow(/productUrlPattern: .*\{productId\}/);
    expect(() => loadConfig({ dataDir: dir, env: { ATELIER_PRODUCT_URL_PATTERN: 'javascript:alert({sku})' } })).toThrow(/productUrlPattern/);
  });

  it('ATELIER_DATA_DIR is used when no flag is given', () => {
    const dir = tmp();
    expect(loadConfig({ env: { ATELIER_DATA_DIR: dir } }).dataDir).toBe(dir);
  });

  it('rejects bad values with the key named, and a broken file with its path', () => {
    expect(() => loadConfig({ dataDir: tmp(), env: { ATELIER_PORT: '70000' } })).toThrow(/port/);
    expect(() => loadConfig({ dataDir: tmp(), env: {}, flags: { ep: 'tpu' as never } })).toThrow(/ep: /);
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'config.json'), '{ not json');
    expect(() => loadConfig({ dataDir: dir, env: {} })).toThrow(ConfigError);
    expect(() => loadConfig({ dataDir: dir, env: {} })).toThrow(/config\.json is not valid JSON/);
    fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ colour: 'red' }));
    expect(() => loadConfig({ dataDir: dir, env: {} })).toThrow(/config\.json.*colour/);
  });

  it('saves atomically and keeps other keys; a bad update changes nothing', () => {
    const dir = tmp();
    saveConfig(dir, { language: 'zh-CN' });
    saveConfig(dir, { port: 9000 });
    expect(loadConfig({ dataDir: dir, env: {} }).config).toMatchObject({ language: 'zh-CN', port: 9000 });
    const before = fs.readFileSync(path.join(dir, 'config.json'), 'utf8');
    expect(() => saveConfig(dir, { port: -1 })).toThrow(ConfigError);
    expect(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(['config.json']);
  });

  it('default data dir follows the OS convention', () => {
    expect(defaultDataDir('linux', {}, '/home/a')).toBe('/home/a/.config/atelier');
    expect(defaultDataDir('linux', { XDG_CONFIG_HOME: '/x' }, '/home/a')).toBe('/x/atelier');
    expect(defaultDataDir('darwin', {}, '/Users/a')).toBe('/Users/a/Library/Application Support/Atelier');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'C:\\Users\\a')).toBe('C:\\Users\\a\\AppData\\Roaming\\Atelier');
  });
});
