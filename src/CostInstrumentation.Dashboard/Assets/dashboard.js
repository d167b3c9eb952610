// Progressive enhancement only: every page works without it.
"use strict";

// The Overview's panels that read every call of the period (sessions, call sites and tags are not rolled up) come after
// the first paint: each [data-fragment] placeholder is replaced by the element with its id on the page it names (same
// origin, so the Content-Security-Policy 'self' allows it); without script, the placeholder's link opens that page.
(function () {
  const pages = new Map();
  for (const placeholder of document.querySelectorAll("[data-fragment]")) {
    const url = placeholder.getAttribute("data-fragment");
    if (!pages.has(url)) {
      pages.set(url, fetch(url, { headers: { Accept: "text/html" }, cache: "no-store" })
        .then(response => response.ok ? response.text() : Promise.reject(new Error(response.statusText)))
        .then(text => new DOMParser().parseFromString(text, "text/html")));
    }

    pages.get(url).then(page => {
      const fresh = page.getElementById(placeholder.id);
      if (fresh) {
        placeholder.replaceWith(document.adoptNode(fresh));
      }
    }, () => {
      // The placeholder and its link stay: the link still opens the panels.
    });
  }
})();

// On the Live page the [data-live] region is reloaded in place instead of the noscript meta refresh: when the API's
// event stream (data-events) announces a new call or alert, or every data-live seconds if there is no stream.
(function () {
  const region = document.querySelector("[data-live]");
  if (!region) {
    return;
  }

  const seconds = Number(region.getAttribute("data-live")) || 5;
  let pending = false;
  async function refresh() {
    if (pending) {
      return;
    }

    pending = true;
    try {
      const response = await fetch(location.href, { headers: { Accept: "text/html" }, cache: "no-store" });
      if (response.ok) {
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = page.querySelector("[data-live]");
        if (fresh) {
          region.replaceChildren(...fresh.childNodes);
        }
      }
    } finally {
      pending = false;
    }
  }

  function poll() {
    setInterval(refresh, seconds * 1000);
  }

  const events = region.getAttribute("data-events");
  if (events && window.EventSource) {
    const source = new EventSource(events);
    source.addEventListener("call", refresh);
    source.addEventListener("alert", refresh);
    source.addEventListener("error", () => {
      if (source.readyState === EventSource.CLOSED) {
        poll();
      }
    });
  } else {
    poll();
  }
})();
