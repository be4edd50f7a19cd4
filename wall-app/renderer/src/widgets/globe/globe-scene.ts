import type { Box } from '@ioc/protocol';
import { geoEquirectangular, geoGraticule, geoPath } from 'd3';
import type { Feature, FeatureCollection, MultiLineString } from 'geojson';
import {
  AmbientLight,
  BoxGeometry,
  CanvasTexture,
  Color,
  DirectionalLight,
  Group,
  InstancedMesh,
  LinearMipmapLinearFilter,
  Matrix4,
  Mesh,
  MeshLambertMaterial,
  PerspectiveCamera,
  Quaternion,
  Scene,
  SphereGeometry,
  SRGBColorSpace,
  Vector3,
  WebGLRenderer,
} from 'three';
import { feature, mesh } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries110m from 'world-atlas/countries-110m.json';
import type { Theme } from '../../theme';
import { threeViewOffset } from '../../tile/view-offset';
import { FOV_DEG, FRAME_RADIUS, GLOBE_RADIUS, MAX_BAR, TILT_DEG, cameraDistance, globeYaw, latLonToVec3, type GlobeBar } from './globe-model';

type Countries = Topology<{ countries: GeometryCollection<{ name: string }>; land: GeometryCollection }>;
const topology = countries110m as unknown as Countries;

/** Width of the equirectangular land texture, pixels (height is half). */
export const TEXTURE_WIDTH = 4096;
const BAR_WIDTH = 0.014;
const VIETNAM_BAR_WIDTH = 0.024;
/** Where the Viet Nam label points, above the top of its bar (scene units). */
const LABEL_LIFT = 0.02;

/** Where the Viet Nam label goes, in pixels of the whole globe box; null when Viet Nam faces away. */
export type LabelSpot = { x: number; y: number } | null;

/**
 * The globe's three.js scene: a sphere with the land drawn into a canvas texture, and one bar
 * per country. It renders on demand only (the panel calls `render`), only the part of the globe
 * box that the tile shows, with the camera of the whole box.
 */
export class GlobeScene {
  readonly canvas: HTMLCanvasElement;
  readonly #renderer: WebGLRenderer;
  readonly #scene = new Scene();
  readonly #camera = new PerspectiveCamera(FOV_DEG, 1, 0.1, 10);
  /** The same camera without the tile's view offset: places the DOM label on the whole box. */
  readonly #full = new PerspectiveCamera(FOV_DEG, 1, 0.1, 10);
  readonly #tilt = new Group();
  readonly #spin = new Group();
  readonly #texture: CanvasTexture;
  readonly #sphere: Mesh<SphereGeometry, MeshLambertMaterial>;
  readonly #barGeometry = new BoxGeometry(1, 1, 1).translate(0, 0.5, 0);
  readonly #barMaterial = new MeshLambertMaterial({ color: 0xffffff });
  #bars: InstancedMesh | null = null;
  #barList: readonly GlobeBar[] = [];
  #theme: Theme | null = null;
  #box: Box = { x: 0, y: 0, width: 1, height: 1 };
  #vietnam: GlobeBar | null = null;

  constructor() {
    this.canvas = document.createElement('canvas');
    // Throws where WebGL is missing: the panel's boundary shows why.
    this.#renderer = new WebGLRenderer({ canvas: this.canvas, antialias: true, alpha: true, preserveDrawingBuffer: true });
    this.#renderer.setPixelRatio(window.devicePixelRatio || 1);
    this.#renderer.setClearColor(0x000000, 0);
    this.#renderer.outputColorSpace = SRGBColorSpace;

    const tex = document.createElement('canvas');
    tex.width = TEXTURE_WIDTH;
    tex.height = TEXTURE_WIDTH / 2;
    this.#texture = new CanvasTexture(tex);
    this.#texture.colorSpace = SRGBColorSpace;
    this.#texture.minFilter = LinearMipmapLinearFilter;
    this.#texture.anisotropy = Math.min(8, this.#renderer.capabilities.getMaxAnisotropy());
    this.#sphere = new Mesh(new SphereGeometry(GLOBE_RADIUS, 128, 64), new MeshLambertMaterial({ map: this.#texture }));

    this.#tilt.rotation.x = (TILT_DEG * Math.PI) / 180;
    this.#spin.add(this.#sphere);
    this.#tilt.add(this.#spin);
    this.#scene.add(this.#tilt);
    // Lights stay with the camera: the side facing the room is lit, the limb a little darker.
    this.#scene.add(new AmbientLight(0xffffff, 2.3));
    const sun = new DirectionalLight(0xffffff, 1.5);
    sun.position.set(-1.5, 1.2, 3);
    this.#scene.add(sun);
  }

  /** The land, borders and Viet Nam drawn in the theme's colours. */
  setTheme(theme: Theme): void {
    if (this.#theme === theme) return;
    this.#theme = theme;
    drawLandTexture(this.#texture.image as HTMLCanvasElement, theme);
    this.#texture.needsUpdate = true;
    this.#paintBars();
  }

  /** The bars, and where the Viet Nam label points (its bar, or its place when it has no figure). */
  setBars(bars: readonly GlobeBar[], vietnam: GlobeBar | null): void {
    this.#vietnam = vietnam;
    if (this.#barList === bars) return;
    this.#barList = bars;
    if (this.#bars) {
      this.#spin.remove(this.#bars);
      this.#bars.dispose();
    }
    const m = new InstancedMesh(this.#barGeometry, this.#barMaterial, Math.max(1, bars.length));
    m.count = bars.length;
    const up = new Vector3(0, 1, 0);
    const normal = new Vector3();
    const q = new Quaternion();
    const matrix = new Matrix4();
    bars.forEach((b, i) => {
      const [x, y, z] = latLonToVec3(b.lat, b.lon, 1);
      normal.set(x, y, z);
      q.setFromUnitVectors(up, normal);
      const w = b.vietnam ? VIETNAM_BAR_WIDTH : BAR_WIDTH;
      // The base sinks a little into the sphere so no gap shows where the surface curves away.
      const base = normal.clone().multiplyScalar(GLOBE_RADIUS - 0.004);
      matrix.compose(base, q, new Vector3(w, b.height + 0.004, w));
      m.setMatrixAt(i, matrix);
    });
    this.#bars = m;
    this.#spin.add(m);
    this.#paintBars();
  }

  #paintBars(): void {
    const m = this.#bars;
    const theme = this.#theme;
    if (!m || !theme) return;
    const other = new Color(theme.neutral);
    const accent = new Color(theme.accent);
    this.#barList.forEach((b, i) => m.setColorAt(i, b.vietnam ? accent : other));
    if (m.instanceColor) m.instanceColor.needsUpdate = true;
  }

  /**
   * The globe box (panel pixels) and the part of it the tile shows (relative to the box): the
   * canvas is the part's size, at the part's place; the camera is the whole box's.
   */
  setView(box: Box, visible: Box): void {
    this.#box = box;
    this.#renderer.setSize(visible.width, visible.height, false);
    Object.assign(this.canvas.style, { position: 'absolute', left: `${visible.x}px`, top: `${visible.y}px`, width: `${visible.width}px`, height: `${visible.height}px` });
    const d = cameraDistance(box.width, box.height, FRAME_RADIUS);
    for (const cam of [this.#camera, this.#full]) {
      cam.aspect = box.width / box.height;
      cam.near = Math.max(0.05, d - GLOBE_RADIUS - MAX_BAR - 0.5);
      cam.far = d + GLOBE_RADIUS + 1;
      cam.position.set(0, 0, d);
      cam.lookAt(0, 0, 0);
    }
    this.#camera.setViewOffset(...threeViewOffset(box, visible));
    this.#full.clearViewOffset();
    this.#full.updateProjectionMatrix();
  }

  /** Renders the globe turned by `angle` (radians); returns where the Viet Nam label goes. */
  render(angle: number): LabelSpot {
    this.#spin.rotation.y = globeYaw(angle);
    this.#renderer.render(this.#scene, this.#camera);
    return this.#labelSpot();
  }

  #labelSpot(): LabelSpot {
    const vn = this.#vietnam;
    if (!vn) return null;
    this.#tilt.updateMatrixWorld(true);
    const [nx, ny, nz] = latLonToVec3(vn.lat, vn.lon, 1);
    const normal = new Vector3(nx, ny, nz).transformDirection(this.#spin.matrixWorld);
    const top = new Vector3(nx, ny, nz).multiplyScalar(GLOBE_RADIUS + vn.height + LABEL_LIFT).applyMatrix4(this.#spin.matrixWorld);
    // Facing the camera enough to be read (not on the limb nor behind).
    const toCamera = this.#full.position.clone().sub(top).normalize();
    if (normal.dot(toCamera) < 0.25) return null;
    const p = top.project(this.#full);
    return { x: ((p.x + 1) / 2) * this.#box.width, y: ((1 - p.y) / 2) * this.#box.height };
  }

  dispose(): void {
    this.#bars?.dispose();
    this.#barGeometry.dispose();
    this.#barMaterial.dispose();
    this.#sphere.geometry.dispose();
    this.#sphere.material.dispose();
    this.#texture.dispose();
    this.#renderer.dispose();
    this.#renderer.forceContextLoss();
    this.canvas.remove();
  }
}

let land: Feature | FeatureCollection | null = null;
let borders: MultiLineString | null = null;
let vietnam: Feature | null = null;

/** The world's land, sea, borders and Viet Nam, equirectangular (longitude -180 at the left edge, north up). */
export function drawLandTexture(canvas: HTMLCanvasElement, theme: Theme): void {
  land ??= feature(topology, topology.objects.land);
  borders ??= mesh(topology, topology.objects.countries, (a, b) => a !== b);
  vietnam ??= feature(topology, topology.objects.countries.geometries.find((g) => (g.properties as { name?: string } | undefined)?.name === 'Vietnam')!) as Feature;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas for the globe texture');
  const w = canvas.width;
  const h = canvas.height;
  const projection = geoEquirectangular()
    .scale(w / (2 * Math.PI))
    .translate([w / 2, h / 2]);
  const path = geoPath(projection, ctx);
  ctx.fillStyle = theme.sea;
  ctx.fillRect(0, 0, w, h);
  ctx.lineJoin = 'round';
  ctx.beginPath();
  path(geoGraticule().step([30, 30])());
  ctx.strokeStyle = theme.grid;
  ctx.lineWidth = 2;
  ctx.stroke();
  ctx.beginPath();
  path(land);
  ctx.fillStyle = theme.land;
  ctx.fill();
  ctx.strokeStyle = theme.border;
  ctx.lineWidth = 5;
  ctx.stroke();
  ctx.beginPath();
  path(borders);
  ctx.lineWidth = 3;
  ctx.stroke();
  ctx.beginPath();
  path(vietnam);
  ctx.fillStyle = theme.accentFill;
  ctx.fill();
  ctx.strokeStyle = theme.accent;
  ctx.lineWidth = 5;
  ctx.stroke();
}
