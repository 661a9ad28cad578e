// Reads the fleet like the console and renders every row with plain DOM calls; records
// navigation → table rendered (ms) in window.floorResult for the benchmark to read.
(async function () {
  const reply = await fetch("/sc_cloud/scapi/get-devs?id=0&module=0").then((r) => r.json());
  const started = performance.now();
  const body = document.querySelector("#fleet tbody");
  const rows = document.createDocumentFragment();
  for (const d of reply.devs || []) {
    const s = d.status || {};
    const tr = document.createElement("tr");
    for (const text of [
      d.sn, s.name, s["module-name"], s["product-id"], s["hardware-ver"], s["firmware-ver"],
      d["online-date"] > 0 ? "online" : "offline", d["dev-warning"] & 1 ? "no signal" : "",
      d["catalog-id"], d["is-upload-file"] ? "receiving firmware" : "—",
    ]) {
      const td = document.createElement("td");
      td.textContent = String(text ?? "");
      tr.appendChild(td);
    }
    rows.appendChild(tr);
  }
  body.appendChild(rows);
  document.body.offsetHeight; // force layout, as a visible table would
  window.floorResult = { ready: performance.now(), render: performance.now() - started, rows: body.rows.length };
})();
