// rasd's own page behaviour: link map places to table rows and events to their evidence.
// Data reaches the page only as escaped text and attributes; this script reads attributes
// and writes with textContent and classList, never innerHTML.
"use strict";

function describePlace(point) {
  const place = point.dataset.place || "?";
  const country = point.dataset.country || "?";
  const more = Number(point.dataset.more) > 0 ? " and " + point.dataset.more + " places nearby" : "";
  return place + " (" + country + ")" + more + ": " + point.dataset.events + " events, " + point.dataset.fatalities + " killed";
}

function wireMap() {
  const info = document.getElementById("map-info");
  if (!info) return;
  const initial = info.textContent;
  document.querySelectorAll("#map a.point").forEach(function (point) {
    point.addEventListener("mouseenter", function () {
      info.textContent = describePlace(point);
      point.classList.add("active");
    });
    point.addEventListener("mouseleave", function () {
      info.textContent = initial;
      point.classList.remove("active");
    });
  });
}

function wireArticle() {
  const items = document.querySelectorAll(".event-list li[data-event]");
  const marks = document.querySelectorAll("mark.evidence");
  function show(number, on) {
    marks.forEach(function (mark) {
      if (mark.dataset.events.split(" ").indexOf(number) >= 0) mark.classList.toggle("active", on);
    });
    items.forEach(function (item) {
      if (item.dataset.event === number) item.classList.toggle("active", on);
    });
  }
  items.forEach(function (item) {
    item.addEventListener("mouseenter", function () { show(item.dataset.event, true); });
    item.addEventListener("mouseleave", function () { show(item.dataset.event, false); });
  });
  marks.forEach(function (mark) {
    mark.addEventListener("mouseenter", function () { mark.dataset.events.split(" ").forEach(function (n) { show(n, true); }); });
    mark.addEventListener("mouseleave", function () { mark.dataset.events.split(" ").forEach(function (n) { show(n, false); }); });
  });
}

document.addEventListener("DOMContentLoaded", function () {
  wireMap();
  wireArticle();
});
