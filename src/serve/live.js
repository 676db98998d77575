// Injected by `gazette serve` (never by `gazette build`): reloads the page
// after every good rebuild and shows a failed one over the page.
(function () {
  "use strict";
  var source = new EventSource("/__gazette/events");
  source.addEventListener("reload", function () {
    location.reload();
  });
  source.addEventListener("build-error", function (event) {
    var box = document.getElementById("gazette-error");
    if (!box) {
      box = document.createElement("div");
      box.id = "gazette-error";
      box.setAttribute("role", "alert");
      box.style.cssText =
        "position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:2rem;" +
        "background:rgba(20,20,20,.94);color:#fff;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = "gazette: the last rebuild failed\n\n" + event.data + "\n\nFix the file and save: this page reloads by itself.";
  });
})();
