/**
 * Records how the 2D dress hem of the cloth check (tests/cloth/hem-sim.test.ts: the demo's floral tea dress as worn) answers
 * a sway track (tests/fixtures/tracks/sway.json, or `--track sway-stop`): per frame, the hem's largest offset from
 * where the hips carry it (cm) and its mean x offset (cm, signed), as JSON into `--out` (`--no-yarn`: without the
 * yarns' internal friction). `--frames out.svg` also draws the cloth seen from the front (the tube's x, y) at moments
 * from the stop on. With `--svg a.json b.json [c.json]` it draws the traces from the stop on into docs/cloth-settle.svg
 * instead (the settling figure of docs/cloth.md).
 * Run: `npx jiti scripts/cloth/settle-trace.ts --out /tmp/after.json`.
 */
import fs from 'node:fs';
import { HemCloth } from '../../src/renderer/cloth/sim-hem';
import { loadJolt } from '../../src/renderer/cloth/sim-jolt';
import { SKIRT_COLUMNS, SKIRT_ROWS, SkirtBody, skirtSpec } from '../../src/renderer/cloth/sim-skirt';
import { PoseLandmark as L } from '../../src/shared/pose';
import { bodyCmPerPx } from '../../src/shared/sizing';
import { loadClipTrack } from '../../tests/helpers/clip-tracks';
import { SWAY_STOP_S } from '../../tests/cloth/sway-response';
import { wornSkirtM } from '../../tests/cloth/worn-skirt';

/** The check's dress (tests/cloth/hem-sim.test.ts), worn at M as the mirror's 2D layer simulates it. */
const DRESS = 'dress-floral-rse';

interface Trace {
  label: string;
  stopS: number;
  timesS: number[];
  offsetCm: number[];
  meanXCm: number[];
}

/** A vertex this close to a leg's capsule (its collision radius, 1 cm, plus 5 mm of the solver's slack) is on it, m. */
const CONTACT_M = 0.015;

/** The gap from vertex `i`'s centre to the nearest leg capsule's surface, m. */
function legGapM(pos: Float32Array, i: number, capsules: Float32Array): number {
  let best = Infinity;
  for (let k = 0; k < capsules.length / 7; k++) {
    const o = 7 * k;
    const ex = capsules[o + 3]! - capsules[o]!;
    const ey = capsules[o + 4]! - capsules[o + 1]!;
    const ez = capsules[o + 5]! - capsules[o + 2]!;
    const px = pos[3 * i]! - capsules[o]!;
    const py = pos[3 * i + 1]! - capsules[o + 1]!;
    const pz = pos[3 * i + 2]! - capsules[o + 2]!;
    const t = Math.max(0, Math.min(1, (px * ex + py * ey + pz * ez) / (ex * ex + ey * ey + ez * ez || 1)));
    best = Math.min(best, Math.hypot(px - t * ex, py - t * ey, pz - t * ez) - capsules[o + 6]!);
  }
  return best;
}

/** Seconds after the stop at which `--frames` draws the cloth. */
const FRAME_AFTER_S = [-0.5, 0, 0.25, 0.5, 0.75, 1, 1.5, 2];

async function record(trackName: 'sway' | 'sway-stop', yarn: boolean, air: 'plate' | 'linear', framesOut: string | null): Promise<Trace> {
  const J = await loadJolt();
  const track = loadClipTrack(trackName);
  const spec = { ...skirtSpec(await wornSkirtM(DRESS, track)), yarnFriction: yarn, air, measureAir: true };
  const cloth = new HemCloth(J, spec);
  const body = new SkirtBody(spec);
  const trace: Trace = { label: `${trackName}${yarn ? '' : ', no yarn friction'}`, stopS: SWAY_STOP_S, timesS: [], offsetCm: [], meanXCm: [] };
  const drawn: string[] = [];
  // The yarns' friction's dissipated energy at the stop and 1 s after it, J.
  const lostJ: number[] = [];
  // The air's: the model's own and (with the linear damping) what the plate model would have taken, J.
  const airJ: Array<[number, number]> = [];
  const swingJ: number[] = [];
  // The legs: per phase (swaying after the first second, the first second after the stop), frames with a vertex on a
  // leg's capsule, vertex–frames in contact, and the smallest gap from a free vertex's surface to a capsule's, m.
  const legs = { sway: { frames: 0, touching: 0, vertexFrames: 0, gapM: Infinity }, after: { frames: 0, touching: 0, vertexFrames: 0, gapM: Infinity } };
  track.frames.forEach((f, k) => {
    const timeS = k / track.fps;
    const cm = bodyCmPerPx(f.landmarksPx, f.worldM);
    if (!cm) throw new Error(`frame ${f.index}: no body scale`);
    const lm = f.landmarksPx;
    body.update(lm, f.worldM, cm / 100, (lm[2 * L.leftHip]! + lm[2 * L.rightHip]!) / 2, (lm[2 * L.leftHip + 1]! + lm[2 * L.rightHip + 1]!) / 2);
    cloth.step({ timeS, pinsM: body.pinsM, capsulesM: body.capsulesM, axes: body.axes });
    let worst = 0;
    let mx = 0;
    for (let c = 0; c < SKIRT_COLUMNS; c++) {
      const i = 3 * ((SKIRT_ROWS - 1) * SKIRT_COLUMNS + c);
      worst = Math.max(worst, Math.hypot(cloth.offsetsM[i]!, cloth.offsetsM[i + 1]!, cloth.offsetsM[i + 2]!));
      mx += cloth.offsetsM[i]! / SKIRT_COLUMNS;
    }
    const phase = timeS >= 1 && timeS < SWAY_STOP_S ? legs.sway : timeS >= SWAY_STOP_S && timeS < SWAY_STOP_S + 1 ? legs.after : null;
    if (phase) {
      phase.frames++;
      let touching = 0;
      for (let i = SKIRT_COLUMNS; i < SKIRT_COLUMNS * SKIRT_ROWS; i++) {
        const gapM = legGapM(cloth.positionsM, i, body.capsulesM);
        phase.gapM = Math.min(phase.gapM, gapM);
        if (gapM < CONTACT_M) touching++;
      }
      phase.vertexFrames += touching;
      if (touching) phase.touching++;
    }
    trace.timesS.push(timeS);
    trace.offsetCm.push(+(worst * 100).toFixed(3));
    trace.meanXCm.push(+(mx * 100).toFixed(3));
    if (Math.abs(timeS - SWAY_STOP_S) < 0.5 / track.fps || Math.abs(timeS - SWAY_STOP_S - 1) < 0.5 / track.fps) {
      lostJ.push(cloth.yarnFriction.dissipatedJ);
      airJ.push([air === 'linear' ? cloth.linearAirJ : cloth.airDrag.dissipatedJ, cloth.airDrag.dissipatedJ]);
      swingJ.push(cloth.mechanicalEnergyJ());
    }
    const slot = FRAME_AFTER_S.findIndex((s) => Math.abs(timeS - (SWAY_STOP_S + s)) < 0.5 / track.fps);
    if (framesOut && slot >= 0) drawn.push(frameSvg(cloth.positionsM, body.pinsM, body.capsulesM, slot, FRAME_AFTER_S[slot]!));
  });
  cloth.dispose();
  if (yarn) console.log(`the yarns' friction took ${((lostJ[1]! - lostJ[0]!) * 1000).toFixed(2)} mJ in the first second after the stop`);
  for (const [name, p] of Object.entries(legs)) console.log(`legs, ${name === 'sway' ? 'swaying' : '1 s after the stop'}: ${p.touching} of ${p.frames} frames with cloth on a leg (${(p.vertexFrames / p.frames).toFixed(2)} of ${SKIRT_COLUMNS * (SKIRT_ROWS - 1)} free vertices per frame), the closest ${(p.gapM * 100).toFixed(1)} cm off`);
  const mJ = (k: 0 | 1): string => ((airJ[1]![k] - airJ[0]![k]) * 1000).toFixed(2);
  const lost = (swingJ[0]! - swingJ[1]!) * 1000;
  const known = (airJ[1]![0] - airJ[0]![0] + (lostJ[1]! - lostJ[0]!)) * 1000;
  console.log(`the swing's energy fell by ${lost.toFixed(2)} mJ in the first second after the stop: the air and the yarns' friction ${known.toFixed(2)}, the rest (the legs' contacts, the solver) ${(lost - known).toFixed(2)} mJ`);
  console.log(`the air (${air}) took ${mJ(0)} mJ in the first second after the stop; a plate model (C_d 1.2, quadratic, along each face's normal) ${mJ(1)} mJ`);
  if (framesOut) {
    const w = 130 * FRAME_AFTER_S.length;
    fs.writeFileSync(framesOut, `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="230" font-family="sans-serif" font-size="11"><rect width="${w}" height="230" fill="#fff"/><text x="6" y="14">${trace.label}</text>${drawn.join('')}</svg>\n`);
  }
  return trace;
}

/**
 * One frame: the tube from the front (x right, y down; the hips' ring centred), the front half's rows and columns as
 * lines, the legs' capsules grey, the hem's rest (carried by the hips) dashed.
 */
function frameSvg(pos: Float32Array, pins: Float32Array, capsules: Float32Array, slot: number, afterS: number): string {
  let cx = 0;
  let cy = 0;
  for (let c = 0; c < SKIRT_COLUMNS; c++) {
    cx += pins[3 * c]! / SKIRT_COLUMNS;
    cy += pins[3 * c + 1]! / SKIRT_COLUMNS;
  }
  const S = 170; // px per metre
  const ox = 130 * slot + 65;
  const oy = 30;
  const X = (x: number): number => ox + (x - cx) * S;
  const Y = (y: number): number => oy + (y - cy) * S;
  const parts: string[] = [];
  for (let k = 0; k < capsules.length / 7; k++) {
    const o = 7 * k;
    parts.push(`<line x1="${X(capsules[o]!).toFixed(1)}" y1="${Y(capsules[o + 1]!).toFixed(1)}" x2="${X(capsules[o + 3]!).toFixed(1)}" y2="${Y(capsules[o + 4]!).toFixed(1)}" stroke="#ddd" stroke-linecap="round" stroke-width="${(2 * capsules[o + 6]! * S).toFixed(1)}"/>`);
  }
  // The front half: ring angles with sin θ < 0 (columns 9–15 and 0, 8 at the sides).
  const front = [8, 9, 10, 11, 12, 13, 14, 15, 0];
  const P = (r: number, c: number): string => `${X(pos[3 * (r * SKIRT_COLUMNS + c)]!).toFixed(1)},${Y(pos[3 * (r * SKIRT_COLUMNS + c) + 1]!).toFixed(1)}`;
  for (let r = 0; r < SKIRT_ROWS; r++) parts.push(`<polyline points="${front.map((c) => P(r, c)).join(' ')}" fill="none" stroke="${r === SKIRT_ROWS - 1 ? '#c0392b' : '#7a8fb0'}" stroke-width="${r === SKIRT_ROWS - 1 ? 2 : 1}"/>`);
  for (const c of front) parts.push(`<polyline points="${Array.from({ length: SKIRT_ROWS }, (_, r) => P(r, c)).join(' ')}" fill="none" stroke="#7a8fb0" stroke-width="1"/>`);
  parts.push(`<text x="${ox}" y="220" text-anchor="middle">${afterS < 0 ? `${-afterS} s before` : afterS === 0 ? 'the stop' : `+${afterS} s`}</text>`);
  return parts.join('');
}

/**
 * The traces from 0.5 s before the stop, as a small SVG: above, the hem's mean x off its carried rest (the pendulum
 * swing); below, the check's measure, the largest offset of any hem vertex (the swing plus the cloth's ripples).
 */
function svg(traces: Trace[]): string {
  const w = 640;
  const left = 50;
  const pw = w - left - 20;
  const ph = 200;
  const tops = [20, 270];
  const h = tops[1]! + ph + 40;
  const t0 = traces[0]!.stopS - 0.5;
  const t1 = traces[0]!.timesS.at(-1)!;
  const stopS = traces[0]!.stopS;
  const X = (t: number): number => left + ((t - t0) / (t1 - t0)) * pw;
  // Panel 0: −12…12 cm about its middle; panel 1: 0…12 cm from its bottom.
  const Y = (panel: number, cm: number): number => (panel === 0 ? tops[0]! + ph / 2 - (cm / 12) * (ph / 2) : tops[1]! + ph - (cm / 12) * ph);
  const path = (tr: Trace, panel: number): string =>
    tr.timesS
      .map((t, k) => [t, panel === 0 ? tr.meanXCm[k]! : tr.offsetCm[k]!] as const)
      .filter(([t]) => t >= t0)
      .map(([t, v], k) => `${k ? 'L' : 'M'}${X(t).toFixed(1)},${Y(panel, Math.min(12, v)).toFixed(1)}`)
      .join('');
  const grid: string[] = [];
  for (const [panel, from] of [[0, -12], [1, 0]] as const) {
    for (let cm = from; cm <= 12; cm += 4) grid.push(`<line x1="${left}" x2="${left + pw}" y1="${Y(panel, cm)}" y2="${Y(panel, cm)}" stroke="${cm === 0 ? '#bbb' : '#eee'}"/><text x="${left - 6}" y="${Y(panel, cm) + 4}" text-anchor="end">${cm}</text>`);
    const top = tops[panel]!;
    for (let s = 0; s <= t1 - stopS + 1e-9; s += 0.5) grid.push(`<line x1="${X(stopS + s)}" x2="${X(stopS + s)}" y1="${top}" y2="${top + ph}" stroke="${s === 0 ? '#888' : s === 1 ? '#c9a' : '#eee'}"/><text x="${X(stopS + s)}" y="${top + ph + 14}" text-anchor="middle">${s}</text>`);
  }
  grid.push(`<line x1="${left}" x2="${left + pw}" y1="${Y(1, 1)}" y2="${Y(1, 1)}" stroke="#c9a" stroke-dasharray="2 2"/><text x="${left + 4}" y="${Y(1, 1) - 3}" fill="#a78">1 cm</text>`);
  const styles = [
    { stroke: '#999', width: 1.5, dash: '4 3' },
    { stroke: '#c0392b', width: 2, dash: '' },
    { stroke: '#3b6fb6', width: 1.2, dash: '1 2' },
  ];
  const lines = traces.map((tr, k) => {
    const st = styles[k % styles.length]!;
    const attrs = `fill="none" stroke="${st.stroke}" stroke-width="${st.width}"${st.dash ? ` stroke-dasharray="${st.dash}"` : ''}`;
    return `<path d="${path(tr, 0)}" ${attrs}/><path d="${path(tr, 1)}" ${attrs}/><text x="${left + pw - 4}" y="${tops[1]! + 14 + 14 * k}" text-anchor="end" fill="${st.stroke}">${tr.label}</text>`;
  });
  const axis = (panel: number, text: string): string => `<text x="12" y="${tops[panel]! + ph / 2}" transform="rotate(-90 12 ${tops[panel]! + ph / 2})" text-anchor="middle">${text}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif" font-size="11">
<rect width="${w}" height="${h}" fill="#fff"/>
${grid.join('\n')}
${axis(0, 'mean hem x off its rest, cm')}
${axis(1, 'largest hem offset, cm')}
<text x="${left + pw / 2}" y="${h - 6}" text-anchor="middle">seconds after the person stops (2D dress, sway track)</text>
${lines.join('\n')}
</svg>
`;
}

const args = process.argv.slice(2);
const opt = (name: string): string | null => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1]! : null;
};
if (args[0] === '--svg') {
  const files = args.slice(1).filter((a) => a.endsWith('.json'));
  const traces = files.map((f) => JSON.parse(fs.readFileSync(f, 'utf8')) as Trace);
  const labels = opt('--labels')?.split('|');
  if (labels) traces.forEach((t, k) => (t.label = labels[k] ?? t.label));
  fs.writeFileSync('docs/cloth-settle.svg', svg(traces));
  console.log('docs/cloth-settle.svg');
} else {
  const trackName = opt('--track') ?? 'sway';
  if (trackName !== 'sway' && trackName !== 'sway-stop') throw new Error(`--track: sway or sway-stop, not ${trackName}`);
  const air = opt('--air') ?? 'plate';
  if (air !== 'plate' && air !== 'linear') throw new Error(`--air: plate or linear, not ${air}`);
  const trace = await record(trackName, !args.includes('--no-yarn'), air, opt('--frames'));
  const out = opt('--out');
  if (out) fs.writeFileSync(out, JSON.stringify(trace));
  const at = (s: number): number => Math.max(...trace.offsetCm.filter((_, k) => trace.timesS[k]! >= trace.stopS + s));
  const swing = Math.max(...trace.offsetCm.filter((_, k) => trace.timesS[k]! >= 1 && trace.timesS[k]! < trace.stopS));
  console.log(`${trace.label}: swing ${swing.toFixed(1)} cm; after the stop: 0.5 s ${at(0.5).toFixed(2)} cm, 1 s ${at(1).toFixed(2)} cm (${(at(1) / swing).toFixed(2)}), end ${at(2.15).toFixed(2)} cm`);
}
