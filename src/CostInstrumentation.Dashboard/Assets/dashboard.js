// Progressive enhancement only: every page works without it. On the Live page, the [data-live] region is reloaded in
// place every N seconds (same origin, so the Content-Security-Policy 'self' allows it) instead of the noscript meta refresh.
"use strict";
(function () {
  const region = document.querySelector("[data-live]");
  if (!region) {
    return;
  }

  const seconds = Number(region.getAttribute("data-live")) || 5;
  async function refresh() {
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
      setTimeout(refresh, seconds * 1000);
    }
  }

  setTimeout(refresh, seconds * 1000);
})();
