// Progressive enhancement of the partner directory: on request, draws the listed partners on a
// light, self-hosted world outline. Leaflet and the outline cost more than the rest of the page,
// so nothing of them loads until the visitor presses "Show map" (issue 14). Without JavaScript
// the button stays hidden and the list below is the directory.
(function () {
  "use strict";
  var element = document.getElementById("partner-map");
  var button = document.getElementById("partner-map-button");
  var status = document.getElementById("partner-map-status");
  if (!element || !button || !window.fetch || !window.Promise) return;

  var getJSON = function (url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    });
  };

  // Leaflet's stylesheet and script, added to the page once; resolves when the script has run.
  var loadLeaflet = function () {
    if (window.L) return Promise.resolve(window.L);
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = element.dataset.leafletCss;
    document.head.appendChild(css);
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = element.dataset.leafletJs;
      script.onload = function () { window.L ? resolve(window.L) : reject(new Error("Leaflet")); };
      script.onerror = reject;
      document.head.appendChild(script);
    });
  };

  var draw = function (L, points, outline, centroids) {
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
  };

  var setExpanded = function (expanded) {
    button.setAttribute("aria-expanded", expanded ? "true" : "false");
    button.textContent = expanded ? button.dataset.hide : button.dataset.show;
  };

  var loading = null;
  var show = function () {
    if (loading) return loading;
    button.disabled = true;
    status.textContent = button.dataset.loading;
    var outline = element.dataset.tiles ? Promise.resolve(null) : getJSON(element.dataset.outline);
    loading = Promise.all([
      loadLeaflet(),
      getJSON(element.dataset.points),
      outline,
      getJSON(element.dataset.centroids),
    ]).then(function (results) {
      draw(results[0], results[1].partners, results[2], results[3]);
      status.textContent = "";
      setExpanded(true);
    }).catch(function () {
      element.hidden = true; // the list stays the directory
      status.textContent = button.dataset.failed;
      loading = null; // a later press tries again
    }).then(function () {
      button.disabled = false;
    });
    return loading;
  };

  button.hidden = false;
  button.addEventListener("click", function () {
    if (button.getAttribute("aria-expanded") === "true") {
      element.hidden = true;
      setExpanded(false);
    } else if (element.classList.contains("leaflet-container")) {
      element.hidden = false;
      setExpanded(true);
    } else {
      show();
    }
  });
})();
