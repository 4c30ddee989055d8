/**
 * The loopback HTTP server `atelier tryon`'s render page talks to: the built renderer (the page and its chunks),
 * the catalog's garment assets by sha256 (as the web shell serves them), the frames to render and the pictures
 * rendered, all as raw bytes.
 */
import fs from 'node:fs';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import { isSha256, WEB_ASSET_PATH } from '../../shared/asset-url';
import { TRYON_FRAME_PATH, TRYON_RESULT_PATH } from '../../shared/tryon';
import type { Catalog } from '../../core/catalog/catalog';
import { securityHeaders } from '../../web/security-headers';

export class RenderServer {
  /** Encoded frames waiting for the page (taken on GET). */
  private readonly frames = new Map<number, ArrayBuffer>();
  /** Results posted by the page (taken by the CLI). */
  private readonly results = new Map<number, Buffer>();

  private constructor(
    private readonly app: FastifyInstance,
    /** `http://127.0.0.1:<port>/` */
    readonly url: string,
  ) {}

  /**
   * Serves `rendererDir` and the catalog's assets on 127.0.0.1 (a free port).
   * @param resultBytes size of one posted result (composite + coverage); larger bodies are refused.
   */
  static async start(rendererDir: string, catalog: Catalog, resultBytes: number): Promise<RenderServer> {
    const app = Fastify({ logger: false, bodyLimit: resultBytes + 1024 });
    // The mirror's own headers, its CSP first: the page renders under the policy the shopper's mirror runs under, so
    // what the policy blocks there (a GLB's embedded textures once were: a white navy tee) is blocked here too.
    app.addHook('onSend', securityHeaders());
    let server: RenderServer | null = null;
    app.addContentTypeParser('application/octet-stream', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    app.get<{ Params: { sha: string } }>(`/${WEB_ASSET_PATH}:sha`, async (req, reply) => {
      const { sha } = req.params;
      const ref = isSha256(sha) ? catalog.asset(sha) : null;
      const file = ref ? catalog.assets.pathOf(sha) : null;
      if (!ref || !file || !fs.existsSync(file)) return reply.code(404).send({ error: 'no such asset' });
      reply.type(ref.mime);
      return reply.send(fs.createReadStream(file));
    });
    app.get<{ Params: { i: string } }>(`${TRYON_FRAME_PATH}:i`, async (req, reply) => {
      const i = Number(req.params.i);
      const frame = server?.frames.get(i);
      if (!frame) return reply.code(404).send({ error: `no frame ${req.params.i}` });
      server!.frames.delete(i);
      reply.type('application/octet-stream');
      return reply.send(Buffer.from(frame));
    });
    app.post<{ Params: { i: string }; Body: Buffer }>(`${TRYON_RESULT_PATH}:i`, async (req, reply) => {
      if (!Buffer.isBuffer(req.body) || req.body.length !== resultBytes) return reply.code(400).send({ error: `expected ${resultBytes} bytes` });
      server!.results.set(Number(req.params.i), req.body);
      return reply.code(204).send();
    });
    await app.register(fastifyStatic, { root: rendererDir, cacheControl: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const addr = app.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    server = new RenderServer(app, `http://127.0.0.1:${port}/`);
    return server;
  }

  /** Offers frame `i` to the page (the buffer is handed over). */
  putFrame(i: number, encoded: ArrayBuffer): void {
    this.frames.set(i, encoded);
  }

  /** The pictures the page posted for frame `i` (handed over to the caller). */
  takeResult(i: number): Buffer {
    const r = this.results.get(i);
    if (!r) throw new Error(`the render page posted no result for frame ${i}`);
    this.results.delete(i);
    return r;
  }

  async close(): Promise<void> {
    await this.app.close();
  }
}
