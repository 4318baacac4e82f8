// Optional helper: once a postcode is typed, pre-select the home municipality this site has most
// often registered with it, unless the worker has already chosen one by hand.
for (const box of document.querySelectorAll("[data-municipality-suggest]")) {
  const postcode = document.getElementById(box.dataset.postcode);
  const select = document.getElementById(box.dataset.select);
  let chosenByHand = false;
  select.addEventListener("change", (event) => { if (event.isTrusted) chosenByHand = true; });
  postcode.addEventListener("input", async () => {
    const code = postcode.value.trim();
    if (chosenByHand || !/^\d{5}$/.test(code)) return;
    const url = new URL(box.dataset.url, window.location.href);
    url.searchParams.set("postcode", code);
    try {
      const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      const { municipality } = response.ok ? await response.json() : {};
      if (municipality && [...select.options].some((option) => option.value === municipality)) {
        select.value = municipality;
      }
    } catch {
      // The suggestion is only a convenience; the worker can still choose.
    }
  });
}
