// Progressive enhancement only: every page works without it. On the Live page the [data-live] region is reloaded in
// place (same origin, so the Content-Security-Policy 'self' allows it) instead of the noscript meta refresh: when the
// API's event stream (data-events) announces a new call or alert, or every data-live seconds if there is no stream.
"use strict";
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
