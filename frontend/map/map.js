// The location map (Leaflet, bundled; tiles from ADUAN_TILE_URL): progressive enhancement.
// The server draws the map container only when a tile server is configured; without this
// script or without tiles the latitude/longitude inputs are plain fields and still work.
// A picker (data-pick) writes the clicked or dragged point into the two inputs and moves the
// marker when coordinates are typed; a display map (no data-pick) shows one marker.
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import iconUrl from 'leaflet/dist/images/marker-icon.png';
import iconRetinaUrl from 'leaflet/dist/images/marker-icon-2x.png';
import shadowUrl from 'leaflet/dist/images/marker-shadow.png';

// The bundled images sit next to this script, wherever the static files are served from.
const base = document.currentScript ? document.currentScript.src : document.baseURI;
const asset = (name) => new URL(name, base).href;
L.Icon.Default.mergeOptions({
  iconUrl: asset(iconUrl), iconRetinaUrl: asset(iconRetinaUrl), shadowUrl: asset(shadowUrl)
});
delete L.Icon.Default.prototype._getIconUrl; // use the URLs above, not the CSS probe

const DECIMALS = 6;

function number(input) {
  const value = Number.parseFloat((input.value || '').replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}

function validPoint(lat, lon) {
  return lat !== null && lon !== null && Math.abs(lat) <= 90 && Math.abs(lon) <= 180;
}

function baseMap(element) {
  const map = L.map(element, { scrollWheelZoom: false });
  L.tileLayer(element.dataset.tiles, {
    maxZoom: 19, attribution: element.dataset.attribution || ''
  }).addTo(map);
  return map;
}

function picker(element) {
  const lat = document.getElementById(element.dataset.lat);
  const lon = document.getElementById(element.dataset.lon);
  if (!lat || !lon) return;
  const map = baseMap(element);
  let marker = null;
  const place = (point) => {
    if (marker) marker.setLatLng(point);
    else {
      marker = L.marker(point, { draggable: true, keyboard: true, title: element.dataset.markerTitle || '' }).addTo(map);
      marker.on('dragend', () => fill(marker.getLatLng()));
    }
  };
  const fill = (point) => {
    lat.value = point.lat.toFixed(DECIMALS);
    lon.value = L.Util.wrapNum(point.lng, [-180, 180], true).toFixed(DECIMALS);
  };
  map.on('click', (event) => { place(event.latlng); fill(event.latlng); });
  const typed = () => {
    const point = [number(lat), number(lon)];
    if (!validPoint(point[0], point[1])) return;
    place(point);
    map.panTo(point);
  };
  lat.addEventListener('change', typed);
  lon.addEventListener('change', typed);
  const start = [number(lat), number(lon)];
  if (validPoint(start[0], start[1])) {
    map.setView(start, 16);
    place(start);
  } else {
    map.setView([Number(element.dataset.centerLat), Number(element.dataset.centerLon)],
      Number(element.dataset.zoom || 5));
  }
}

function display(element) {
  const point = [Number(element.dataset.pointLat), Number(element.dataset.pointLon)];
  if (!validPoint(point[0], point[1])) return;
  const map = baseMap(element);
  map.setView(point, 16);
  L.marker(point, { title: element.dataset.markerTitle || '' }).addTo(map);
}

document.querySelectorAll('.location-map').forEach((element) => {
  const box = element.closest('.map-box');
  if (box) box.hidden = false; // shown only once the script runs
  if (element.dataset.pick !== undefined) picker(element);
  else display(element);
});
