// "Works near me": a button that asks the browser for its position and sends it with the
// form (the hidden lat and lon fields). Without this script, or if the position is refused,
// the address field does the same. Its words come from the page.
(() => {
  "use strict";
  const start = () => {
    const button = document.getElementById("near-position");
    const form = document.getElementById("near-form");
    if (!button || !form || !("geolocation" in navigator)) {
      return;
    }
    const status = document.getElementById("near-status");
    button.hidden = false;
    button.addEventListener("click", () => {
      navigator.geolocation.getCurrentPosition(
        (position) => {
          form.elements.lat.value = position.coords.latitude.toFixed(6);
          form.elements.lon.value = position.coords.longitude.toFixed(6);
          form.elements.address.value = "";
          form.submit();
        },
        () => {
          status.textContent = button.dataset.error;
        },
        { timeout: 10000, maximumAge: 60000 },
      );
    });
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
