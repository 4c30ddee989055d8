// A renderer's share of a kiosk's CPU, to run `atelier bench` against (models/README.md, "The head in its own worker
// thread"). Runs until killed (SIGTERM / SIGINT).
//
//   node scripts/renderer-load.mjs standin 8      a process busy 8 ms of every 16.7 ms (a 60 Hz renderer's frame work
//                                                  on a CPU; no GPU stands behind it, so no driver threads either)
//   node scripts/renderer-load.mjs chromium 4814  the web shell on that port and its mirror page in headless Chromium
//                                                  with the fake camera (WebGL on SwiftShader: the drawing itself runs
//                                                  on the CPU, more than a kiosk with a GPU pays; the shell's own
//                                                  engine tracks the camera too)
import { fdCount, openMirror, rendererSample, startShell } from './soak-lib.mjs';

const FRAME_MS = 1000 / 60;
const [kind, arg] = process.argv.slice(2);

if (kind === 'standin') {
  const busyMs = Number(arg ?? 8);
  const tick = () => {
    const start = performance.now();
    while (performance.now() - start < busyMs);
    setTimeout(tick, Math.max(0, FRAME_MS - (performance.now() - start)));
  };
  tick();
} else if (kind === 'chromium') {
  const shell = await startShell(Number(arg ?? 7620));
  const { browser, page } = await openMirror(shell.base);
  const stop = async () => {
    await browser.close().catch(() => {});
    await shell.stop();
    process.exit(0);
  };
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => void stop());
  // Say once a few seconds whether the mirror is live, so that a bench run beside it is known to have had its load.
  setInterval(() => {
    rendererSample(page)
      .then((s) => console.log(`renderer-load: camera ${s.camera}, tracked frames ${s.tracked}, shell fds ${fdCount(shell.pid)}`))
      .catch(() => {});
  }, 5000);
} else {
  console.error('usage: node scripts/renderer-load.mjs standin <busy ms per 16.7 ms> | chromium <port>');
  process.exit(2);
}
