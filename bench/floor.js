// The console's fleet job in plain JavaScript, for the benchmark's honest floor: read
// get-devs (10,000 devices), parse, render a window of rows (40 px, 12 rows of overscan, as
// the console does), filter on each keystroke, select all devices of the selection's batch
// key among those shown. Each step is measured like the console's own marks: from the
// gesture (or navigation) until the DOM is updated, the end taken in a zero-delay timeout.
(async function () {
  const ROW = 40, OVERSCAN = 12;
  const body = document.querySelector("#fleet tbody");
  const scroll = document.getElementById("scroll");
  const counts = document.getElementById("counts");
  const measureAfterRender = (name, fromNavigation) =>
    setTimeout(() => fromNavigation ? performance.measure(name) : performance.measure(name, name + ":start"), 0);

  const reply = await fetch("/sc_cloud/scapi/get-devs?id=0&module=0").then((r) => r.json());
  const devices = (reply.devs || []).map((d) => {
    const s = d.status || {};
    return {
      sn: d.sn, name: s.name || "", family: s["module-name"] || "", model: s["product-id"],
      hardware: s["hardware-ver"], firmware: s["firmware-ver"], online: d["online-date"] > 0,
      warning: d["dev-warning"] & 1 ? "no signal" : "", group: d["catalog-id"],
      activity: d["is-upload-file"] ? "receiving firmware" : "—",
      key: d.module + "/" + s["product-id"] + "/" + s["hardware-ver"],
      search: (d.sn + " " + (s.name || "")).toLowerCase(),
    };
  });
  devices.sort((a, b) => (a.sn < b.sn ? -1 : a.sn > b.sn ? 1 : 0));
  let shown = devices;
  const selected = new Set();
  let batchKey = null;

  function render() {
    const first = Math.max(0, Math.floor(scroll.scrollTop / ROW) - OVERSCAN);
    const end = Math.min(shown.length, Math.ceil((scroll.scrollTop + 640) / ROW) + OVERSCAN);
    const rows = document.createDocumentFragment();
    const spacer = (h) => { const tr = document.createElement("tr"); tr.style.height = h + "px"; return tr; };
    rows.appendChild(spacer(first * ROW));
    for (let i = first; i < end; i++) {
      const d = shown[i];
      const tr = document.createElement("tr");
      tr.className = "row";
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = selected.has(d.sn);
      box.disabled = batchKey !== null && batchKey !== d.key;
      box.onchange = () => {
        if (box.checked) { selected.add(d.sn); batchKey = d.key; } else { selected.delete(d.sn); if (!selected.size) batchKey = null; }
        render();
      };
      const cell = document.createElement("td");
      cell.appendChild(box);
      tr.appendChild(cell);
      for (const text of [d.sn, d.name, d.family, d.model, d.hardware, d.firmware,
        d.online ? "online" : "offline", d.warning, d.group, d.activity]) {
        const td = document.createElement("td");
        td.textContent = String(text ?? "");
        tr.appendChild(td);
      }
      rows.appendChild(tr);
    }
    rows.appendChild(spacer((shown.length - end) * ROW));
    body.replaceChildren(rows);
    counts.textContent = devices.length + " devices · " + shown.length + " shown · " + selected.size + " selected";
  }

  scroll.addEventListener("scroll", render);
  document.getElementById("search").addEventListener("input", (ev) => {
    performance.mark("filter:start");
    const needle = ev.target.value.trim().toLowerCase();
    shown = needle ? devices.filter((d) => d.search.includes(needle)) : devices;
    render();
    measureAfterRender("filter", false);
  });
  document.getElementById("select-all").addEventListener("click", () => {
    performance.mark("select-all:start");
    if (batchKey !== null) {
      for (const d of shown) if (d.key === batchKey) selected.add(d.sn);
    }
    render();
    measureAfterRender("select-all", false);
  });
  render();
  measureAfterRender("fleet-ready", true);
})();
