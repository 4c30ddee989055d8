/**
 * The staff screen's chime for a new "call staff": two short tones made with Web Audio (no sound file to ship or
 * fetch). The AudioContext is made on first use and resumed each time (a browser suspends one made before the page
 * was touched; a staff screen has been touched at sign-in). Returns whether the chime started.
 */
let ctx: AudioContext | null = null;

export async function playChime(): Promise<boolean> {
  try {
    ctx ??= new AudioContext();
    if (ctx.state === 'suspended') await ctx.resume();
    if (ctx.state !== 'running') return false;
    const t0 = ctx.currentTime;
    // A rising major third (E5 → G#5), 0.18 s each, soft attack and decay: audible across a shop floor, not alarming.
    for (const [i, hz] of [659.25, 830.61].entries()) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = hz;
      const start = t0 + i * 0.2;
      gain.gain.setValueAtTime(0, start);
      gain.gain.linearRampToValueAtTime(0.35, start + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.001, start + 0.18);
      osc.connect(gain).connect(ctx.destination);
      osc.start(start);
      osc.stop(start + 0.2);
    }
    return true;
  } catch {
    return false;
  }
}
