// The maps of core/_map.html, drawn with Leaflet (served from its pinned package). Without
// this script the page shows the list that follows each map; with it, the map is shown and
// asks the server for the points or clusters of what it shows each time it moves.
// Every word comes from the page's data attributes, in the page's language.
(() => {
  "use strict";

  // Cells per tile side, as the server counts them (core/maps.py CELLS_PER_TILE): the box
  // asked for is snapped to that grid, so a map moved a little asks the same question.
  const CELLS_PER_TILE = 4;

  const snapped = (bounds, zoom) => {
    const size = 360 / 2 ** zoom / CELLS_PER_TILE;
    const down = (value, low) => Math.max(low, Math.floor(value / size) * size);
    const up = (value, high) => Math.min(high, Math.ceil(value / size) * size);
    const digits = (value) => String(Number(value.toFixed(7)));
    return [
      down(bounds.getWest(), -180),
      down(bounds.getSouth(), -90),
      up(bounds.getEast(), 180),
      up(bounds.getNorth(), 90),
    ]
      .map(digits)
      .join(",");
  };

  const popupContent = (properties) => {
    const link = document.createElement("a");
    link.href = properties.url;
    link.textContent = properties.title;
    return link;
  };

  const draw = (element) => {
    const data = element.dataset;
    const [west, south, east, north] = data.mapBounds.split(",").map(Number);
    const townBounds = L.latLngBounds([south, west], [north, east]);
    element.hidden = false;
    element.setAttribute("role", "region");
    element.setAttribute("aria-label", data.mapLabel);
    const status = document.getElementById(`${element.id}-status`);

    const map = L.map(element, {
      maxBounds: townBounds.pad(0.5),
      maxZoom: Number(data.mapMaxZoom),
      zoomControl: false,
    });
    L.control.zoom({ zoomInTitle: data.mapZoomIn, zoomOutTitle: data.mapZoomOut }).addTo(map);
    L.tileLayer(data.mapTiles, {
      attribution: data.mapAttribution,
      maxZoom: Number(data.mapMaxZoom),
    }).addTo(map);
    map.attributionControl.setPrefix(false);

    const icon = L.icon({
      iconUrl: data.mapIcon,
      iconRetinaUrl: data.mapIcon2x,
      shadowUrl: data.mapShadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      popupAnchor: [1, -34],
      shadowSize: [41, 41],
    });
    const markers = L.layerGroup().addTo(map);
    let asked = "";
    let controller = null;

    const show = (collection) => {
      markers.clearLayers();
      for (const feature of collection.features) {
        const properties = feature.properties;
        // A feature with a geometry of its own (a line) is drawn as it is, and pinned at its
        // position, which is what the keyboard reaches.
        if (feature.geometry.type === "LineString") {
          const line = feature.geometry.coordinates.map(([lineLon, lineLat]) => [lineLat, lineLon]);
          markers.addLayer(L.polyline(line, { className: "map__line", interactive: false }));
        }
        const [lon, lat] = properties.position || feature.geometry.coordinates;
        if (properties.kind === "cluster") {
          const label = data.mapCluster.replace("{count}", String(properties.count));
          const size = properties.count < 100 ? 36 : properties.count < 1000 ? 44 : 52;
          const marker = L.marker([lat, lon], {
            title: label,
            icon: L.divIcon({
              className: "map__cluster map__marker",
              html: "",
              iconSize: [size, size],
            }),
          });
          marker.on("add", () => {
            const node = marker.getElement();
            node.textContent = String(properties.count);
            node.setAttribute("aria-label", label);
          });
          marker.on("click", () => map.setView([lat, lon], Math.min(map.getZoom() + 2, map.getMaxZoom())));
          markers.addLayer(marker);
        } else {
          const marker = L.marker([lat, lon], { icon, title: properties.title, alt: properties.title });
          marker.bindPopup(() => popupContent(properties));
          marker.on("add", () => marker.getElement().classList.add("map__marker"));
          marker.on("popupopen", (event) => {
            const link = event.popup.getElement().querySelector(".leaflet-popup-content a");
            if (link) {
              link.focus();
            }
          });
          markers.addLayer(marker);
        }
      }
    };

    const load = () => {
      const zoom = map.getZoom();
      const question = `bbox=${snapped(map.getBounds(), zoom)}&zoom=${zoom}`;
      if (question === asked) {
        return;
      }
      asked = question;
      if (controller) {
        controller.abort();
      }
      controller = new AbortController();
      fetch(`${data.mapFeatures}?${question}`, { signal: controller.signal, headers: { Accept: "application/json" } })
        .then((response) => {
          if (!response.ok) {
            throw new Error(String(response.status));
          }
          return response.json();
        })
        .then((collection) => {
          show(collection);
          element.dataset.mapLoaded = question;
        })
        .catch((error) => {
          if (error.name !== "AbortError" && status) {
            status.textContent = data.mapError;
          }
        });
    };

    map.on("moveend", load);
    map.fitBounds(townBounds);
  };

  const start = () => {
    if (typeof L === "undefined") {
      return;
    }
    for (const element of document.querySelectorAll("[data-map-features]")) {
      draw(element);
    }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
