// Interactive API reference (Swagger UI, served from static/vendor/).
document.addEventListener("DOMContentLoaded", function () {
  var host = document.getElementById("swagger-ui");
  if (!host || !window.SwaggerUIBundle) { return; }
  window.SwaggerUIBundle({
    url: host.getAttribute("data-spec-url"),
    domNode: host,
    deepLinking: true,
    defaultModelsExpandDepth: 0,
  });
});
