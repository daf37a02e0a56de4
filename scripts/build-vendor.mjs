// Copies the front-end libraries the site serves itself into static/vendor/ (git-ignored) and
// derives a light world outline and country centroids from world-atlas, so the partner map
// never needs a tile server or a CDN. Run by `make install` after `npm ci`.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const modules = join(root, "node_modules");
const out = join(root, "static", "vendor");

// Leaflet: script (with the source map its last line names: collectstatic's manifest storage
// follows that reference and fails if the file is missing), stylesheet and marker images.
const leafletOut = join(out, "leaflet");
mkdirSync(join(leafletOut, "images"), { recursive: true });
for (const file of ["leaflet.js", "leaflet.js.map", "leaflet.css", "LICENSE"]) {
  const source = file === "LICENSE" ? join(modules, "leaflet", file) : join(modules, "leaflet", "dist", file);
  copyFileSync(source, join(leafletOut, file));
}
for (const image of ["marker-icon.png", "marker-icon-2x.png", "marker-shadow.png", "layers.png", "layers-2x.png"]) {
  copyFileSync(join(modules, "leaflet", "dist", "images", image), join(leafletOut, "images", image));
}

// World outline: Natural Earth 1:110m land, coordinates rounded to 0.1 degree (a few KB).
const round = (value) => Math.round(value * 10) / 10;
const roundCoords = (coords) => (typeof coords[0] === "number" ? coords.map(round) : coords.map(roundCoords));
const land = JSON.parse(readFileSync(join(modules, "world-atlas", "land-110m.json"), "utf8"));
const landGeo = feature(land, land.objects.land);
for (const f of landGeo.features) f.geometry.coordinates = roundCoords(f.geometry.coordinates);
const geoOut = join(out, "world");
mkdirSync(geoOut, { recursive: true });
writeFileSync(join(geoOut, "land-110m.geojson"), JSON.stringify(landGeo));

// Country centroids keyed by ISO 3166-1 numeric (= UN M49) code: the area-weighted centroid of
// each country's largest polygon, so overseas territories do not pull a marker into the sea.
function ringCentroid(input) {
  // Rings crossing the antimeridian (Fiji, Russia) are unwrapped to 0..360 first.
  const lngs = input.map((p) => p[0]);
  const wraps = Math.max(...lngs) - Math.min(...lngs) > 180;
  const ring = wraps ? input.map(([x, y]) => [x < 0 ? x + 360 : x, y]) : input;
  let area = 0, x = 0, y = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
    area += cross;
    x += (ring[j][0] + ring[i][0]) * cross;
    y += (ring[j][1] + ring[i][1]) * cross;
  }
  if (!area) return { area: 0, lng: ring[0][0], lat: ring[0][1] };
  let lng = x / (3 * area);
  if (lng > 180) lng -= 360;
  return { area: Math.abs(area / 2), lng, lat: y / (3 * area) };
}
const countries = JSON.parse(readFileSync(join(modules, "world-atlas", "countries-110m.json"), "utf8"));
const centroids = {};
for (const f of feature(countries, countries.objects.countries).features) {
  if (!f.id || !f.geometry) continue;
  const polygons = f.geometry.type === "Polygon" ? [f.geometry.coordinates] : f.geometry.coordinates;
  const best = polygons.map((p) => ringCentroid(p[0])).sort((a, b) => b.area - a.area)[0];
  centroids[f.id] = [Math.round(best.lat * 100) / 100, Math.round(best.lng * 100) / 100];
}
writeFileSync(join(geoOut, "centroids.json"), JSON.stringify(centroids));
console.log(`static/vendor: leaflet, world outline, ${Object.keys(centroids).length} country centroids`);
