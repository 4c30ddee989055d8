import * as THREE from 'three';
import { addNeckEdge, BOTTOM_SAMPLES, CLOTH_SAMPLES, createOcclusionRegions, OUTLINE_BLEND_DIRECTIONS, OUTLINE_BLEND_MIN_CONTRAST, OUTLINE_BLEND_OFF_LINE, OUTLINE_BLEND_REACH_PX, KEY_FEATHER_PX, KEY_GRADIENT_STEP_PX, KEY_GUIDE_EPSILON, KEY_GUIDE_LUMA, KEY_GUIDE_SAMPLES, KEY_TIE_MARGIN, NECK_EDGE_SAMPLES, OWN_TOP_MARGIN_RGB, OWN_TOP_PATH_MIN_TOP, OWN_TOP_PATH_SAMPLES, OWN_TOP_VOTE_SAMPLES, FACE_SAMPLES, KEY_CHROMA_GLSL, PERSON_MASK_SOFT, KEY_MARGIN_CHROMA, NOT_CLOTH_CHROMA, occlusionRegions, SAMPLE_COUNT, SKIN_LIKE_GLSL, SKIN_SAMPLES, type OcclusionChoice, type OcclusionRegions } from './occlusion-regions';
import { overlayMesh } from './overlay-mesh';
import { PERSON_MASK_GLSL, type PersonMaskTexture } from './person-mask-texture';

// The camera picture and the person mask, read by both shaders: a picture's colour at a camera pixel, and whether it is
// on the person.
const PICTURE_GLSL = /* glsl */ `
  uniform sampler2D videoMap;
  ${PERSON_MASK_GLSL}
  uniform vec2 frameSizePx;
  vec3 videoAt(vec2 px) {
    vec2 uv = px / frameSizePx;
    return texture2D(videoMap, vec2(uv.x, 1.0 - uv.y)).rgb;
  }
  // A camera pixel inside the frame where the person mask says "person": an own-bottom sample off the picture (the
  // thighs below its edge, a shopper seen from the waist up) or off the person is no reference for their bottom.
  bool seenOnPerson(vec2 px) {
    if (px.x < 0.0 || px.y < 0.0 || px.x >= frameSizePx.x || px.y >= frameSizePx.y) return false;
    return personMaskAt(px / frameSizePx) >= 0.5;
  }
`;

// The key's references — each hand's skin, the face's, the shopper's own cloth unlike each, and (own-top region) their
// top's and bottom's colours — are the same for every fragment of a frame: the vertex shader reads them once a vertex
// (four a frame) and hands them on as flat varyings. Read per fragment they were 8 of the arms' key's ~50 picture reads a
// fragment, and their chromaticities were taken again in every comparison (docs/garment-2d.md, the occluder's cost).
const REFERENCE_VARYINGS = /* glsl */ `
  varying vec2 vFramePx;
  flat varying vec3 vHandSkin0;
  flat varying vec3 vHandSkin1;
  flat varying vec3 vFaceSkin;
  flat varying vec3 vCloth0;
  flat varying vec3 vCloth1;
  flat varying vec3 vClothFace;
  // Whether each hand is seen (its skin found): 1 or 0.
  flat varying vec2 vHandsSeen;
  #ifdef OWN_TOP
  flat varying vec3 vOwnTop0;
  flat varying vec3 vOwnTop1;
  flat varying vec3 vOwnTop2;
  flat varying vec3 vOwnTop3;
  flat varying vec3 vOwnBottom0;
  flat varying vec3 vOwnBottom1;
  flat varying vec2 vOwnBottomSeen;
  #endif
`;
const vertexShader = /* glsl */ `
  ${PICTURE_GLSL}
  uniform vec2 samplesPx[${SAMPLE_COUNT}];
  ${REFERENCE_VARYINGS}
  vec3 chromaOf(vec3 c) { return c / max(c.r + c.g + c.b, 1e-3); }
  ${KEY_CHROMA_GLSL}
  float saturationOf(vec3 c) { vec3 k = chromaOf(c); return max(k.r, max(k.g, k.b)) - min(k.r, min(k.g, k.b)); }
  // The most saturated of \`count\` samples from \`first\` (a landmark a little off the skin samples greyer cloth).
  vec3 skinOf(int first, int count) {
    vec3 best = videoAt(samplesPx[first]);
    for (int i = 1; i < ${Math.max(SKIN_SAMPLES, FACE_SAMPLES)}; i++) {
      if (i >= count) break;
      vec3 c = videoAt(samplesPx[first + i]);
      if (saturationOf(c) > saturationOf(best)) best = c;
    }
    return best;
  }
  // Can a colour be skin: red leads green and blue (isSkinLike).
  ${SKIN_LIKE_GLSL}
  // A hand's skin (keyReferences): the most saturated of its samples that can be skin; false where none can (the
  // hand is not seen: nothing of its region is in front).
  bool handSkinOf(int first, out vec3 skin) {
    bool found = false;
    skin = videoAt(samplesPx[first]);
    for (int i = 0; i < ${SKIN_SAMPLES}; i++) {
      vec3 c = videoAt(samplesPx[first + i]);
      if (!skinLike(c)) continue;
      if (!found || saturationOf(c) > saturationOf(skin)) skin = c;
      found = true;
    }
    return found;
  }
  // The torso sample least like the skin: the shopper's own clothing (an arm in front covers some samples, not all).
  vec3 clothUnlike(vec3 skin) {
    vec3 best = videoAt(samplesPx[${2 * SKIN_SAMPLES + FACE_SAMPLES}]);
    for (int i = 1; i < ${CLOTH_SAMPLES}; i++) {
      vec3 c = videoAt(samplesPx[${2 * SKIN_SAMPLES + FACE_SAMPLES} + i]);
      if (distance(keyChromaOf(c), keyChromaOf(skin)) > distance(keyChromaOf(best), keyChromaOf(skin))) best = c;
    }
    return best;
  }
  void main() {
    vFramePx = position.xy;
    vec3 skin0;
    vec3 skin1;
    vHandsSeen = vec2(handSkinOf(0, skin0) ? 1.0 : 0.0, handSkinOf(${SKIN_SAMPLES}, skin1) ? 1.0 : 0.0);
    vHandSkin0 = skin0;
    vHandSkin1 = skin1;
    vFaceSkin = skinOf(${2 * SKIN_SAMPLES}, ${FACE_SAMPLES});
    vCloth0 = clothUnlike(skin0);
    vCloth1 = clothUnlike(skin1);
    vClothFace = clothUnlike(vFaceSkin);
    #ifdef OWN_TOP
    vOwnTop0 = videoAt(samplesPx[${2 * SKIN_SAMPLES + FACE_SAMPLES}]);
    vOwnTop1 = videoAt(samplesPx[${2 * SKIN_SAMPLES + FACE_SAMPLES + 1}]);
    vOwnTop2 = videoAt(samplesPx[${2 * SKIN_SAMPLES + FACE_SAMPLES + 2}]);
    vOwnTop3 = videoAt(samplesPx[${2 * SKIN_SAMPLES + FACE_SAMPLES + 3}]);
    vec2 bottom0 = samplesPx[${2 * SKIN_SAMPLES + FACE_SAMPLES + CLOTH_SAMPLES}];
    vec2 bottom1 = samplesPx[${2 * SKIN_SAMPLES + FACE_SAMPLES + CLOTH_SAMPLES + 1}];
    vOwnBottom0 = videoAt(bottom0);
    vOwnBottom1 = videoAt(bottom1);
    vOwnBottomSeen = vec2(seenOnPerson(bottom0) ? 1.0 : 0.0, seenOnPerson(bottom1) ? 1.0 : 0.0);
    #endif
    gl_Position = projectionMatrix * modelViewMatrix * vec4(position, 1.0);
  }
`;
// Inside a region and on the person: the camera picture, exactly as the background draws it (same texture, same
// colour handling), so what shows is the shopper's real arm or hair, painted over the garment — keyed by colour
// (occlusionKeyWeight in occlusion-regions.ts, the same rule): the hand's silhouette, not the shirt round it.
const fragmentShader = /* glsl */ `
  ${PICTURE_GLSL}
  uniform vec4 capsules[4];
  uniform float radiiPx[4];
  uniform vec4 head;
  uniform float headBottomPx;
  uniform float neckEdgeYPx[${NECK_EDGE_SAMPLES}];
  uniform vec4 chin;
  uniform vec4 neckAxisPx;
  uniform vec3 neckHalfWidthPx;
  uniform float neckSoftPx;
  uniform float edgeSoftPx;
  uniform float mouthYPx;
  // The own-top region (compiled in with OWN_TOP): the hip line's centre (xy) and its unit normal towards the shoulders (zw).
  uniform vec4 ownTop;
  // How far above the hip line it reaches (OcclusionRegions.ownTopReachPx): the bottoms drawn under it.
  uniform float ownTopReachPx;
  uniform float ownTopVoteRadiusPx;
  uniform float armVoteRadiusPx;
  uniform bool outlineBlends;
  // The arms' and chin's key draws where its alpha exceeds this (OccluderLayer.inFrontFromAlpha).
  uniform float inFrontFromAlpha;
  ${REFERENCE_VARYINGS}
  float segmentDistance(vec2 p, vec2 a, vec2 b) {
    vec2 ab = b - a;
    float t = clamp(dot(p - a, ab) / max(dot(ab, ab), 1e-6), 0.0, 1.0);
    return length(p - a - t * ab);
  }
  // The head region's lowest line at x (headBottomAt): the worn garments' neck edge where one runs there.
  float headBottomAt(float x) {
    float f = clamp((x - (head.x - head.z)) / (2.0 * head.z) * ${NECK_EDGE_SAMPLES - 1}.0, 0.0, ${NECK_EDGE_SAMPLES - 1}.0);
    int j = min(${NECK_EDGE_SAMPLES - 2}, int(floor(f)));
    float a = -1.0;
    float b = -1.0;
    // Past the end of a garment's edge its end holds: the nearest sample that is set.
    float end = -1.0;
    float endDistance = 1e9;
    for (int i = 0; i < ${NECK_EDGE_SAMPLES}; i++) {
      float y = neckEdgeYPx[i];
      if (i == j) a = y;
      if (i == j + 1) b = y;
      if (y >= 0.0 && abs(float(i) - f) < endDistance) {
        endDistance = abs(float(i) - f);
        end = y;
      }
    }
    if (a < 0.0 && b >= 0.0) a = b;
    else if (b < 0.0 && a >= 0.0) b = a;
    else if (a < 0.0 && b < 0.0) {
      if (end < 0.0) return headBottomPx;
      a = end;
      b = end;
    }
    return max(mouthYPx, mix(a, b, f - float(j)));
  }
  // The neck's half-width at y (neckHalfWidthAt): the jaw's at the mouth line, the neck's under the chin, its base's
  // at the shoulder line.
  float neckHalfWidthAt(float y) {
    float top = neckAxisPx.y;
    float chinY = max(top + 1.0, chin.y + chin.w);
    float base = max(chinY + 1.0, neckAxisPx.w);
    if (y <= chinY) return mix(neckHalfWidthPx.x, neckHalfWidthPx.y, max(0.0, (y - top) / (chinY - top)));
    return mix(neckHalfWidthPx.y, neckHalfWidthPx.z, min(1.0, (y - chinY) / (base - chinY)));
  }
  // The key's chromaticity, grey as a colour darkens into its noise (keyChromaDistance). The references' (skin,
  // cloth) are taken once a fragment and passed on as skinK / clothK.
  ${KEY_CHROMA_GLSL}
  #ifdef OWN_TOP
  // The own top's and bottom's references and their key chromaticities, once a fragment (the key compares some 25
  // picture samples a fragment with every one of them).
  vec3 ownTopRefs[${CLOTH_SAMPLES}];
  vec3 ownTopK[${CLOTH_SAMPLES}];
  vec3 ownBottomRefs[${BOTTOM_SAMPLES}];
  vec3 ownBottomK[${BOTTOM_SAMPLES}];
  bool ownBottomSeen[${BOTTOM_SAMPLES}];
  void loadOwnTopRefs() {
    ownTopRefs[0] = vOwnTop0;
    ownTopRefs[1] = vOwnTop1;
    ownTopRefs[2] = vOwnTop2;
    ownTopRefs[3] = vOwnTop3;
    ownBottomRefs[0] = vOwnBottom0;
    ownBottomRefs[1] = vOwnBottom1;
    ownBottomSeen[0] = vOwnBottomSeen.x > 0.5;
    ownBottomSeen[1] = vOwnBottomSeen.y > 0.5;
    for (int i = 0; i < ${CLOTH_SAMPLES}; i++) ownTopK[i] = keyChromaOf(ownTopRefs[i]);
    for (int i = 0; i < ${BOTTOM_SAMPLES}; i++) ownBottomK[i] = keyChromaOf(ownBottomRefs[i]);
  }
  // The own bottom's samples seen on the person: the pixel's least RGB distance to one into toBottom, its least chroma
  // distance (pixelK: the pixel's) into toCloths (both only lowered).
  void nearestBottom(vec3 pixel, vec3 pixelK, inout float toBottom, inout float toCloths) {
    for (int i = 0; i < ${BOTTOM_SAMPLES}; i++) {
      if (!ownBottomSeen[i]) continue;
      toBottom = min(toBottom, distance(pixel, ownBottomRefs[i]));
      toCloths = min(toCloths, distance(pixelK, ownBottomK[i]));
    }
  }
  // The own-top key for one pixel (ownTopKeyWeight): nearer their top's colour than their own bottom's, or skin, is
  // in front.
  float ownTopKey(vec3 pixel, vec3 skinK, vec3 clothK) {
    vec3 pixelK = keyChromaOf(pixel);
    float toTop = 1e3;
    for (int i = 0; i < ${CLOTH_SAMPLES}; i++) toTop = min(toTop, distance(pixel, ownTopRefs[i]));
    float toBottom = 1e3;
    float toCloths = distance(pixelK, clothK);
    nearestBottom(pixel, pixelK, toBottom, toCloths);
    float nearerSkin = smoothstep(${(-KEY_MARGIN_CHROMA).toFixed(4)}, ${KEY_MARGIN_CHROMA.toFixed(4)}, toCloths - distance(pixelK, skinK));
    return max(nearerSkin, smoothstep(${(-OWN_TOP_MARGIN_RGB).toFixed(4)}, ${OWN_TOP_MARGIN_RGB.toFixed(4)}, toBottom - toTop));
  }
  // The own top's cloth by colour alone (ownTopClothWeight): nearer their top's colour than their bottom's, not skin.
  float ownTopCloth(vec3 pixel, vec3 skinK) {
    vec3 pixelK = keyChromaOf(pixel);
    float toTop = 1e3;
    float toCloths = 1e3;
    for (int i = 0; i < ${CLOTH_SAMPLES}; i++) {
      toTop = min(toTop, distance(pixel, ownTopRefs[i]));
      toCloths = min(toCloths, distance(pixelK, ownTopK[i]));
    }
    float toBottom = 1e3;
    nearestBottom(pixel, pixelK, toBottom, toCloths);
    float nearerSkin = smoothstep(${(-KEY_MARGIN_CHROMA).toFixed(4)}, ${KEY_MARGIN_CHROMA.toFixed(4)}, toCloths - distance(pixelK, skinK));
    return smoothstep(${(-OWN_TOP_MARGIN_RGB).toFixed(4)}, ${OWN_TOP_MARGIN_RGB.toFixed(4)}, toBottom - toTop) * (1.0 - nearerSkin);
  }
  #endif
  // The hands', forearms' and chin's key for one pixel as a signed margin (occlusionKeyMargin): skin, or not the
  // torso's cloth, is in front; its weight (occlusionKeyWeight) is the margin through the soft band.
  float keyMargin(vec3 pixel, vec3 skinK, vec3 clothK) {
    vec3 pixelK = keyChromaOf(pixel);
    float toCloth = distance(pixelK, clothK);
    float nearerSkin = (toCloth - distance(pixelK, skinK)) / ${KEY_MARGIN_CHROMA.toFixed(4)};
    return max(nearerSkin, (2.0 * toCloth - ${(NOT_CLOTH_CHROMA[0] + NOT_CLOTH_CHROMA[1]).toFixed(4)}) / ${(NOT_CLOTH_CHROMA[1] - NOT_CLOTH_CHROMA[0]).toFixed(4)});
  }
  float keyWeight(vec3 pixel, vec3 skinK, vec3 clothK) { return smoothstep(-1.0, 1.0, keyMargin(pixel, skinK, clothK)); }
  // The camera's blend across the shopper's outline (isOutlineBlend, OUTLINE_BLEND_REACH_PX): a neighbour either
  // way along one direction off the person, the other on it and not skin, and the pixel's colour on their line.
  const vec2 OUTLINE_BLEND_DIRECTIONS[${OUTLINE_BLEND_DIRECTIONS.length}] = vec2[](${OUTLINE_BLEND_DIRECTIONS.map(([x, y]) => `vec2(${x.toFixed(6)}, ${y.toFixed(6)})`).join(', ')});
  bool outlineBlend(vec3 pixel, vec3 skinK, vec3 clothK) {
    for (int i = 0; i < ${OUTLINE_BLEND_DIRECTIONS.length}; i++) {
      vec2 u = ${OUTLINE_BLEND_REACH_PX.toFixed(1)} * OUTLINE_BLEND_DIRECTIONS[i];
      bool aOn = seenOnPerson(vFramePx - u);
      bool bOn = seenOnPerson(vFramePx + u);
      if (aOn == bOn) continue;
      vec3 a = videoAt(vFramePx - u);
      vec3 b = videoAt(vFramePx + u);
      if (keyWeight(aOn ? a : b, skinK, clothK) >= 0.5) continue;
      vec3 d = b - a;
      float l2 = dot(d, d);
      if (l2 < ${((OUTLINE_BLEND_MIN_CONTRAST / 255) ** 2).toFixed(6)}) continue;
      vec3 q = pixel - a;
      float t = dot(q, d) / l2;
      if (t < 0.0 || t > 1.0) continue;
      if (length(q - t * d) <= ${OUTLINE_BLEND_OFF_LINE.toFixed(4)} * sqrt(l2)) return true;
    }
    return false;
  }
  // The feathered key at a point (featheredKey): its distance to the key's 0.5 line, camera pixels, from the margin
  // and its central differences on the bilinearly sampled picture, each guided by the luma (keyLumaGuide),
  // smoothstepped across KEY_FEATHER_PX.
  float lumaOf(vec3 c) { return dot(c, vec3(${KEY_GUIDE_LUMA.map((w) => w.toFixed(4)).join(', ')})); }
  // The key's line from the luma (keyLumaGuide): margin ≈ a · luma + b over the point and its eight neighbours a
  // camera pixel away, returned as (a, b, weight); sums about the point's own luma.
  vec3 keyLumaGuide(vec2 px, vec3 skinK, vec3 clothK) {
    float y0 = lumaOf(videoAt(px));
    float sy = 0.0;
    float sm = 0.0;
    float syy = 0.0;
    float sym = 0.0;
    for (int j = -1; j <= 1; j++) {
      for (int i = -1; i <= 1; i++) {
        vec3 c = videoAt(px + vec2(float(i), float(j)));
        float y = lumaOf(c) - y0;
        float m = keyMargin(c, skinK, clothK);
        sy += y;
        sm += m;
        syy += y * y;
        sym += y * m;
      }
    }
    float meanY = sy / ${KEY_GUIDE_SAMPLES}.0;
    float meanM = sm / ${KEY_GUIDE_SAMPLES}.0;
    float varY = max(syy / ${KEY_GUIDE_SAMPLES}.0 - meanY * meanY, 0.0);
    float a = (sym / ${KEY_GUIDE_SAMPLES}.0 - meanY * meanM) / (varY + ${KEY_GUIDE_EPSILON.toExponential(4)});
    return vec3(a, meanM - a * (meanY + y0), varY / (varY + ${KEY_GUIDE_EPSILON.toExponential(4)}));
  }
  float guidedMarginAt(vec2 px, vec3 guide, vec3 skinK, vec3 clothK) {
    vec3 c = videoAt(px);
    float m = keyMargin(c, skinK, clothK);
    return m + guide.z * (guide.x * lumaOf(c) + guide.y - m);
  }
  float featheredKeyAt(vec2 px, vec3 skinK, vec3 clothK) {
    float h = ${KEY_GRADIENT_STEP_PX.toFixed(4)};
    vec3 guide = keyLumaGuide(px, skinK, clothK);
    float margin = guidedMarginAt(px, guide, skinK, clothK);
    float dx = guidedMarginAt(px + vec2(h, 0.0), guide, skinK, clothK) - guidedMarginAt(px - vec2(h, 0.0), guide, skinK, clothK);
    float dy = guidedMarginAt(px + vec2(0.0, h), guide, skinK, clothK) - guidedMarginAt(px - vec2(0.0, h), guide, skinK, clothK);
    float perPx = length(vec2(dx, dy)) / (2.0 * h);
    return smoothstep(${(-KEY_FEATHER_PX / 2).toFixed(4)}, ${(KEY_FEATHER_PX / 2).toFixed(4)}, (margin - ${KEY_TIE_MARGIN.toFixed(4)}) / max(perPx, 1e-6));
  }
  // A region's outline is a guess (a capsule round a forearm, an ellipse round the head, the hip line for a hem), so
  // its edge is soft (regionEdgeAlpha): 0.5 on the outline, across edgeSoftPx centred on it.
  float edgeAlpha(float insidePx) {
    float soft = max(edgeSoftPx, 1e-3);
    return smoothstep(-0.5 * soft, 0.5 * soft, insidePx);
  }
  // How far (camera px) a point lies inside an ellipse (ellipseInsidePx): its normalised radius's shortfall over the
  // radius's gradient, which is the distance on the outline and cheap (no root-finding) off it.
  float ellipseInside(vec2 p, vec4 e) {
    vec2 d = (p - e.xy) / e.zw;
    float l = length(d);
    float g = length(d / e.zw);
    return g > 0.0 ? (1.0 - l) * l / g : 1e6;
  }
  #ifdef OWN_TOP
  // Whether enough of the samples from the pixel to the line through the hip line's centre across dir (a unit vector)
  // are the own top's cloth (ownTopWithPath).
  bool ownTopAlong(vec2 dir, vec3 skinK) {
    float lengthPx = dot(vFramePx - ownTop.xy, dir);
    float top = 0.0;
    for (int i = 0; i < ${OWN_TOP_PATH_SAMPLES}; i++) {
      vec2 q = vFramePx - lengthPx * (float(i) + 0.5) / ${OWN_TOP_PATH_SAMPLES}.0 * dir;
      if (!seenOnPerson(q)) continue;
      top += step(0.5, ownTopCloth(videoAt(q), skinK));
      // Enough already: the rest cannot take it back.
      if (top >= ${OWN_TOP_PATH_MIN_TOP}.0) return true;
    }
    return false;
  }
  #endif
  void main() {
    // The region whose soft edge is highest here (regionAt): the first in this order where two are equal — the own
    // top, the capsules, the chin, the head. regionEdge is that edge's alpha; regionAlpha the neck's own soft edge.
    int region = -1;
    float regionEdge = 0.0;
    float regionAlpha = 1.0;
    // Above the hip line, with no garment top worn, everything of the shopper is in front of the bottom garment.
    #ifdef OWN_TOP
    float above = dot(vFramePx - ownTop.xy, ownTop.zw);
    float e = edgeAlpha(above);
    if (above <= ownTopReachPx && e > regionEdge) { region = 3; regionEdge = e; }
    #endif
    for (int i = 0; i < 4; i++) {
      if (radiiPx[i] <= 0.0) continue;
      float e = edgeAlpha(radiiPx[i] - segmentDistance(vFramePx, capsules[i].xy, capsules[i].zw));
      if (e > regionEdge) { region = i / 2; regionEdge = e; }
    }
    // The head region (headRegionAlpha): the chin below the mouth; the head ellipse above the garments' neck edge,
    // below the mouth line inside the neck's outline, both with a soft edge.
    if (head.z > 0.0 && chin.z > 0.0 && chin.w > 0.0 && vFramePx.y >= chin.y) {
      float e = edgeAlpha(ellipseInside(vFramePx, chin));
      if (e > regionEdge) { region = 2; regionEdge = e; }
    }
    if (head.z > 0.0) {
      float bottom = headBottomAt(vFramePx.x);
      float e = edgeAlpha(ellipseInside(vFramePx, head));
      if (vFramePx.y < bottom && e > regionEdge) {
        float neck = 1.0;
        if (vFramePx.y > mouthYPx) {
          float t = clamp((vFramePx.y - neckAxisPx.y) / max(1.0, neckAxisPx.w - neckAxisPx.y), 0.0, 1.0);
          float fromAxis = abs(vFramePx.x - mix(neckAxisPx.x, neckAxisPx.z, t));
          float soft = max(neckSoftPx, 1e-3);
          neck = smoothstep(0.0, soft, neckHalfWidthAt(vFramePx.y) - fromAxis) * smoothstep(0.0, soft, bottom - vFramePx.y);
        }
        if (neck > 0.0) { region = 2; regionEdge = e; regionAlpha = neck; }
      }
    }
    if (region < 0) discard;
    vec2 frameUv = vFramePx / frameSizePx;
    // The person mask's edge is the segmenter's guess too (personMaskAlpha): soft across its 0.5 line.
    float personAlpha = smoothstep(${(0.5 - PERSON_MASK_SOFT).toFixed(4)}, ${(0.5 + PERSON_MASK_SOFT).toFixed(4)}, personMaskAt(frameUv));
    // Above the hip line off the person, a bottom worn under their own top is not there (ownTopAlpha): the picture
    // beside the top is drawn over it. Elsewhere off the person nothing of the shopper is in front.
    if (personAlpha <= 0.0 && region != 3) discard;
    // The coverage pass (inFrontFromAlpha > 0) erases the garment wherever a fragment is drawn: there the outlines
    // cut where they did before they were soft, at their 0.5 lines.
    if (inFrontFromAlpha > 0.0 && (regionEdge <= 0.5 || (personAlpha < 0.5 && region != 3))) discard;
    vec3 pixel = texture2D(videoMap, vec2(frameUv.x, 1.0 - frameUv.y)).rgb;
    // The alpha the picture is drawn with over the garment; discarded at 0.
    float alpha = 1.0;
    // Above the mouth, the head region is all head (face, hair); below it (chin, neck, hair on the collar) and round
    // the hands and forearms only what is skin, or not the shopper's own shirt, is in front.
    #ifdef OWN_TOP
    if (region == 3 && personAlpha <= 0.0) {
      // Beside their own top: nothing to key (ownTopAlpha).
      personAlpha = 1.0;
    } else if (region == 3) {
      // The own-top key (ownTopKeyWeight), then its neighbourhood vote (ownTopVote): a ring round the pixel decides
      // where three quarters of it agree, so a fold's shadow in a white top is not taken for grey shorts.
      loadOwnTopRefs();
      vec3 skinK = keyChromaOf(vFaceSkin);
      vec3 clothK = keyChromaOf(vClothFace);
      float centre = ownTopKey(pixel, skinK, clothK);
      float weight = centre;
      float ringSum = 0.0;
      float ringCount = 0.0;
      for (int i = 0; i < ${OWN_TOP_VOTE_SAMPLES}; i++) {
        float a = 6.2831853 * float(i) / ${OWN_TOP_VOTE_SAMPLES}.0;
        vec2 q = vFramePx + ownTopVoteRadiusPx * vec2(cos(a), sin(a));
        if (!seenOnPerson(q)) continue;
        ringSum += ownTopKey(videoAt(q), skinK, clothK);
        ringCount += 1.0;
      }
      if (ringCount > 0.0) {
        float top = ringSum / ringCount;
        weight = centre + (1.0 - centre) * smoothstep(0.5, 0.75, top);
        weight *= 1.0 - smoothstep(0.5, 0.75, 1.0 - top);
      }
      // The path down to the hip line (ownTopWithPath): the top's own cloth between the pixel and the top's hem puts
      // it inside the top — a print or a shadow too large for the ring — where the own waistband runs on down. And
      // across to the body's middle line at the pixel's height: the top's cloth there puts it above the top's hem — a
      // side of the top in shade, as grey as the own bottom down to the hip line.
      // (Already 1: nothing for a path to change.)
      if (weight < 1.0 && (ownTopAlong(ownTop.zw, skinK) || ownTopAlong(vec2(-ownTop.w, ownTop.z), skinK))) weight = 1.0;
      // The coverage pass: on the person the key's 0.5 cut, as before.
      if (inFrontFromAlpha > 0.0 && personAlpha >= 0.5 && weight < 0.5) discard;
      float key = weight < 0.5 ? 0.0 : smoothstep(0.5, 0.75, weight);
      alpha = key * personAlpha + 1.0 - personAlpha;
      personAlpha = 1.0;
      if (alpha <= 0.0) discard;
    } else
    #endif
    if (region != 2 || vFramePx.y > mouthYPx) {
      vec3 skin = vFaceSkin;
      vec3 cloth = vClothFace;
      if (region == 0) {
        if (vHandsSeen.x < 0.5) discard;
        skin = vHandSkin0;
        cloth = vCloth0;
      } else if (region == 1) {
        if (vHandsSeen.y < 0.5) discard;
        skin = vHandSkin1;
        cloth = vCloth1;
      }
      vec3 skinK = keyChromaOf(skin);
      vec3 clothK = keyChromaOf(cloth);
      alpha = featheredKeyAt(vFramePx, skinK, clothK);
      // The neighbourhood vote (armKeyVote, ARM_VOTE_RADIUS_OF_SHOULDERS): a speck of garment inside an own sleeve
      // that is in front is filled; only filled, so a finger narrower than the ring is never voted away.
      if (armVoteRadiusPx > 0.0) {
        float ringSum = 0.0;
        float ringCount = 0.0;
        for (int i = 0; i < ${OWN_TOP_VOTE_SAMPLES}; i++) {
          float a = 6.2831853 * float(i) / ${OWN_TOP_VOTE_SAMPLES}.0;
          vec2 q = vFramePx + armVoteRadiusPx * vec2(cos(a), sin(a));
          if (!seenOnPerson(q)) continue;
          ringSum += keyWeight(videoAt(q), skinK, clothK);
          ringCount += 1.0;
        }
        if (ringCount > 0.0) {
          float agree = ringSum / ringCount;
          alpha = alpha + (1.0 - alpha) * smoothstep(0.5, 0.75, agree);
        }
      }
      if (region != 2 && outlineBlends && outlineBlend(pixel, skinK, clothK)) discard;
      if (alpha <= inFrontFromAlpha) discard;
    }
    // A video texture cannot be stored as sRGB on the GPU: three decodes it in the shader (its DECODE_VIDEO_TEXTURE
    // path for the background's MeshBasicMaterial), so the redraw must decode it the same way to match.
    gl_FragColor = vec4(sRGBTransferEOTF(vec4(pixel, 1.0)).rgb, alpha * regionAlpha * regionEdge * personAlpha);
    #include <colorspace_fragment>
  }
`;

/**
 * A garment's neck edge in camera pixels: x, y, `count` points along it (garment3d/neck-edge.ts `NeckEdge`,
 * garment/neckline-edge.ts `NecklineEdge`).
 */
export interface NeckEdgePx {
  readonly pointsPx: ArrayLike<number>;
  readonly count: number;
}

/** What an occluder redraws this frame: {@link OcclusionChoice}, and where the neck is redrawn. */
export interface OccluderChoice extends OcclusionChoice {
  /**
   * The worn garments' neck edges (3D: garment3d/neck-edge.ts, 2D: garment/neckline-edge.ts; borrowed): the neck is
   * redrawn only above them. @default none
   */
  neckEdges?: readonly NeckEdgePx[];
}

const NO_NECK_EDGES: readonly NeckEdgePx[] = [];

/**
 * Keeps the shopper's forearms, hands and hair in front of a worn garment, and their own untucked top in front of a
 * worn bottom's waistband when no garment top is worn (issue 13.5: a top's hem over the trousers): after the garment (2D: its torso) is drawn,
 * the camera picture is drawn again inside the {@link OcclusionRegions} wherever the person mask says "person".
 * One quad, resized each frame to the regions' bounds (so the fragment work is only where it may matter).
 * Owns its geometry and material; borrows the video and mask textures.
 */
export class OccluderLayer {
  readonly object: THREE.Mesh<THREE.BufferGeometry, THREE.ShaderMaterial>;
  readonly regions: OcclusionRegions = createOcclusionRegions();
  private readonly corners: THREE.BufferAttribute;

  /** @param renderOrder draw after the garment parts it must cover, before those that cover it. */
  constructor(videoTexture: THREE.Texture, mask: PersonMaskTexture, renderOrder: number) {
    const geometry = new THREE.BufferGeometry();
    this.corners = new THREE.BufferAttribute(new Float32Array(12), 3);
    this.corners.setUsage(THREE.DynamicDrawUsage);
    geometry.setAttribute('position', this.corners);
    geometry.setIndex([0, 1, 2, 0, 2, 3]);
    const r = this.regions;
    const uniforms = {
      videoMap: { value: videoTexture },
      ...mask.uniforms,
      frameSizePx: { value: new THREE.Vector2(1, 1) },
      capsules: { value: [0, 1, 2, 3].map(() => new THREE.Vector4()) },
      radiiPx: { value: r.radiiPx },
      head: { value: new THREE.Vector4() },
      headBottomPx: { value: 0 },
      neckEdgeYPx: { value: r.neckEdgeYPx },
      chin: { value: new THREE.Vector4() },
      neckAxisPx: { value: new THREE.Vector4() },
      neckHalfWidthPx: { value: new THREE.Vector3() },
      neckSoftPx: { value: 0 },
      edgeSoftPx: { value: 0 },
      samplesPx: { value: Array.from({ length: SAMPLE_COUNT }, () => new THREE.Vector2()) },
      mouthYPx: { value: 0 },
      ownTop: { value: new THREE.Vector4() },
      ownTopReachPx: { value: 0 },
      ownTopVoteRadiusPx: { value: 0 },
      armVoteRadiusPx: { value: 0 },
      outlineBlends: { value: true },
      inFrontFromAlpha: { value: 0 },
    };
    // The key's soft edge blends over the garment.
    this.object = overlayMesh(geometry, { uniforms, vertexShader, fragmentShader }, renderOrder);
  }

  /**
   * The arms' and chin's feathered key draws only where its alpha exceeds this: 0 on the mirror (the whole soft edge).
   * `atelier tryon`'s coverage pass, which writes "no garment" wherever the occluder draws, sets it to 0.5: there the
   * shopper is in front where they cover the garment by half or more — the key's 0.5 line, as the hard key cut.
   */
  set inFrontFromAlpha(alpha: number) {
    this.object.material.uniforms.inFrontFromAlpha!.value = alpha;
  }

  /**
   * @param imagePx landmarks in camera pixels, interleaved x, y (borrowed); null hides the layer.
   * @param worldM world landmarks, metres, interleaved x, y, z (borrowed) or null.
   * @param choice what is redrawn besides the head ({@link OccluderChoice}; all fields optional).
   */
  update(imagePx: ArrayLike<number> | null, worldM: ArrayLike<number> | null, frameWidthPx: number, frameHeightPx: number, choice: OccluderChoice = {}): void {
    if (!imagePx) {
      this.object.visible = false;
      return;
    }
    const r = this.regions;
    occlusionRegions(imagePx, worldM, r, choice);
    for (const e of choice.neckEdges ?? NO_NECK_EDGES) addNeckEdge(r, e.pointsPx, e.count);
    const b = r.boundsPx;
    if (!(b[0]! <= b[2]!)) {
      this.object.visible = false;
      return;
    }
    const u = this.object.material.uniforms;
    (u.frameSizePx!.value as THREE.Vector2).set(frameWidthPx, frameHeightPx);
    const capsules = u.capsules!.value as THREE.Vector4[];
    for (let i = 0; i < 4; i++) capsules[i]!.fromArray(r.capsules, 4 * i);
    (u.head!.value as THREE.Vector4).fromArray(r.head);
    u.headBottomPx!.value = r.headBottomPx;
    (u.chin!.value as THREE.Vector4).fromArray(r.chin);
    (u.neckAxisPx!.value as THREE.Vector4).fromArray(r.neckAxisPx);
    (u.neckHalfWidthPx!.value as THREE.Vector3).fromArray(r.neckHalfWidthPx);
    u.neckSoftPx!.value = r.neckSoftPx;
    u.edgeSoftPx!.value = r.edgeSoftPx;
    const samples = u.samplesPx!.value as THREE.Vector2[];
    for (let i = 0; i < SAMPLE_COUNT; i++) samples[i]!.fromArray(r.samplesPx, 2 * i);
    u.mouthYPx!.value = r.mouthYPx;
    (u.ownTop!.value as THREE.Vector4).fromArray(r.ownTopLine);
    // GLSL has no infinity to take: past any frame.
    u.ownTopReachPx!.value = Math.min(r.ownTopReachPx, 1e9);
    this.compileOwnTop(r.ownTopLine[2] !== 0 || r.ownTopLine[3] !== 0);
    u.ownTopVoteRadiusPx!.value = r.ownTopVoteRadiusPx;
    u.armVoteRadiusPx!.value = r.armVoteRadiusPx;
    u.outlineBlends!.value = r.outlineBlends;
    const p = this.corners.array as Float32Array;
    p[0] = b[0]!; p[1] = b[1]!;
    p[3] = b[2]!; p[4] = b[1]!;
    p[6] = b[2]!; p[7] = b[3]!;
    p[9] = b[0]!; p[10] = b[3]!;
    for (let i = 2; i < 12; i += 3) p[i] = 20;
    this.corners.needsUpdate = true;
    this.object.visible = true;
  }

  /**
   * The own-top region's code is compiled in only while the region is on (a bottom worn without a garment top):
   * compiled in but never taken it still cost SwiftShader 30–60 ms a frame under a tee (mirror frames 12 and 24).
   * Three keeps both programs once built; a switch costs a program change, not a compile.
   */
  private compileOwnTop(on: boolean): void {
    const m = this.object.material;
    if ((m.defines.OWN_TOP !== undefined) === on) return;
    if (on) m.defines.OWN_TOP = '';
    else delete m.defines.OWN_TOP;
    m.needsUpdate = true;
  }

  dispose(): void {
    this.object.geometry.dispose();
    this.object.material.dispose();
  }
}
