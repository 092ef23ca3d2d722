// A pin on a map (core/_pin_map.html, `{% pin_map %}`). In a form (a report's place, a
// suggestion's) it chooses the position: a tap or click on the map puts the pin there,
// dragging moves it, and with the keyboard the pin (reached with Tab) moves with the arrow
// keys; each move fills the form's latitude and longitude fields, which remain, with the
// address, the way without JavaScript. On a page (no fields named) it only shows where the
// thing is. Its words come from the element's data attributes (no inline script: strict CSP).
(() => {
  "use strict";

  // How far an arrow key moves the pin, in screen pixels (a tenth with Shift).
  const STEP = 20;

  const draw = (element) => {
    const data = element.dataset;
    const [west, south, east, north] = data.pinBounds.split(",").map(Number);
    const townBounds = L.latLngBounds([south, west], [north, east]);
    const latField = data.pinLat ? document.getElementById(data.pinLat) : null;
    const lonField = data.pinLon ? document.getElementById(data.pinLon) : null;
    const editable = Boolean(latField && lonField);
    element.hidden = false;
    element.setAttribute("role", "region");
    element.setAttribute("aria-label", data.pinLabel);
    const status = document.getElementById(`${element.id}-status`);

    const map = L.map(element, { maxBounds: townBounds.pad(0.5), maxZoom: Number(data.pinMaxZoom) });
    L.tileLayer(data.pinTiles, { attribution: data.pinAttribution, maxZoom: Number(data.pinMaxZoom) }).addTo(map);
    map.attributionControl.setPrefix(false);
    const icon = L.icon({
      iconUrl: data.pinIcon,
      iconRetinaUrl: data.pinIcon2x,
      shadowUrl: data.pinShadow,
      iconSize: [25, 41],
      iconAnchor: [12, 41],
      shadowSize: [41, 41],
    });

    const given = (field) => (field && field.value.trim() !== "" ? Number(field.value) : NaN);
    const start = data.pinAt
      ? data.pinAt.split(",").map(Number)
      : [given(latField), given(lonField)];
    const placed = Number.isFinite(start[0]) && Number.isFinite(start[1]);
    const marker = L.marker(placed ? start : townBounds.getCenter(), {
      icon,
      title: data.pinTitle,
      alt: data.pinTitle,
      draggable: editable,
      keyboard: editable,
      opacity: placed || !editable ? 1 : 0.6,
    });

    const fill = (latlng) => {
      marker.setLatLng(latlng);
      marker.setOpacity(1);
      latField.value = latlng.lat.toFixed(6);
      lonField.value = latlng.lng.toFixed(6);
      latField.dispatchEvent(new Event("change", { bubbles: true }));
      if (status) {
        status.textContent = data.pinPlaced.replace("{lat}", latField.value).replace("{lon}", lonField.value);
      }
    };

    if (editable) {
      map.on("click", (event) => fill(event.latlng));
      marker.on("dragend", () => fill(marker.getLatLng()));
      marker.on("add", () => {
        const node = marker.getElement();
        node.classList.add("map__marker");
        node.setAttribute("role", "button");
        node.setAttribute("aria-label", data.pinTitle);
        node.addEventListener("keydown", (event) => {
          const moves = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] };
          const move = moves[event.key];
          if (!move && event.key !== "Enter" && event.key !== " ") {
            return;
          }
          event.preventDefault();
          event.stopPropagation();
          const step = event.shiftKey ? STEP / 10 : STEP;
          const point = map.latLngToContainerPoint(marker.getLatLng());
          const to = move ? point.add([move[0] * step, move[1] * step]) : point;
          fill(map.containerPointToLatLng(to));
          if (move) {
            map.panInside(marker.getLatLng());
          }
        });
      });
    }
    marker.addTo(map);
    if (placed) {
      map.setView(start, Number(data.pinZoom || 17));
    } else {
      map.fitBounds(townBounds);
    }
  };

  const start = () => {
    if (typeof L === "undefined") {
      return;
    }
    for (const element of document.querySelectorAll("[data-pin-bounds]")) {
      draw(element);
    }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
