/* Starts Swagger UI (vendored in swagger-ui/) on the API documentation page, with the settings the server
   wrote as JSON in the page: no inline script, so the page runs under a Content-Security-Policy with
   script-src 'self'. Without JavaScript the page keeps its link to the OpenAPI schema. */
(function () {
    "use strict";
    var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
    settings.dom_id = "#swagger-ui";
    settings.presets = [window.SwaggerUIBundle.presets.apis];
    window.SwaggerUIBundle(settings);
})();
