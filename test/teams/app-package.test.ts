import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32, inflateRawSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ALL_FEATURES } from '../../src/services/all-features.ts';
import { CORE_FEATURES } from '../../src/services/core.ts';
import { ChatRegistry } from '../../src/services/registry.ts';
import { buildTeamsAppPackage, readPackageVersion, renderTeamsManifest, TEAMS_MANIFEST_DIR, TeamsPackageError } from '../../src/teams/app-package.ts';
import { createZip } from '../../src/teams/zip.ts';

const APP_ID = '0B6FE6D1-FECE-44F7-9A48-56465E2D5AB8';
const BASE_URL = 'https://csp.example.org/';

interface ManifestShape {
  $schema: string;
  manifestVersion: string;
  id: string;
  version: string;
  accentColor: string;
  name: { short: string; full: string };
  description: { short: string; full: string };
  developer: { name: string; websiteUrl: string };
  icons: Record<string, string>;
  bots: Array<{ botId: string; scopes: string[]; commandLists: Array<{ scopes: string[]; commands: Array<{ title: string; description: string }> }> }>;
}

interface ZipFile {
  name: string;
  data: Buffer;
}

/** Reads a ZIP from its central directory (APPNOTE 4.3.16 / 4.3.12), checking each entry's CRC-32. */
function readZip(zip: Buffer): ZipFile[] {
  const endOffset = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endOffset < 0) throw new Error('no end of central directory record');
  const count = zip.readUInt16LE(endOffset + 10);
  let offset = zip.readUInt32LE(endOffset + 16);
  const files: ZipFile[] = [];
  for (let index = 0; index < count; index += 1) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`bad central directory header at ${offset}`);
    const method = zip.readUInt16LE(offset + 10);
    const crc = zip.readUInt32LE(offset + 16);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (zip.readUInt32LE(localOffset) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const stored = zip.subarray(dataStart, dataStart + compressedSize);
    const data = method === 8 ? inflateRawSync(stored) : Buffer.from(stored);
    if (data.length !== size) throw new Error(`${name}: size ${data.length}, header says ${size}`);
    if (crc32(data) !== crc) throw new Error(`${name}: CRC mismatch`);
    files.push({ name, data });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}

/** Decodes an 8-bit RGBA, filter-0 PNG (as the committed icons are) after checking every chunk CRC. */
function decodePng(png: Buffer): { width: number; height: number; colorType: number; pixels: Buffer } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  let offset = 8;
  let header: Buffer | undefined;
  const data: Buffer[] = [];
  let ended = false;
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const body = png.subarray(offset + 8, offset + 8 + length);
    expect(png.readUInt32BE(offset + 8 + length)).toBe(crc32(png.subarray(offset + 4, offset + 8 + length)));
    if (type === 'IHDR') header = body;
    if (type === 'IDAT') data.push(body);
    if (type === 'IEND') ended = true;
    offset += 12 + length;
  }
  if (!header || !ended) throw new Error('PNG without IHDR or IEND');
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const raw = inflateSync(Buffer.concat(data));
  const pixels = Buffer.alloc(width * height * 4);
  for (let row = 0; row < height; row += 1) {
    expect(raw[row * (width * 4 + 1)]).toBe(0);
    raw.copy(pixels, row * width * 4, row * (width * 4 + 1) + 1, (row + 1) * (width * 4 + 1));
  }
  return { width, height, colorType: header[9] ?? -1, pixels };
}

const readIcon = async (name: string) => decodePng(await readFile(join(TEAMS_MANIFEST_DIR, name)));

/** The manifest's accent colour, which the colour icon's background matches. */
async function accentColor(): Promise<string> {
  return (JSON.parse(await readFile(join(TEAMS_MANIFEST_DIR, 'manifest.json'), 'utf8')) as { accentColor: string }).accentColor;
}

describe('Teams app icons', () => {
  it('has a 192×192 opaque colour icon with the accent as background', async () => {
    const icon = await readIcon('color.png');
    expect([icon.width, icon.height, icon.colorType]).toEqual([192, 192, 6]);
    const accentHex = await accentColor();
    expect(accentHex).toMatch(/^#[0-9A-F]{6}$/i);
    const accent = [1, 3, 5].map((start) => Number.parseInt(accentHex.slice(start, start + 2), 16));
    expect([...icon.pixels.subarray(0, 3)]).toEqual(accent);
    for (let index = 3; index < icon.pixels.length; index += 4) expect(icon.pixels[index]).toBe(255);
    const onShield = (40 * 192 + 50) * 4;
    expect([...icon.pixels.subarray(onShield, onShield + 3)]).toEqual([255, 255, 255]);
  });

  it('has a 32×32 outline icon that is white on transparent', async () => {
    const icon = await readIcon('outline.png');
    expect([icon.width, icon.height]).toEqual([32, 32]);
    let transparent = 0;
    let opaque = 0;
    for (let index = 0; index < icon.pixels.length; index += 4) {
      expect([...icon.pixels.subarray(index, index + 3)]).toEqual([255, 255, 255]);
      if (icon.pixels[index + 3] === 0) transparent += 1;
      if (icon.pixels[index + 3] === 255) opaque += 1;
    }
    expect(transparent).toBeGreaterThan(32 * 32 * 0.5);
    expect(opaque).toBeGreaterThan(50);
    expect(icon.pixels[3]).toBe(0);
  });
});

describe('Teams manifest', () => {
  const template = () => readFile(join(TEAMS_MANIFEST_DIR, 'manifest.json'), 'utf8');

  it('fills the app id, version and developer links', async () => {
    const manifest = renderTeamsManifest(await template(), { appId: APP_ID, publicBaseUrl: BASE_URL, version: '1.4.2' }) as unknown as ManifestShape;
    expect(manifest.manifestVersion).toBe('1.29');
    expect(manifest.$schema).toBe('https://developer.microsoft.com/json-schemas/teams/v1.29/MicrosoftTeams.schema.json');
    expect(manifest.id).toBe(APP_ID.toLowerCase());
    expect(manifest.version).toBe('1.4.2');
    expect(manifest.developer.websiteUrl).toBe('https://csp.example.org');
    expect(manifest.bots[0]?.botId).toBe(APP_ID.toLowerCase());
    expect(manifest.bots[0]?.scopes).toEqual(['personal', 'team', 'groupChat']);
    expect(manifest.accentColor).toBe(await accentColor());
    expect(JSON.stringify(manifest)).not.toContain('${');
  });

  it('stays within the schema limits Teams enforces', async () => {
    const manifest = JSON.parse(await template()) as unknown as ManifestShape;
    expect(manifest.name.short.length).toBeLessThanOrEqual(30);
    expect(manifest.name.full.length).toBeLessThanOrEqual(100);
    expect(manifest.description.short.length).toBeLessThanOrEqual(80);
    expect(manifest.description.full.length).toBeLessThanOrEqual(4000);
    expect(manifest.developer.name.length).toBeLessThanOrEqual(32);
    for (const list of manifest.bots[0]?.commandLists ?? []) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const scope of list.scopes) expect(manifest.bots[0]?.scopes).toContain(scope);
      for (const command of list.commands) {
        expect(command.title.length).toBeLessThanOrEqual(32);
        expect(command.description.length).toBeLessThanOrEqual(128);
      }
    }
  });

  it('lists only commands the core has, described as the core describes them', async () => {
    const manifest = JSON.parse(await template()) as ManifestShape;
    const registry = new ChatRegistry().use(...CORE_FEATURES, ...ALL_FEATURES);
    const commands = manifest.bots.flatMap((bot) => bot.commandLists.flatMap((list) => list.commands));
    expect(commands.length).toBeGreaterThan(0);
    for (const command of commands) {
      const definition = registry.findCommand(command.title);
      expect(definition, `manifest command "${command.title}"`).toBeDefined();
      expect(command.description).toBe(definition?.summary);
    }
  });

  it('refuses to package without a GUID app id or an https base URL, saying which', async () => {
    const text = await template();
    expect(() => renderTeamsManifest(text, { appId: undefined, publicBaseUrl: BASE_URL, version: '1.0.0' })).toThrow(/TEAMS_APP_ID is not set/);
    expect(() => renderTeamsManifest(text, { appId: 'my-bot', publicBaseUrl: BASE_URL, version: '1.0.0' })).toThrow(/TEAMS_APP_ID must be a GUID/);
    expect(() => renderTeamsManifest(text, { appId: APP_ID, publicBaseUrl: 'http://csp.example.org', version: '1.0.0' })).toThrow(TeamsPackageError);
    expect(() => renderTeamsManifest(text, { appId: APP_ID, publicBaseUrl: undefined, version: '1.0.0' })).toThrow(/PUBLIC_BASE_URL is not set/);
    expect(() => renderTeamsManifest('{"id":"${SOMETHING_ELSE}"}', { appId: APP_ID, publicBaseUrl: BASE_URL, version: '1.0.0' })).toThrow(/unknown placeholder/);
  });
});

describe('Teams app package', () => {
  it('is a zip of the filled manifest and both icons, readable back', async () => {
    const zip = await buildTeamsAppPackage({ appId: APP_ID, publicBaseUrl: BASE_URL, version: '0.1.0' });
    const files = readZip(zip);
    expect(files.map((file) => file.name)).toEqual(['manifest.json', 'color.png', 'outline.png']);
    const manifest = JSON.parse(files[0]?.data.toString('utf8') ?? '') as unknown as ManifestShape;
    expect(manifest.id).toBe(APP_ID.toLowerCase());
    expect(manifest.icons).toEqual({ color: 'color.png', outline: 'outline.png' });
    expect(files[1]?.data).toEqual(await readFile(join(TEAMS_MANIFEST_DIR, 'color.png')));
    expect(files[2]?.data).toEqual(await readFile(join(TEAMS_MANIFEST_DIR, 'outline.png')));
  });

  it('is the same bytes for the same inputs', async () => {
    const settings = { appId: APP_ID, publicBaseUrl: BASE_URL, version: '0.1.0' };
    expect(await buildTeamsAppPackage(settings)).toEqual(await buildTeamsAppPackage(settings));
  });

  it('is written by the package:teams script, which explains a missing app id', async () => {
    const run = promisify(execFile);
    const directory = await mkdtemp(join(tmpdir(), 'teams-package-'));
    const output = join(directory, 'nested', 'app.zip');
    const tsx = join(TEAMS_MANIFEST_DIR, '../../node_modules/.bin/tsx');
    const script = join(TEAMS_MANIFEST_DIR, '../../src/teams/package-app.ts');
    try {
      const { stdout } = await run(tsx, [script, output], { env: { ...process.env, TEAMS_APP_ID: APP_ID, PUBLIC_BASE_URL: BASE_URL } });
      expect(stdout).toContain('Wrote the Teams app package');
      const manifest = readZip(await readFile(output)).find((file) => file.name === 'manifest.json');
      expect(JSON.parse(manifest?.data.toString('utf8') ?? '{}').version).toBe(await readPackageVersion());

      const env: NodeJS.ProcessEnv = { ...process.env, PUBLIC_BASE_URL: BASE_URL };
      delete env.TEAMS_APP_ID;
      const failure = await run(tsx, [script, output], { env }).catch((error: unknown) => error as { code: number; stderr: string });
      expect(failure).toMatchObject({ code: 1 });
      expect((failure as { stderr: string }).stderr).toContain('TEAMS_APP_ID is not set');
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe('createZip', () => {
  it('refuses unsafe or duplicate names', () => {
    expect(() => createZip([{ name: '../evil', data: Buffer.alloc(1) }])).toThrow(/Invalid ZIP entry name/);
    expect(() => createZip([{ name: '/abs', data: Buffer.alloc(1) }])).toThrow(/Invalid ZIP entry name/);
    expect(() => createZip([{ name: 'a', data: Buffer.alloc(1) }, { name: 'a', data: Buffer.alloc(2) }])).toThrow(/Duplicate/);
  });

  it('round-trips empty and binary entries', () => {
    const binary = Buffer.from(Array.from({ length: 5000 }, (_, index) => (index * 37) % 256));
    const files = readZip(createZip([{ name: 'empty.txt', data: Buffer.alloc(0) }, { name: 'dir/binary.bin', data: binary }]));
    expect(files).toEqual([{ name: 'empty.txt', data: Buffer.alloc(0) }, { name: 'dir/binary.bin', data: binary }]);
  });
});
