// Starts the vendored Swagger UI on /api/v1/docs with the settings the page carries as JSON
// (no inline script, so the site's Content-Security-Policy holds). Requests made from the page
// with the session cookie send the CSRF token, as every other write of the site does.
(function () {
  "use strict";
  var settings = JSON.parse(document.getElementById("swagger-settings").textContent);
  var csrf = document.body.getAttribute("data-csrf-token");
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis];
  settings.requestInterceptor = function (request) {
    if (csrf) {
      request.headers["X-CSRFToken"] = csrf;
    }
    return request;
  };
  window.ui = SwaggerUIBundle(settings);
})();
