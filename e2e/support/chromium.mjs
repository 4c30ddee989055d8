// The one list of flags for Debian's Chromium on a machine with no GPU and a closed network (plain JS so the
// e2e suite, the soak/fault scripts and the MediaPipe benchmark all read the same list).

/** Debian's Chromium; override with CHROMIUM_PATH. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * WebGL on SwiftShader (MediaPipe needs WebGL2 even for CPU inference) and no background traffic. Host names resolve
 * to nothing: the pages load from 127.0.0.1 by address or from a routed origin that never reaches the network, and
 * without the rule Chromium looks up Google's updater and sign-in hosts at start (as `atelier tryon`'s did:
 * tests/ops/no-phone-home.test.ts).
 */
export const HEADLESS_CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
];

/** The fake camera, granted without a prompt; add `--use-file-for-fake-video-capture=<clip>`. */
export const FAKE_CAMERA_ARGS = [
  '--use-fake-device-for-media-stream',
  '--use-fake-ui-for-media-stream',
  '--autoplay-policy=no-user-gesture-required',
];
