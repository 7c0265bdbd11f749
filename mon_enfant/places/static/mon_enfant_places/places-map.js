/* The services map: draws, with django-leaflet's L.Map.djangoMap, the places the list below shows (the list
   is the map's accessible equivalent and works without this script). Data come from json_script blocks
   (no inline script: strict CSP); popups are built from DOM nodes, never from HTML strings. */
(function () {
  "use strict";

  var FRANCE = [46.6, 2.4];

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function popup(item, labels) {
    var box = element("div", "mon-enfant-places__popup");
    box.appendChild(element("p", "mon-enfant-places__popup-name", item.name));
    box.appendChild(element("p", "mon-enfant-places__popup-category",
      item.distance ? item.category + " · " + item.distance : item.category));
    if (item.address) box.appendChild(element("p", null, item.address));
    if (item.status) box.appendChild(element("p", null, item.status));
    var link = element("a", null, labels.details);
    link.href = "#" + item.id;
    link.addEventListener("click", function () {
      var card = document.getElementById(item.id);
      if (card) {
        card.setAttribute("tabindex", "-1");
        card.focus();
      }
    });
    box.appendChild(link);
    return box;
  }

  function marker(item, labels) {
    var pin = element("span", "mon-enfant-places__pin");
    pin.style.backgroundColor = item.colour;  // CSSOM, which a strict style-src allows
    var icon = L.divIcon({className: "mon-enfant-places__marker", html: pin, iconSize: [26, 26],
      iconAnchor: [13, 13], popupAnchor: [0, -13]});
    var result = L.marker([item.lat, item.lon], {icon: icon, title: item.name, alt: item.name, keyboard: true});
    result.bindPopup(popup(item, labels));
    result.on("add", function () {
      var node = result.getElement();
      if (!node) return;
      node.setAttribute("aria-label", item.name + " (" + item.category + ")");
      // A button opens with Space as with Enter (Leaflet only listens for Enter).
      node.addEventListener("keydown", function (event) {
        if (event.key === " ") {
          event.preventDefault();
          result.openPopup();
        }
      });
    });
    // Leaflet closes a popup on Escape only while the map itself has the focus: inside the popup too.
    function closeOnEscape(event) {
      if (event.key === "Escape") {
        event.preventDefault();
        result.closePopup();
      }
    }
    result.on("popupopen", function (event) {
      var box = event.popup.getElement();
      box.addEventListener("keydown", closeOnEscape);  // the same listener, added once however often it opens
      var close = box.querySelector(".leaflet-popup-close-button");
      if (close) close.setAttribute("aria-label", labels.close);  // Leaflet's own label is English
      var link = box.querySelector(".mon-enfant-places__popup a");
      if (link) link.focus();
    });
    result.on("popupclose", function (event) {
      // The popup fades out before it leaves the page: the focus may still be in it, not yet on the body.
      var node = result.getElement();
      var box = event.popup.getElement();
      var active = document.activeElement;
      if (node && (active === document.body || (box && box.contains(active)))) node.focus();
    });
    return result;
  }

  function draw(container) {
    var options = JSON.parse(document.getElementById(container.dataset.placesOptions).textContent);
    var places = JSON.parse(document.getElementById(container.dataset.placesData).textContent);
    container.hidden = false;
    L.Map.djangoMap(container.id, {
      djoptions: options,
      globals: false,
      callback: function (map) {
        if (map.zoomControl) {  // Leaflet's own titles are English
          [[map.zoomControl._zoomInButton, options.labels.zoomIn], [map.zoomControl._zoomOutButton, options.labels.zoomOut]]
            .forEach(function (pair) {
              if (pair[0]) {
                pair[0].title = pair[1];
                pair[0].setAttribute("aria-label", pair[1]);
              }
            });
        }
        var markers = places.map(function (item) { return marker(item, options.labels); });
        markers.forEach(function (item) { item.addTo(map); });
        if (markers.length && (options.fitextent || !options.center)) {
          map.fitBounds(L.featureGroup(markers).getBounds(), {padding: [30, 30], maxZoom: 16});
        } else if (!options.center) {
          map.setView(FRANCE, 5);
        }
      }
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-places-map]"), draw);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
