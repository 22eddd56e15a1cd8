// Starts Swagger UI on the page's #swagger-ui element, reading this server's OpenAPI schema.
(function () {
  "use strict";
  window.addEventListener("load", function () {
    window.ui = window.SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
  });
})();
