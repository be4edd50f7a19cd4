import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { cpSync } from 'node:fs';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { paths } from '../config.js';
import { LayoutsLoader } from './layouts-loader.js';

describe('LayoutsLoader', () => {
  let dir: string;
  let loader: LayoutsLoader;
  const scenePath = () => join(dir, 'scenes/economy.json');
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ioc-layouts-'));
    cpSync(paths.layoutsDir, dir, { recursive: true });
    loader = new LayoutsLoader(dir, pino({ level: 'silent' }));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('skips an invalid file at the first load and loads the rest', () => {
    writeFileSync(scenePath(), '{ "id": "economy", ');
    loader.load();
    expect(loader.scene('economy')).toBeUndefined();
    expect(loader.scene('overview')?.id).toBe('overview');
    expect(loader.errors()).toEqual([{ file: 'scenes/economy.json', path: '', message: expect.stringMatching(/^invalid JSON/) }]);
  });

  it('keeps the last good version of a file that becomes invalid, and reports the problem', () => {
    loader.load();
    const good = loader.scene('economy');
    const json = JSON.parse(readFileSync(scenePath(), 'utf8'));
    json.panels[2].rect.w = 5;
    writeFileSync(scenePath(), JSON.stringify(json));
    const change = loader.load();
    expect(loader.scene('economy')).toEqual(good);
    expect(change.changedScenes).toEqual([]);
    expect(loader.errors()).toEqual([
      { file: 'scenes/economy.json', path: 'panels[2].rect.w', message: expect.stringContaining('>=40') },
      { file: 'scenes/economy.json', path: '', severity: 'warning', message: expect.stringMatching(/^the last good version of this file \(.+\) is shown until the file is fixed; the file is invalid: panels\[2\]\.rect\.w: /), text: { en: expect.stringContaining('last good version'), vi: expect.stringContaining('phiên bản hợp lệ gần nhất') } },
    ]);
  });

  it('keeps the last good version when a change fails a cross-check, and takes a valid change', () => {
    loader.load();
    const json = JSON.parse(readFileSync(scenePath(), 'utf8'));
    writeFileSync(scenePath(), JSON.stringify({ ...json, wall: 'nowhere' }));
    loader.load();
    expect(loader.scene('economy')?.wall).toBe('main');
    expect(loader.errors()[0]).toMatchObject({ file: 'scenes/economy.json', path: 'wall' });
    writeFileSync(scenePath(), JSON.stringify({ ...json, name: { vi: 'Kinh tế', en: 'Economy' } }));
    const change = loader.load();
    expect(loader.scene('economy')?.name.en).toBe('Economy');
    expect(change.changedScenes).toEqual(['economy']);
    expect(loader.errors()).toEqual([]);
  });

  it('drops a deleted scene', () => {
    loader.load();
    rmSync(scenePath());
    expect(loader.load().removedScenes).toEqual(['economy']);
    expect(loader.scene('economy')).toBeUndefined();
  });
});
