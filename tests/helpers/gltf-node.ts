import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import * as THREE from 'three';
import { GLTFLoader, type GLTF } from 'three/examples/jsm/loaders/GLTFLoader.js';

/**
 * Parses a GLB in Node as the mirror's loader does in the page (three.js's GLTFLoader), its PNG/JPEG textures (a demo
 * garment's fold map) decoded with sharp into data textures: the loader's own image path needs the browser's
 * `self`, `document` and image decoding, which Node has none of.
 */
export async function parseGlbInNode(glb: Uint8Array): Promise<GLTF> {
  const loader = new GLTFLoader().register((parser) => ({
    name: 'atelier_node_images',
    async loadTexture(index: number): Promise<THREE.Texture> {
      const json = parser.json as { textures: Array<{ source: number }>; images: Array<{ bufferView: number }> };
      const image = json.images[json.textures[index]!.source]!;
      const view = (await parser.getDependency('bufferView', image.bufferView)) as ArrayBuffer;
      const { data, info } = await sharp(new Uint8Array(view)).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
      const texture = new THREE.DataTexture(new Uint8Array(data), info.width, info.height, THREE.RGBAFormat);
      texture.needsUpdate = true;
      return texture;
    },
  }));
  return loader.parseAsync(glb.buffer.slice(glb.byteOffset, glb.byteOffset + glb.byteLength) as ArrayBuffer, '');
}

const DEMO_GARMENTS = path.resolve(import.meta.dirname, '../../assets/generated/garments');

/** A demo garment's GLB (`<id>.glb`, built by `atelier demo build`), parsed as the mirror's loader parses it. */
export async function demoGlb(id: string): Promise<{ id: string; scene: THREE.Group }> {
  const file = path.join(DEMO_GARMENTS, `${id}.glb`);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run "atelier demo build" (npm ci does) first`);
  return { id, scene: (await parseGlbInNode(fs.readFileSync(file))).scene };
}
