/**
 * The free part of a garment (a dress's or skirt's hem, a jacket's front, a cuff) as a Jolt soft body: a grid of
 * `columns × rows` cloth vertices whose top row is pinned to the body (kinematic vertices moved to the tracked pins
 * every step), hanging under gravity and colliding with the body's capsules (kinematic rigid bodies moved to the
 * solved pose). One instance owns one small Jolt world; see sim-jolt.ts for the library.
 *
 * Units: metres and seconds in whatever right-handed frame the caller uses (the 2D hem uses camera metres, y down,
 * with gravity +y); `gravity` says which way is down.
 */
import { LAYER_BODY, LAYER_CLOTH, createWorld, type JoltModule } from './sim-jolt';
import { AirDrag } from './sim-air-drag';
import { YarnFriction, type VertexMemory } from './sim-yarn-friction';

/** The cloth's shape at rest, in the caller's frame, metres. */
export interface HemSpec {
  /** Vertices across (around, when `closed`). ≥ 2. */
  columns: number;
  /** Vertices down, the pinned row included. ≥ 2. */
  rows: number;
  /** A tube (the last column joins the first): a skirt all round; false: a strip (a 2D hem, a jacket front). */
  closed: boolean;
  /** x, y, z per vertex, row-major from the pinned row (owned by the spec; copied). */
  restM: Float32Array;
  /** Gravity, m/s², in the caller's frame. */
  gravity: readonly [number, number, number];
  /** How many body capsules the caller passes per step. */
  capsuleCount: number;
  /**
   * An open strip of separate panels side by side, this many columns each (a jacket's two fronts: no cloth joins
   * one panel's last column to the next one's first). Absent: one piece.
   */
  panelColumns?: number;
  /**
   * Per vertex, 1 where the cloth is sewn to the body below the pinned row (a jacket front's side seam): held on its
   * rest shape carried by its column's pin, like the pins. Absent: only the top row is held.
   */
  held?: Uint8Array;
  /**
   * The yarns' internal friction (sim-yarn-friction.ts). Default true; false only to compare with the cloth before it
   * (scripts/cloth/settle-trace.ts).
   */
  yarnFriction?: boolean;
  /**
   * The air: 'linear' (default), Jolt's per-vertex damping at {@link AIR_DAMPING_PER_S}; 'plate', each face a plate
   * with quadratic drag along its normal (sim-air-drag.ts) and no other damping — the air's physics, which on its own
   * leaves a skirt swinging for seconds (docs/cloth.md, "The air as plates"; scripts/cloth/settle-trace.ts --air).
   */
  air?: 'plate' | 'linear';
  /** Dragged by 'plate' or not, also add what a plate model would take to `airDrag.dissipatedJ` (measurements only). */
  measureAir?: boolean;
}

/** Where the body is at one instant (all borrowed for the call). */
export interface HemInput {
  /** The pose's time, seconds (monotonic; a step back or a long gap resets the cloth). */
  timeS: number;
  /** x, y, z of each pin (the top row), metres. */
  pinsM: ArrayLike<number>;
  /** Per capsule: x, y, z of one end, of the other, then its radius; metres. */
  capsulesM: ArrayLike<number>;
  /**
   * The pins' frame: its three unit axes (x, y, z each), the rest shape's axes as the body holds them now (a turned
   * body turns its skirt). Absent: the caller's own axes.
   */
  axes?: ArrayLike<number>;
}

/** What a step did (owned by the cloth; overwritten by the next step). */
export interface HemStepReport {
  /** Fixed steps run for this input (0 on a reset). */
  steps: number;
  /** The cloth was put back on its rest shape under the pins: first input, a jump, a gap or a step back in time. */
  reset: boolean;
  /** The reset was forced by a NaN or an over-stretched vertex after a step (never expected; counted for tests). */
  exploded: boolean;
}

/** The solver's fixed step: 60 Hz, the mirror's top frame rate (30 Hz camera frames take two). */
export const STEP_S = 1 / 60;
/** A gap in tracking longer than this (s) and the cloth is put back under the pins instead of flung after them. */
const MAX_GAP_S = 0.25;
/**
 * Fixed steps per input at most: enough to cover any gap short of a reset, so the cloth runs in real time whatever the
 * frame rate (a slow frame delays the worker's answer, never the renderer; it cannot spiral).
 */
const MAX_STEPS_PER_INPUT = Math.ceil(MAX_GAP_S / STEP_S);
/**
 * Fastest a tracked pin (hips, shoulders) moves in front of a mirror, m/s: a brisk step sideways is ≈ 1.5 m/s, a
 * jump ≈ 3 m/s. Faster is a tracking jump (another person, a lost and re-found body): reset.
 */
const MAX_PIN_SPEED_M_PER_S = 4;
/** Landmark jitter a single frame may add to a pin, metres (BlazePose's frame-to-frame noise at 2–3 m). */
const PIN_NOISE_M = 0.05;
/** How long the cloth hangs still the first time to find its own rest shape, s (a hem settles in under 1 s). */
const SETTLE_S = 1.5;
/** A vertex farther than this many rest lengths of its column from its pin is a blow-up: reset. */
const MAX_STRETCH = 1.5;
/**
 * Areal density of a light dress fabric, kg/m² (cotton lawn ≈ 0.1, viscose crepe ≈ 0.15, denim ≈ 0.4): sets each
 * vertex's mass, and with it how hard the cloth pushes on the body.
 */
const FABRIC_KG_PER_M2 = 0.15;
/**
 * Air drag on the cloth as a linear damping rate, 1/s: drag force ½·ρ·Cd·v² per m² of a flat sheet (air 1.2 kg/m³,
 * Cd ≈ 1.2) over its mass per m² ({@link FABRIC_KG_PER_M2}), linearised at a hem's typical swing speed of 0.5 m/s.
 * Measured against the air as plates (sim-air-drag.ts, `settle-trace.ts --air`): on the swing after the person stops
 * this rate takes 4.7 × what the air does (a 0.35 m/s hem, and every direction damped, not only the faces' normals) —
 * it stands for the air and for losses the mesh does not carry. The air alone leaves the hem swinging 6 cm 2.25 s
 * after the stop (docs/cloth.md, "The air as plates").
 */
const AIR_DAMPING_PER_S = (0.5 * 1.2 * 1.2 * 0.5) / FABRIC_KG_PER_M2;
/**
 * Shear rigidity of a light woven dress fabric, N/m per radian: Kawabata's G ≈ 1 gf/cm/degree (cotton lawn, viscose
 * 0.5–1.5). A square cell's diagonal then resists like a spring of 2·G.
 */
const SHEAR_RIGIDITY_N_PER_M = (0.00981 / 0.01) * (180 / Math.PI);
/**
 * Bending rigidity of the same fabric, N·m per radian of hinge angle for a square cell: Kawabata's B ≈ 0.1 gf·cm²/cm
 * = 1e-5 N·m. Cloth drapes because this is tiny against its weight: its bending length (B / weight)^⅓ is ≈ 2 cm.
 */
const BENDING_RIGIDITY_N_M = 1e-5;

/**
 * The shear stiffness of a cell's diagonal on a coarse mesh, N/m. Woven cloth resists shear in its plane
 * ({@link SHEAR_RIGIDITY_N_PER_M}) only until it buckles into small diagonal wrinkles, which it does at once under a
 * sideways pull; a cell many wrinkles wide shears at the cost of its weight: the stiffness at which a cell's own
 * weight (weight per m² × cell²) shears it by one cell.
 */
function meshShearStiffnessNPerM(cellM: number): number {
  return FABRIC_KG_PER_M2 * 9.81 * cellM;
}

/**
 * The bending rigidity a mesh of `cellM` cells needs, N·m: folds narrower than a cell cannot form on it, so with the
 * fabric's own 2 cm bending length the coarse cloth would crumple into any shape at no cost (it has no rest shape to
 * return to). Given the rigidity whose bending length is one cell (weight per m² × cell³), it folds at the
 * smallest scale it can draw and keeps its hang.
 */
function meshBendingRigidityNm(cellM: number): number {
  return FABRIC_KG_PER_M2 * 9.81 * cellM ** 3;
}
/**
 * Half the width of the fabric's bending hysteresis loop, N·m per metre of hinge: Kawabata's 2HB ≈ 0.05 gf·cm/cm for a
 * light dress fabric (KES-FB2; women's thin dress fabrics 0.01–0.1), so HB = 0.025 gf·cm/cm = 2.45 × 10⁻⁴ N·m/m. Used
 * as it is: the energy a hinge loses per cycle, 4·HB·(its angle's amplitude), does not depend on how finely the mesh
 * resolves the bend.
 */
const BEND_HYSTERESIS_NM_PER_M = (0.05 / 2) * 0.00981;
/**
 * Half the width of the fabric's shear hysteresis loop, N/m: Kawabata's 2HG ≈ 1 gf/cm (KES-FB1 at 0.5°, under the
 * instrument's 10 gf/cm of tension), HG = 0.49 N/m. A hanging skirt is not under that tension and buckles into fine
 * diagonal wrinkles instead of shearing in its plane (why the mesh's shear stiffness is the weight-scaled one, see
 * meshShearStiffnessNPerM); the mesh keeps the fabric's loop in shear angle (HG / G, ≈ 0.5°) and scales its force
 * with the mesh's stiffness. Left at the flat fabric's 0.49 N/m it would hold a 60 cm skirt's panels up to a shear of
 * HG / (weight per m² × length) ≈ 0.5 rad: no skirt would swing.
 */
const SHEAR_HYSTERESIS_N_PER_M = (1 / 2) * 0.981;
/**
 * Kinetic friction of fabric on the body (the legs' capsules; Jolt combines the cloth's and the capsule's coefficients
 * as their geometric mean, so both are set to it): dry skin against textiles, "greater than 0.2 and typically around
 * 0.5" (Derler & Gerhardt 2012, Tribology Letters 45:1–27, review of skin friction measurements); cotton on skin
 * 0.25–0.79 by body region (Temel et al. 2022, Tribology Letters 70:1). Before, the capsules kept Jolt's default 0.2,
 * which with the cloth's 0.5 made √0.1 = 0.32.
 */
const BODY_FRICTION = 0.5;
/** Cloth's collision thickness, metres: half a fabric's thickness plus the solver's contact margin. */
const VERTEX_RADIUS_M = 0.01;

/**
 * The body's motion is low-passed at this bandwidth before it moves the cloth, Hz: human movement has nearly all its
 * power below 6 Hz (Winter, Biomechanics and Motor Control of Human Movement: the standard cut-off for gait
 * kinematics); above it, a pose is tracking jitter, which would shake the cloth like a sieve.
 */
const BODY_BANDWIDTH_HZ = 6;
const IDENTITY = [1, 0, 0, 0, 1, 0, 0, 0, 1] as const;

/** Two first-order low-pass stages (`low` then `out`) towards `input` with gain `k` (1: jump to it). */
function follow(low: Float32Array, out: Float32Array, input: ArrayLike<number>, k: number): void {
  for (let i = 0; i < out.length; i++) {
    low[i] = k >= 1 ? input[i]! : low[i]! + (input[i]! - low[i]!) * k;
    out[i] = k >= 1 ? low[i]! : out[i]! + (low[i]! - out[i]!) * k;
  }
}

/** Makes three row-major axes orthonormal again after filtering (Gram–Schmidt on the first two, the third their cross product). */
function orthonormalise(a: Float32Array): void {
  let n = Math.hypot(a[0]!, a[1]!, a[2]!) || 1;
  a[0] = a[0]! / n;
  a[1] = a[1]! / n;
  a[2] = a[2]! / n;
  const d = a[0]! * a[3]! + a[1]! * a[4]! + a[2]! * a[5]!;
  a[3] = a[3]! - d * a[0]!;
  a[4] = a[4]! - d * a[1]!;
  a[5] = a[5]! - d * a[2]!;
  n = Math.hypot(a[3]!, a[4]!, a[5]!) || 1;
  a[3] = a[3]! / n;
  a[4] = a[4]! / n;
  a[5] = a[5]! / n;
  a[6] = a[1]! * a[5]! - a[2]! * a[4]!;
  a[7] = a[2]! * a[3]! - a[0]! * a[5]!;
  a[8] = a[0]! * a[4]! - a[1]! * a[3]!;
}

type J = JoltModule;

export class HemCloth {
  readonly columns: number;
  readonly rows: number;
  /** x, y, z per vertex of the last step, metres (owned; read after `step`). */
  readonly positionsM: Float32Array;
  /**
   * Per vertex: where the cloth is minus where its rest shape carried by the pins would put it, metres (owned; read
   * after `step`). Zero on the pinned row; a swinging hem lags the body, so this is what the garment's mesh adds.
   */
  readonly offsetsM: Float32Array;
  readonly report: HemStepReport = { steps: 0, reset: false, exploded: false };
  /** Resets forced by a blow-up since construction (the stability check expects 0). */
  explosions = 0;
  private readonly rest: Float32Array;
  /** Per vertex: 1 when held on its carried rest (the pinned row and {@link HemSpec.held}). */
  private readonly held: Uint8Array;
  /** Per column: the rest length from its pin to its hem vertex, metres (the stretch guard's unit). */
  private readonly columnLengthM: Float32Array;
  private readonly jolt: InstanceType<J['JoltInterface']>;
  private readonly bodies: InstanceType<J['BodyInterface']>;
  private readonly softId: InstanceType<J['BodyID']>;
  private readonly vertices: InstanceType<J['ArraySoftBodyVertex']>;
  private readonly capsuleIds: Array<InstanceType<J['BodyID']>> = [];
  /** Per capsule: the half height and radius its shape was made with (remade when the limb's length changes). */
  private readonly capsuleShapeM: Float32Array;
  /** The previous input's pins as given (the jump check) and as low-passed (the steps interpolate from them). */
  private readonly prevPins: Float32Array;
  private readonly prevFiltered: Float32Array;
  private readonly prevCapsules: Float32Array;
  private readonly pinsNow: Float32Array;
  /** The first stage of the body's two-stage low-pass (see {@link BODY_BANDWIDTH_HZ}). */
  private readonly pinsLow: Float32Array;
  private readonly capsulesLow: Float32Array;
  private readonly axesLow = new Float32Array(9);
  /** The pins' frame of this input (row-major axes), identity by default. */
  private readonly axes = new Float32Array([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  /** Per vertex: its rest offset from its column's pin, turned by `axes` (where the carried rest puts it). */
  private readonly carried: Float32Array;
  /** `carried` of the previous input: held vertices below the pins turn between the two, as the pins move. */
  private readonly prevCarried: Float32Array;
  private readonly capsulesNow: Float32Array;
  private lastTimeS = Number.NaN;
  private readonly panelColumns: number;
  /** The rest shape has been replaced by the cloth's own hang (see `settle`). */
  private settled = false;
  private carryS = 0;
  private readonly pos: InstanceType<J['RVec3']>;
  private readonly vertexBase: number;
  private readonly vertexStride: number;
  private readonly positionOffset: number;
  private readonly velocityOffset: number;
  private readonly previousOffset: number;
  private readonly rot: InstanceType<J['Quat']>;
  /** The yarns' internal friction (bending and shear hysteresis), applied after every step. */
  readonly yarnFriction: YarnFriction;
  /** Rate of `carried` over the last input, m/s (the pinned hinges' upper segment turns with it). */
  private readonly carriedVel: Float32Array;
  private readonly withYarnFriction: boolean;
  /** The air's drag, face by face (or measured only, with the old linear damping: see {@link HemSpec.air}). */
  readonly airDrag: AirDrag;
  private readonly air: 'plate' | 'linear';
  private readonly measureAir: boolean;
  /** With the linear damping: the energy it took since construction, J (measurements only). */
  linearAirJ = 0;
  /** Where Jolt keeps the vertices, for the yarns' friction. */
  private readonly memory: VertexMemory;
  private readonly gravity: readonly [number, number, number];
  /** A free vertex's mass, kg. */
  private readonly vertexKg: number;

  constructor(
    private readonly J: J,
    spec: HemSpec,
  ) {
    const { columns, rows, capsuleCount } = spec;
    if (columns < 2 || rows < 2 || spec.restM.length !== columns * rows * 3) throw new Error(`hem cloth: ${columns}×${rows} vertices need ${columns * rows * 3} rest coordinates, got ${spec.restM.length}`);
    this.columns = columns;
    this.rows = rows;
    this.rest = Float32Array.from(spec.restM);
    const n = columns * rows;
    if (spec.held && spec.held.length !== n) throw new Error(`hem cloth: held has ${spec.held.length} entries for ${n} vertices`);
    if (spec.panelColumns !== undefined && !(spec.panelColumns >= 2 && columns % spec.panelColumns === 0 && !spec.closed)) throw new Error(`hem cloth: ${columns} columns do not split into open panels of ${spec.panelColumns}`);
    this.held = new Uint8Array(n);
    for (let i = 0; i < n; i++) this.held[i] = i < columns || spec.held?.[i] ? 1 : 0;
    this.panelColumns = spec.panelColumns ?? 0;
    this.positionsM = new Float32Array(n * 3);
    this.carried = new Float32Array(n * 3);
    this.prevCarried = new Float32Array(n * 3);
    this.carriedVel = new Float32Array(n * 3);
    this.withYarnFriction = spec.yarnFriction ?? true;
    this.air = spec.air ?? 'linear';
    this.measureAir = spec.measureAir ?? false;
    this.offsetsM = new Float32Array(n * 3);
    this.columnLengthM = new Float32Array(columns);
    for (let c = 0; c < columns; c++) {
      let len = 0;
      for (let r = 1; r < rows; r++) len += this.restDistance(c + (r - 1) * columns, c + r * columns);
      this.columnLengthM[c] = len;
    }
    this.prevPins = new Float32Array(columns * 3);
    this.prevFiltered = new Float32Array(columns * 3);
    this.pinsNow = new Float32Array(columns * 3);
    this.pinsLow = new Float32Array(columns * 3);
    this.capsulesLow = new Float32Array(capsuleCount * 7);
    this.prevCapsules = new Float32Array(capsuleCount * 7);
    this.capsulesNow = new Float32Array(capsuleCount * 7);
    this.capsuleShapeM = new Float32Array(capsuleCount * 2);
    this.pos = new J.RVec3(0, 0, 0);
    this.rot = new J.Quat(0, 0, 0, 1);

    this.jolt = createWorld(J, spec.gravity);
    this.bodies = this.jolt.GetPhysicsSystem().GetBodyInterface();

    // The cloth: vertices with their mass from the fabric's areal density, the pinned row kinematic (inverse mass 0).
    const shared = new J.SoftBodySharedSettings();
    const v = new J.SoftBodySharedSettingsVertex();
    const cellAreaM2 = this.meanCellAreaM2(spec.closed, spec.panelColumns ?? 0);
    const invMass = 1 / Math.max(1e-4, FABRIC_KG_PER_M2 * cellAreaM2);
    for (let i = 0; i < n; i++) {
      v.mPosition.x = this.rest[3 * i]!;
      v.mPosition.y = this.rest[3 * i + 1]!;
      v.mPosition.z = this.rest[3 * i + 2]!;
      v.mInvMass = this.held[i] ? 0 : invMass;
      shared.mVertices.push_back(v);
    }
    J.destroy(v);
    const across = spec.closed ? columns : columns - 1;
    for (let r = 0; r + 1 < rows; r++) {
      for (let c = 0; c < across; c++) {
        if (this.cutAfter(c)) continue;
        const a = r * columns + c;
        const b = r * columns + ((c + 1) % columns);
        const d = a + columns;
        const e = b + columns;
        const f1 = new J.SoftBodySharedSettingsFace(a, d, b, 0);
        const f2 = new J.SoftBodySharedSettingsFace(b, d, e, 0);
        shared.AddFace(f1);
        shared.AddFace(f2);
        J.destroy(f1);
        J.destroy(f2);
      }
    }
    // Woven fabric barely stretches under its own weight (edge compliance 0); shear and bending from the fabric's
    // rigidities (compliance = 1 / stiffness); the long-range attachments keep every vertex within its rest
    // distance of the pins, whatever the solver's iterations.
    const attr = new J.SoftBodySharedSettingsVertexAttributes();
    attr.mCompliance = 0;
    const shearStiffnessNPerM = Math.min(2 * SHEAR_RIGIDITY_N_PER_M, meshShearStiffnessNPerM(Math.sqrt(cellAreaM2)));
    attr.mShearCompliance = 1 / shearStiffnessNPerM;
    attr.mBendCompliance = 1 / Math.max(BENDING_RIGIDITY_N_M, meshBendingRigidityNm(Math.sqrt(cellAreaM2)));
    attr.mLRAType = J.SoftBodySharedSettings_ELRAType_EuclideanDistance;
    attr.mLRAMaxDistanceMultiplier = 1.02;
    shared.CreateConstraints(attr, 1, J.SoftBodySharedSettings_EBendType_Dihedral);
    J.destroy(attr);
    shared.Optimize();
    const creation = new J.SoftBodyCreationSettings(shared, this.pos, this.rot, LAYER_CLOTH);
    // Vertices stay in the world frame: the soft body never moves its own origin.
    creation.mUpdatePosition = false;
    creation.mAllowSleeping = false;
    creation.mLinearDamping = this.air === 'linear' ? AIR_DAMPING_PER_S : 0;
    creation.mVertexRadius = VERTEX_RADIUS_M;
    creation.mFriction = BODY_FRICTION;
    creation.mNumIterations = 5;
    const soft = this.bodies.CreateSoftBody(creation);
    J.destroy(creation);
    this.softId = soft.GetID();
    this.bodies.AddBody(this.softId, J.EActivation_Activate);
    this.vertices = J.castObject(soft.GetMotionProperties(), J.SoftBodyMotionProperties).GetVertices();
    // The vertices' memory, read and written as floats in Jolt's heap (a wrapper object per vertex and field per
    // step cost more than the solver): where vertex 0 is, the stride, and the offsets of its position and velocity
    // (Vec3 is four floats: x, y, z and z again for SIMD).
    const v0 = this.vertices.at(0);
    const base = J.getPointer(v0);
    this.vertexBase = base;
    this.vertexStride = J.getPointer(this.vertices.at(1)) - base;
    this.positionOffset = J.getPointer(v0.mPosition) - base;
    this.velocityOffset = J.getPointer(v0.mVelocity) - base;
    this.previousOffset = J.getPointer(v0.mPreviousPosition) - base;
    const invMassPerKg = new Float32Array(n);
    for (let i = 0; i < n; i++) invMassPerKg[i] = this.held[i] ? 0 : invMass;
    this.vertexKg = 1 / invMass;
    this.gravity = [...spec.gravity];
    this.yarnFriction = new YarnFriction({
      columns,
      rows,
      closed: spec.closed,
      panelColumns: this.panelColumns,
      restM: this.rest,
      invMassPerKg,
      bendFrictionNmPerM: BEND_HYSTERESIS_NM_PER_M,
      shearFrictionNPerM: SHEAR_HYSTERESIS_N_PER_M * (shearStiffnessNPerM / (2 * SHEAR_RIGIDITY_N_PER_M)),
    });
    this.memory = { base, stride: this.vertexStride, position: this.positionOffset, velocity: this.velocityOffset };
    this.airDrag = new AirDrag({ columns, rows, closed: spec.closed, panelColumns: this.panelColumns, invMassPerKg });
  }

  /**
   * Moves the body to `input` and advances the cloth to its time in fixed {@link STEP_S} steps (pins and capsules
   * interpolated from the previous input); then `positionsM`, `offsetsM` and `report` hold the result.
   */
  step(input: HemInput): HemStepReport {
    const { columns } = this;
    const dtS = input.timeS - this.lastTimeS;
    const report = this.report;
    report.steps = 0;
    report.reset = false;
    report.exploded = false;
    let jump = !(dtS > 0 && dtS <= MAX_GAP_S);
    if (!jump) {
      const maxMoveM = MAX_PIN_SPEED_M_PER_S * dtS + PIN_NOISE_M;
      for (let c = 0; c < columns && !jump; c++) {
        const dx = input.pinsM[3 * c]! - this.prevPins[3 * c]!;
        const dy = input.pinsM[3 * c + 1]! - this.prevPins[3 * c + 1]!;
        const dz = input.pinsM[3 * c + 2]! - this.prevPins[3 * c + 2]!;
        if (!(dx * dx + dy * dy + dz * dz <= maxMoveM * maxMoveM)) jump = true;
      }
    }
    this.lastTimeS = input.timeS;
    // The body, low-passed (restarted on a jump) into pinsNow, capsulesNow and axes.
    const k = jump ? 1 : 1 - Math.exp(-2 * Math.PI * BODY_BANDWIDTH_HZ * dtS);
    follow(this.pinsLow, this.pinsNow, input.pinsM, k);
    follow(this.capsulesLow, this.capsulesNow, input.capsulesM, k);
    follow(this.axesLow, this.axes, input.axes ?? IDENTITY, k);
    orthonormalise(this.axes);
    this.prevCarried.set(this.carried);
    this.carryRest();
    if (jump) {
      this.prevCarried.set(this.carried);
      this.carriedVel.fill(0);
      this.reset();
      if (!this.settled) this.settle();
    } else {
      for (let i = 0; i < this.carried.length; i++) this.carriedVel[i] = (this.carried[i]! - this.prevCarried[i]!) / dtS;
      this.carryS = Math.min(this.carryS + dtS, MAX_STEPS_PER_INPUT * STEP_S);
      const steps = Math.floor(this.carryS / STEP_S + 1e-6);
      this.carryS -= steps * STEP_S;
      for (let s = 1; s <= steps; s++) {
        // The body at the end of this fixed step, between the previous input and this one.
        this.placeBody(1 - ((steps - s) * STEP_S) / dtS, STEP_S, false);
        this.solverStep();
      }
      report.steps = steps;
      if (!this.readBack()) {
        this.explosions++;
        report.exploded = true;
        this.reset();
      }
    }
    this.prevPins.set(input.pinsM as ArrayLike<number>);
    this.prevFiltered.set(this.pinsNow);
    this.prevCapsules.set(this.capsulesNow);
    return report;
  }

  /** One fixed step of Jolt's solver, then the yarns' friction on the velocities it left. */
  private solverStep(): void {
    const heap = this.J.HEAPF32;
    // Jolt's damping scales each velocity by 1 − k·dt in the step: it takes k·dt·(2 − k·dt)/2 of Σ m·v².
    if (this.measureAir && this.air === 'linear') this.linearAirJ += this.airDrag.twiceKinetic(heap) * (AIR_DAMPING_PER_S * STEP_S) * (1 - (AIR_DAMPING_PER_S * STEP_S) / 2);
    this.jolt.Step(STEP_S, 1);
    if (this.air === 'plate' || this.measureAir) this.airDrag.apply(heap, this.memory, STEP_S, this.air !== 'plate');
    if (this.withYarnFriction) this.yarnFriction.apply(this.J.HEAPF32, this.memory, STEP_S, this.carried, this.carriedVel);
  }

  /**
   * The free cloth's kinetic plus gravitational energy, J, up to a constant (measurements only: with the body still,
   * its fall over a while is what the air, the friction and the solver took).
   */
  mechanicalEnergyJ(): number {
    const [gx, gy, gz] = this.gravity;
    let height = 0;
    for (let i = 0; i < this.held.length; i++) {
      if (this.held[i]) continue;
      height -= gx * this.positionsM[3 * i]! + gy * this.positionsM[3 * i + 1]! + gz * this.positionsM[3 * i + 2]!;
    }
    return this.airDrag.twiceKinetic(this.J.HEAPF32) / 2 + this.vertexKg * height;
  }

  /** Frees the Jolt world (the cloth and its capsules). */
  dispose(): void {
    for (const id of [this.softId, ...this.capsuleIds]) {
      this.bodies.RemoveBody(id);
      this.bodies.DestroyBody(id);
    }
    this.J.destroy(this.jolt);
    this.J.destroy(this.pos);
    this.J.destroy(this.rot);
  }

  /** The cloth on its rest shape carried by this input's pins, still; capsules teleported. */
  private reset(): void {
    this.report.reset = true;
    this.carryS = 0;
    this.prevFiltered.set(this.pinsNow);
    this.prevCapsules.set(this.capsulesNow);
    this.placeBody(1, 0, true);
    const { columns } = this;
    const heap = this.J.HEAPF32;
    for (let i = 0; i < columns * this.rows; i++) {
      const c = i % columns;
      const x = this.pinsNow[3 * c]! + this.carried[3 * i]!;
      const y = this.pinsNow[3 * c + 1]! + this.carried[3 * i + 1]!;
      const z = this.pinsNow[3 * c + 2]! + this.carried[3 * i + 2]!;
      this.writeVec3(heap, i, this.positionOffset, x, y, z);
      this.writeVec3(heap, i, this.previousOffset, x, y, z);
      this.writeVec3(heap, i, this.velocityOffset, 0, 0, 0);
    }
    this.readBack();
  }

  /**
   * The shape a garment's maker draws is not quite the shape cloth hangs in (a flared hem falls in a little): the
   * first time, the cloth hangs still under the pins for {@link SETTLE_S} and that hang becomes its rest shape, so
   * the offsets are motion only, not a constant correction of the garment's picture.
   */
  private settle(): void {
    const { columns, rest, axes } = this;
    for (let s = 0; s < Math.round(SETTLE_S / STEP_S); s++) {
      this.placeBody(1, STEP_S, false);
      this.solverStep();
    }
    this.readBack();
    for (let i = columns; i < rest.length / 3; i++) {
      const c = i % columns;
      const dx = this.positionsM[3 * i]! - this.pinsNow[3 * c]!;
      const dy = this.positionsM[3 * i + 1]! - this.pinsNow[3 * c + 1]!;
      const dz = this.positionsM[3 * i + 2]! - this.pinsNow[3 * c + 2]!;
      // Back into the rest frame: the axes are orthonormal, so the inverse is the transpose.
      rest[3 * i] = rest[3 * c]! + axes[0]! * dx + axes[1]! * dy + axes[2]! * dz;
      rest[3 * i + 1] = rest[3 * c + 1]! + axes[3]! * dx + axes[4]! * dy + axes[5]! * dz;
      rest[3 * i + 2] = rest[3 * c + 2]! + axes[6]! * dx + axes[7]! * dy + axes[8]! * dz;
    }
    this.settled = true;
    this.carryRest();
    this.reset();
  }

  /**
   * Puts pins and capsules at fraction `t` from the previous input to this one. `dtS` > 0 moves the capsules
   * kinematically (their velocity pushes the cloth); `teleport` places them.
   */
  private placeBody(t: number, dtS: number, teleport: boolean): void {
    const { J, columns } = this;
    const lerp = (a: Float32Array, b: Float32Array, i: number): number => a[i]! + (b[i]! - a[i]!) * t;
    const heap = J.HEAPF32;
    for (let c = 0; c < columns; c++) {
      const x = lerp(this.prevFiltered, this.pinsNow, 3 * c);
      const y = lerp(this.prevFiltered, this.pinsNow, 3 * c + 1);
      const z = lerp(this.prevFiltered, this.pinsNow, 3 * c + 2);
      this.moveHeld(heap, c, x, y, z, dtS);
    }
    // Held vertices below the pins (a side seam): their column's pin plus their rest offset as the body holds it now.
    for (let i = columns; i < this.held.length; i++) {
      if (!this.held[i]) continue;
      const c = i % columns;
      const x = lerp(this.prevFiltered, this.pinsNow, 3 * c) + lerp(this.prevCarried, this.carried, 3 * i);
      const y = lerp(this.prevFiltered, this.pinsNow, 3 * c + 1) + lerp(this.prevCarried, this.carried, 3 * i + 1);
      const z = lerp(this.prevFiltered, this.pinsNow, 3 * c + 2) + lerp(this.prevCarried, this.carried, 3 * i + 2);
      this.moveHeld(heap, i, x, y, z, dtS);
    }
    const count = this.capsuleShapeM.length / 2;
    for (let k = 0; k < count; k++) {
      const o = 7 * k;
      const ax = lerp(this.prevCapsules, this.capsulesNow, o);
      const ay = lerp(this.prevCapsules, this.capsulesNow, o + 1);
      const az = lerp(this.prevCapsules, this.capsulesNow, o + 2);
      let dx = lerp(this.prevCapsules, this.capsulesNow, o + 3) - ax;
      let dy = lerp(this.prevCapsules, this.capsulesNow, o + 4) - ay;
      let dz = lerp(this.prevCapsules, this.capsulesNow, o + 5) - az;
      const radiusM = Math.max(0.01, this.capsulesNow[o + 6]!);
      const lengthM = Math.hypot(dx, dy, dz);
      const halfM = Math.max(0.005, lengthM / 2);
      this.ensureCapsule(k, halfM, radiusM);
      this.pos.Set(ax + dx / 2, ay + dy / 2, az + dz / 2);
      // Jolt's capsule lies along +y: the shortest rotation from +y onto the limb.
      if (lengthM > 1e-6) {
        dx /= lengthM;
        dy /= lengthM;
        dz /= lengthM;
      } else {
        dx = 0;
        dy = 1;
        dz = 0;
      }
      if (dy < -0.9999) this.rot.Set(1, 0, 0, 0);
      else {
        const w = 1 + dy;
        const norm = Math.hypot(dz, dx, w);
        this.rot.Set(dz / norm, 0, -dx / norm, w / norm);
      }
      if (teleport || dtS <= 0) this.bodies.SetPositionAndRotation(this.capsuleIds[k]!, this.pos, this.rot, J.EActivation_Activate);
      else this.bodies.MoveKinematic(this.capsuleIds[k]!, this.pos, this.rot, dtS);
    }
  }

  /**
   * Moves held vertex `i` to (x, y, z) by the end of a step of `dtS` (> 0), or puts it there (`dtS` 0). Jolt moves a
   * kinematic vertex by its velocity during the step, so it gets the velocity that takes it there and keeps its
   * position (writing both would put it a step ahead of the body, and the cloth would lead the pins it hangs from).
   */
  private moveHeld(heap: Float32Array, i: number, x: number, y: number, z: number, dtS: number): void {
    if (dtS > 0) {
      const p = (this.vertexBase + i * this.vertexStride + this.positionOffset) >> 2;
      this.writeVec3(heap, i, this.velocityOffset, (x - heap[p]!) / dtS, (y - heap[p + 1]!) / dtS, (z - heap[p + 2]!) / dtS);
      return;
    }
    this.writeVec3(heap, i, this.velocityOffset, 0, 0, 0);
    this.writeVec3(heap, i, this.positionOffset, x, y, z);
  }

  /** Makes capsule `k` (or remakes its shape when the limb's length or radius changed by more than 5 mm). */
  private ensureCapsule(k: number, halfM: number, radiusM: number): void {
    const { J } = this;
    const id = this.capsuleIds[k];
    if (id && Math.abs(this.capsuleShapeM[2 * k]! - halfM) < 0.005 && Math.abs(this.capsuleShapeM[2 * k + 1]! - radiusM) < 0.005) return;
    this.capsuleShapeM[2 * k] = halfM;
    this.capsuleShapeM[2 * k + 1] = radiusM;
    const shape = new J.CapsuleShape(halfM, radiusM);
    if (id) {
      this.bodies.SetShape(id, shape, false, J.EActivation_Activate);
      return;
    }
    const settings = new J.BodyCreationSettings(shape, this.pos, this.rot, J.EMotionType_Kinematic, LAYER_BODY);
    settings.mFriction = BODY_FRICTION;
    const body = this.bodies.CreateBody(settings);
    J.destroy(settings);
    this.capsuleIds[k] = body.GetID();
    this.bodies.AddBody(body.GetID(), J.EActivation_Activate);
  }

  /** Copies the cloth out and its offsets from the carried rest; false on a NaN or an over-stretched vertex. */
  private readBack(): boolean {
    const { columns } = this;
    const n = this.columns * this.rows;
    let ok = true;
    const heap = this.J.HEAPF32;
    for (let i = 0; i < n; i++) {
      const p = (this.vertexBase + i * this.vertexStride + this.positionOffset) >> 2;
      const c = i % columns;
      const x = heap[p]!;
      const y = heap[p + 1]!;
      const z = heap[p + 2]!;
      this.positionsM[3 * i] = x;
      this.positionsM[3 * i + 1] = y;
      this.positionsM[3 * i + 2] = z;
      const px = this.pinsNow[3 * c]!;
      const py = this.pinsNow[3 * c + 1]!;
      const pz = this.pinsNow[3 * c + 2]!;
      this.offsetsM[3 * i] = x - (px + this.carried[3 * i]!);
      this.offsetsM[3 * i + 1] = y - (py + this.carried[3 * i + 1]!);
      this.offsetsM[3 * i + 2] = z - (pz + this.carried[3 * i + 2]!);
      const reachM = MAX_STRETCH * this.columnLengthM[c]! + VERTEX_RADIUS_M;
      const d2 = (x - px) ** 2 + (y - py) ** 2 + (z - pz) ** 2;
      if (!(d2 <= reachM * reachM)) ok = false;
    }
    return ok;
  }

  /** Each vertex's rest offset from its pin, turned into this input's pin frame. */
  private carryRest(): void {
    const { columns, rest, axes, carried } = this;
    for (let i = 0; i < carried.length / 3; i++) {
      const c = i % columns;
      const dx = rest[3 * i]! - rest[3 * c]!;
      const dy = rest[3 * i + 1]! - rest[3 * c + 1]!;
      const dz = rest[3 * i + 2]! - rest[3 * c + 2]!;
      carried[3 * i] = axes[0]! * dx + axes[3]! * dy + axes[6]! * dz;
      carried[3 * i + 1] = axes[1]! * dx + axes[4]! * dy + axes[7]! * dz;
      carried[3 * i + 2] = axes[2]! * dx + axes[5]! * dy + axes[8]! * dz;
    }
  }

  /** Writes a Vec3 field (byte `offset` in the vertex) of vertex `i` in Jolt's heap (w = z, as Jolt keeps it). */
  private writeVec3(heap: Float32Array, i: number, offset: number, x: number, y: number, z: number): void {
    const p = (this.vertexBase + i * this.vertexStride + offset) >> 2;
    heap[p] = x;
    heap[p + 1] = y;
    heap[p + 2] = z;
    heap[p + 3] = z;
  }

  private restDistance(i: number, j: number): number {
    const r = this.rest;
    return Math.hypot(r[3 * i]! - r[3 * j]!, r[3 * i + 1]! - r[3 * j + 1]!, r[3 * i + 2]! - r[3 * j + 2]!);
  }

  /** No cloth joins column `c` to the next: it is the last of a panel. */
  private cutAfter(c: number, panelColumns = this.panelColumns): boolean {
    return panelColumns > 0 && (c + 1) % panelColumns === 0;
  }

  /** Mean rest area of the cloth per vertex, m² (sum of quad areas over the free vertices). */
  private meanCellAreaM2(closed: boolean, panelColumns: number): number {
    const { columns, rows } = this;
    let area = 0;
    const across = closed ? columns : columns - 1;
    for (let r = 0; r + 1 < rows; r++) {
      for (let c = 0; c < across; c++) {
        if (this.cutAfter(c, panelColumns)) continue;
        const a = r * columns + c;
        const b = r * columns + ((c + 1) % columns);
        area += this.restDistance(a, b) * this.restDistance(a, a + columns);
      }
    }
    return area / (columns * (rows - 1));
  }
}
