// Draws the Teams app icons: a white shield with a tick. Teams wants a 192×192 full-colour icon and a
// 32×32 outline icon that is white on transparent. Shapes are defined in unit coordinates and
// supersampled, so both sizes come from one drawing.
import type { RgbaImage } from './png.ts';

export const ACCENT_COLOR = '#1B5E7A';
export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

type Shape = (x: number, y: number) => boolean;

const SHIELD_TOP = 0.12;
const SHIELD_SHOULDER = 0.52;
const SHIELD_TIP = 0.9;
const SHIELD_HALF_WIDTH = 0.32;

const shield: Shape = (x, y) => {
  if (y < SHIELD_TOP || y > SHIELD_TIP) return false;
  if (y <= SHIELD_SHOULDER) return Math.abs(x - 0.5) <= SHIELD_HALF_WIDTH;
  const t = (y - SHIELD_SHOULDER) / (SHIELD_TIP - SHIELD_SHOULDER);
  return Math.abs(x - 0.5) <= SHIELD_HALF_WIDTH * (1 - t * t);
};

function scaledAboutCentre(shape: Shape, factor: number): Shape {
  return (x, y) => shape(0.5 + (x - 0.5) / factor, 0.5 + (y - 0.5) / factor);
}

function distanceToSegment(x: number, y: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (ax + t * dx), y - (ay + t * dy));
}

function tick(halfThickness: number): Shape {
  return (x, y) =>
    distanceToSegment(x, y, 0.35, 0.5, 0.46, 0.62) <= halfThickness ||
    distanceToSegment(x, y, 0.46, 0.62, 0.67, 0.38) <= halfThickness;
}

const SUBSAMPLES = 4;

function coverage(shape: Shape, px: number, py: number, size: number): number {
  let inside = 0;
  for (let sy = 0; sy < SUBSAMPLES; sy += 1) {
    for (let sx = 0; sx < SUBSAMPLES; sx += 1) {
      if (shape((px + (sx + 0.5) / SUBSAMPLES) / size, (py + (sy + 0.5) / SUBSAMPLES) / size)) inside += 1;
    }
  }
  return inside / (SUBSAMPLES * SUBSAMPLES);
}

function hexToRgb(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 0xff, (value >> 8) & 0xff, value & 0xff];
}

function blend(under: number, over: number, amount: number): number {
  return Math.round(under * (1 - amount) + over * amount);
}

export function drawColorIcon(size = COLOR_ICON_SIZE): RgbaImage {
  const accent = hexToRgb(ACCENT_COLOR);
  const mark = tick(0.045);
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const white = coverage(shield, px, py, size);
      const tickCover = coverage(mark, px, py, size);
      const offset = (py * size + px) * 4;
      for (let channel = 0; channel < 3; channel += 1) {
        const onShield = blend(accent[channel] ?? 0, 255, white);
        pixels[offset + channel] = blend(onShield, accent[channel] ?? 0, tickCover);
      }
      pixels[offset + 3] = 255;
    }
  }
  return { width: size, height: size, pixels };
}

export function drawOutlineIcon(size = OUTLINE_ICON_SIZE): RgbaImage {
  const inner = scaledAboutCentre(shield, 0.8);
  const border: Shape = (x, y) => shield(x, y) && !inner(x, y);
  const mark = tick(0.05);
  const drawn: Shape = (x, y) => border(x, y) || mark(x, y);
  const pixels = new Uint8Array(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      const offset = (py * size + px) * 4;
      const alpha = Math.round(coverage(drawn, px, py, size) * 255);
      pixels[offset] = 255;
      pixels[offset + 1] = 255;
      pixels[offset + 2] = 255;
      pixels[offset + 3] = alpha;
    }
  }
  return { width: size, height: size, pixels };
}
