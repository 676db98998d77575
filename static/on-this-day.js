// "On this day" on the home page: articles published on today's month and
// day in earlier years, read from the archive's day file in the reader's
// own time zone, so the box stays right however long ago the site was
// built. No articles, no box.
(function () {
  "use strict";
  var box = document.getElementById("on-this-day");
  if (!box || !window.fetch) return;
  var SHOWN = 5;
  var BEFORE_MONTH = [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335]; // days of a leap year
  var today = new Date();
  var month = today.getMonth() + 1, day = today.getDate(), year = today.getFullYear();
  // The page says which days have a file: one bit per day of a leap year.
  var slot = BEFORE_MONTH[month - 1] + day - 1;
  var days = box.getAttribute("data-days") || "";
  if (!(parseInt(days.charAt(slot >> 2) || "0", 16) & (8 >> (slot & 3)))) return;
  var pad = function (n) { return (n < 10 ? "0" : "") + n; };
  fetch(box.getAttribute("data-folder") + pad(month) + "-" + pad(day) + ".json")
    .then(function (response) { return response.ok ? response.json() : []; })
    .then(function (entries) {
      var earlier = entries.filter(function (e) { return e.year < year; }).slice(0, SHOWN);
      if (!earlier.length) return;
      var list = box.querySelector("ul");
      earlier.forEach(function (e) {
        var item = document.createElement("li");
        var when = document.createElement("span");
        when.className = "year";
        when.textContent = e.year;
        var link = document.createElement("a");
        link.href = e.url;
        link.textContent = e.title;
        item.appendChild(when);
        item.appendChild(document.createTextNode(" "));
        item.appendChild(link);
        list.appendChild(item);
      });
      box.hidden = false;
    })
    .catch(function () { /* no box rather than a broken one */ });
})();
