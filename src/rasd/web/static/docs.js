// Start Swagger UI (from the installed swagger-ui-py package) on rasd's OpenAPI schema.
"use strict";
window.addEventListener("load", function () {
  const root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({ url: root.dataset.schema, domNode: root, deepLinking: true });
});
