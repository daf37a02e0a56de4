// Progressive enhancement of the partner directory: draws the listed partners on a light,
// self-hosted world outline. Without JavaScript (or Leaflet) the list below is the directory.
(function () {
  "use strict";
  var element = document.getElementById("partner-map");
  if (!element || !window.L || !window.fetch) return;
  var getJSON = function (url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  };
  Promise.all([
    getJSON(element.dataset.points),
    getJSON(element.dataset.outline),
    getJSON(element.dataset.centroids),
  ]).then(function (results) {
    var points = results[0].partners, outline = results[1], centroids = results[2];
    element.hidden = false;
    var map = L.map(element, { worldCopyJump: true, minZoom: 1, maxZoom: 8 }).setView([15, 10], 1);
    if (element.dataset.tiles) {
      L.tileLayer(element.dataset.tiles, { attribution: element.dataset.tilesAttribution || "" }).addTo(map);
    } else {
      L.geoJSON(outline, {
        interactive: false,
        style: { color: "#7a9a8a", weight: 0.6, fillColor: "#f3f6f4", fillOpacity: 1 },
      }).addTo(map);
    }
    var bounds = [];
    points.forEach(function (point, index) {
      var position = point.lat != null && point.lng != null ? [point.lat, point.lng] : centroids[point.m49];
      if (!position) return;
      // Spread partners of the same country a little so each marker can be reached.
      var offset = point.lat != null ? 0 : (index % 7) * 0.35;
      var latlng = [position[0] + offset / 2, position[1] + offset];
      var marker = L.circleMarker(latlng, { radius: 6, color: "#07503a", fillColor: "#0b6e4f", fillOpacity: 0.85, weight: 1 });
      var link = document.createElement("a");
      link.href = point.url;
      link.textContent = point.name;
      var popup = document.createElement("div");
      popup.appendChild(link);
      var meta = document.createElement("div");
      meta.textContent = [point.type, point.country].filter(Boolean).join(" · ");
      popup.appendChild(meta);
      marker.bindPopup(popup).addTo(map);
      bounds.push(latlng);
    });
    if (bounds.length) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 4 });
  }).catch(function () {
    element.hidden = true; // the list stays the directory
  });
})();
