/* The admin's point picker (see mon_enfant/places/panels.py): a click on the map or a drag of the marker fills
   the latitude and longitude fields; typing in them moves the marker. */
(function () {
  "use strict";

  var FRANCE = [46.6, 2.4];

  function picker(container) {
    var latitude = document.getElementById(container.dataset.latitude);
    var longitude = document.getElementById(container.dataset.longitude);
    var options = JSON.parse(document.getElementById(container.dataset.options).textContent);
    if (!latitude || !longitude || container._picker) return;
    container._picker = true;
    container.hidden = false;
    container.style.height = "320px";
    var map = L.map(container);
    var layer = (options.layers || [])[0];
    if (layer) L.tileLayer(layer[1], layer[2] || {}).addTo(map);
    var marker = null;

    function read() {
      var lat = parseFloat(latitude.value.replace(",", ".")), lon = parseFloat(longitude.value.replace(",", "."));
      return isNaN(lat) || isNaN(lon) ? null : [lat, lon];
    }

    function write(point) {
      latitude.value = point.lat.toFixed(6);
      longitude.value = point.lng.toFixed(6);
    }

    function place(point) {
      if (marker) marker.setLatLng(point);
      else {
        marker = L.marker(point, {draggable: true, keyboard: false}).addTo(map);
        marker.on("dragend", function () { write(marker.getLatLng()); });
      }
    }

    var start = read();
    if (start) { place(start); map.setView(start, 17); }
    else if (options.center) map.setView(options.center, options.zoom || 14);
    else map.setView(FRANCE, 5);
    map.on("click", function (event) { place(event.latlng); write(event.latlng); });
    [latitude, longitude].forEach(function (input) {
      input.addEventListener("change", function () {
        var point = read();
        if (point) { place(point); map.panTo(point); }
      });
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-point-picker]"), picker);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
